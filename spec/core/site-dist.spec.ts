/**
 * Typed site narrowing: `siteDist(trace, name, NormalDist)` and `isDist` (issue 16, friction), where
 * Pyro reads `trace.nodes[name]["fn"].loc`; on both backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { isDist, siteDist } from '../../lib/core/site-dist.js';
import { LogNormalDist } from '../../lib/distributions/families/continuous/log-normal.js';
import { Normal, NormalDist } from '../../lib/distributions/families/continuous/normal.js';
import type { Distribution } from '../../lib/core/site-distribution.js';
import { IndependentDist } from '../../lib/distributions/wrappers/independent.js';
import { onBackends } from '../helpers/backends.js';

function* guide() {
  const loc = yield* param('loc', tf.tensor1d([1, 2, 3]));
  yield* plate('data', 3, function* () {
    yield* sample('z', Normal(loc, 0.5));
  });
  yield* sample('w', Normal(loc, 1).toEvent(1));
}

describe('core/site-dist', () => {
  onBackends(() => {
    describe('siteDist', () => {
      it("returns the site's distribution typed by its family, parameters readable, gradients flowing", () => {
        tf.tidy(() => {
          const dz = (loc: tf.Tensor) => siteDist(simulate(guide, { key: prngKey(0), params: { loc } })(), 'z', NormalDist);
          const z = dz(tf.tensor1d([1, 2, 3]));
          expectTypeOf(z).toEqualTypeOf<NormalDist>();
          expect(Array.from(z.loc.dataSync())).toEqual([1, 2, 3]);
          expect(z.batchShape).toEqual([3]);
          // d/dloc Σ loc² read back through the site = 2 loc
          const g = tf.grad((loc: tf.Tensor) => tf.sum(tf.square(dz(loc).loc)))(tf.tensor1d([1, 2, 3]));
          expect(Array.from(g.dataSync())).toEqual([2, 4, 6]);
        });
      });

      it('names the site and both families when the family differs, and points a .toEvent site to IndependentDist', () => {
        tf.tidy(() => {
          const trace = simulate(guide, { key: prngKey(0) })();
          expect(() => siteDist(trace, 'z', LogNormalDist)).toThrow("siteDist: the distribution is not a LogNormalDist at site 'z': it is a Normal (NormalDist). Pass its class, NormalDist.");
          expect(() => siteDist(trace, 'w', NormalDist)).toThrow(/IndependentDist\)\.base is the family's distribution/);
          expect(siteDist(trace, 'w', IndependentDist).base).toBeInstanceOf(NormalDist);
        });
      });

      it('raises MissingSite for a name that is not a sample site', () => {
        tf.tidy(() => {
          const trace = simulate(guide, { key: prngKey(0) })();
          expect(() => siteDist(trace, 'nope', NormalDist)).toThrow(IgnisError);
          expect(() => siteDist(trace, 'nope', NormalDist)).toThrow("siteDist: no sample site at site 'nope': the trace has the sites 'loc', 'data', 'z', 'w'.");
          expect(() => siteDist(trace, 'loc', NormalDist)).toThrow("'loc' is a param site");
        });
      });
    });

    describe('isDist', () => {
      it('narrows a distribution to the family with its parameters typed (not to any)', () => {
        tf.tidy(() => {
          const fn: Distribution = Normal(0, 1);
          expect(isDist(fn, LogNormalDist)).toBe(false);
          if (!isDist(fn, NormalDist)) throw new Error('expected a NormalDist');
          expectTypeOf(fn).toEqualTypeOf<NormalDist>();
          expectTypeOf(fn.loc).toEqualTypeOf<tf.Tensor>();
          expect(fn.loc.dataSync()[0]).toBe(0);
        });
      });
    });
  });
});
