/**
 * `blockPlate`, restating Pyro's `block_plate` docstring and tests/infer/test_valid_models.py
 * (test_block_plate_name_ok, test_block_plate_dim_ok, test_block_plate_missing_error).
 */
import * as tf from '@tensorflow/tfjs-core';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expect, it } from 'vitest';
import type { SampleSite } from '../../lib/core/effect.js';
import { IgnisError } from '../../lib/core/errors.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { logJoint } from '../../lib/core/log-density.js';
import { LogNormal } from '../../lib/distributions/families/continuous/log-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { blockPlate } from '../../lib/handlers/block-plate.js';
import { substitute } from '../../lib/handlers/substitute.js';
import { onBackends } from '../helpers/backends.js';
import { assertOk } from '../helpers/pyro-valid.js';

const site = (t: { sites: ReadonlyMap<string, unknown> }, name: string) => t.sites.get(name) as SampleSite;

describe('handlers/blockPlate', () => {
  onBackends(() => {
    it("restates Pyro's docstring: a global drawn inside the plate through blockPlate is the model with it drawn outside", () => {
      const data = tf.tensor1d([0.5, -1, 2]);
      function* model1(x: tf.Tensor) {
        const loc = yield* sample('loc', Normal(0, 1));
        yield* plate('data', x.shape[0], { subsampleSize: 2 }, function* (idx) {
          const scale = yield* blockPlate(
            function* () {
              return yield* sample('scale', LogNormal(0, 1));
            },
            { name: 'data' },
          )();
          yield* sample('x', Normal(loc, scale), { obs: tf.gather(x, idx) });
        });
      }
      function* model2(x: tf.Tensor) {
        const loc = yield* sample('loc', Normal(0, 1));
        const scale = yield* sample('scale', LogNormal(0, 1));
        yield* plate('data', x.shape[0], { subsampleSize: 2 }, function* (idx) {
          yield* sample('x', Normal(loc, scale), { obs: tf.gather(x, idx) });
        });
      }
      tf.tidy(() => {
        const values = { loc: tf.scalar(0.3), scale: tf.scalar(1.7) };
        const t1 = simulate(substitute(model1, values), { key: prngKey(4) })(data);
        const t2 = simulate(substitute(model2, values), { key: prngKey(4) })(data);
        const scale = site(t1, 'scale');
        expect(scale.value.shape).toEqual([]);
        expect(scale.plates).toEqual([]);
        expect(scale.scale).toBe(1); // no subsample scaling either
        // the same subsample (same key, same draw order) and the same joint log-density
        expect(logJoint(t1).dataSync()[0]!).toBeCloseTo(logJoint(t2).dataSync()[0]!, 5);
      });
      data.dispose();
    });

    it.each([
      ['name', { name: 'plate' }],
      ['dim', { dim: -1 }],
    ] as const)('test_block_plate_%s_ok: model and guide each draw one global inside the plate, blocked', (_, options) => {
      function* model() {
        const a = yield* sample('a', Normal(0, 1));
        expect(a.shape).toEqual([]);
        yield* plate('plate', 2, function* () {
          const b = yield* sample('b', Normal(0, 1));
          expect(b.shape).toEqual([2]);
          const c = yield* pipe(function* () {
            return yield* sample('c', Normal(0, 1));
          }, blockPlate(options as { readonly name: 'plate' }))();
          expect(c.shape).toEqual([]);
        });
      }
      function* guide() {
        const loc = yield* param('loc', 0);
        const c = yield* sample('c', Normal(loc, 1));
        expect(c.shape).toEqual([]);
        yield* plate('plate', 2, function* () {
          const b = yield* sample('b', Normal(0, 1));
          expect(b.shape).toEqual([2]);
          const a = yield* blockPlate(
            function* () {
              return yield* sample('a', Normal(0, 1));
            },
            options as { readonly name: 'plate' },
          )();
          expect(a.shape).toEqual([]);
        });
      }
      assertOk(model, guide);
    });

    it('test_block_plate_missing_error: no enclosing plate is an InvalidArgument naming the site; strict: false allows it', () => {
      const blocked = (strict?: boolean) =>
        blockPlate(
          function* () {
            yield* sample('a', Normal(0, 1));
          },
          strict === undefined ? { name: 'plate' } : { name: 'plate', strict },
        );
      const run = () => tf.tidy(() => void simulate(blocked(), { key: prngKey(0) })());
      expect(run).toThrow(IgnisError);
      expect(run).toThrow(/blockPlate: no enclosing plate named 'plate' at site 'a': blockPlate matched 0 plates \(enclosing: none\)\. Remove the blockPlate/);
      expect(() => tf.tidy(() => void simulate(blocked(false), { key: prngKey(0) })())).not.toThrow();
    });

    it("keeps the blocked plate's dim claimed: a plate entered inside takes the next dim (Pyro's dim allocator)", () => {
      function* model() {
        yield* plate('data', 4, function* () {
          yield* blockPlate(
            function* () {
              yield* plate('inner', 3, function* () {
                yield* sample('z', Normal(0, 1));
              });
            },
            { name: 'data' },
          )();
        });
      }
      tf.tidy(() => {
        const z = site(simulate(model, { key: prngKey(0) })(), 'z');
        expect(z.plates.map((f) => [f.name, f.dim])).toEqual([['inner', -2]]);
        expect(z.value.shape).toEqual([3, 1]);
      });
    });

    it('blocks only the matching plate of several, the innermost first when nested', () => {
      function* model() {
        yield* plate('outer', 2, function* () {
          yield* plate('inner', 3, function* () {
            yield* blockPlate(
              function* () {
                yield* sample('w', Normal(0, 1));
              },
              { name: 'outer' },
            )();
          });
        });
      }
      tf.tidy(() => {
        const w = site(simulate(model, { key: prngKey(0) })(), 'w');
        expect(w.plates.map((f) => f.name)).toEqual(['inner']);
        expect(w.value.shape).toEqual([3, 1]);
      });
    });

    it('validates its options: exactly one of name and dim, a negative dim, no unknown option', () => {
      const m = function* () {
        /* nothing */
      };
      expect(() => blockPlate(m, {} as never)).toThrow(/blockPlate: exactly one of name and dim must be given/);
      expect(() => blockPlate(m, { name: 'a', dim: -1 } as never)).toThrow(/exactly one of name and dim/);
      expect(() => blockPlate(m, { dim: 1 })).toThrow(/argument 'dim' must be a negative integer: got 1/);
      expect(() => blockPlate(m, { name: 'a', hide: true } as never)).toThrow(/blockPlate: unknown option 'hide'/);
    });
  });
});
