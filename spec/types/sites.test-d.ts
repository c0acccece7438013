import * as tf from '@tensorflow/tfjs-core';
import { pipe } from 'fp-ts/lib/function.js';
import { describe, expectTypeOf, it } from 'vitest';
import { type Dims, type Tagged, withDims } from '../../lib/core/dims.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import type { LatentNames, ObservedNames, ParamNames, SiteInfo, SiteNames, SiteValue, Sites } from '../../lib/core/site-types.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { factor } from '../../lib/distributions/families/unit.js';
import { condition } from '../../lib/handlers/condition.js';
import { substitute } from '../../lib/handlers/substitute.js';

type N = readonly ['N'];
declare const data: Tagged<N, readonly []>;
declare const wrong: Tagged<readonly ['M'], readonly []>;

function* model(y: Tagged<N, readonly []>, maybe?: tf.Tensor) {
  const loc = yield* param('loc', 0); // a plain tensor: sites built from it have wide batch dims
  const mu = yield* sample('mu', Normal(0, 10));
  const z = yield* sample('z', MultivariateNormal(withDims(tf.zeros([3]), [], ['D']), { scaleTril: tf.eye(3) }));
  yield* plate('N', 10, function* () {
    yield* sample('y', Normal(mu, 1), { obs: y });
    yield* sample('m', Normal(loc, 1), { obs: maybe });
  });
  yield* factor('f', 0);
  return z;
}

describe('types/sites', () => {
  describe('Sites', () => {
    it("records each sample site's batch and event dims (plates placed) and observedness", () => {
      type S = Sites<typeof model>;
      expectTypeOf<S['mu']>().toEqualTypeOf<SiteInfo<readonly [], readonly [], false>>();
      expectTypeOf<S['z']>().toEqualTypeOf<SiteInfo<Dims, readonly ['D'], false>>();
      expectTypeOf<S['y']>().toEqualTypeOf<SiteInfo<N, readonly [], true>>();
      // an obs that may be undefined makes the site possibly observed
      expectTypeOf<S['m']>().toEqualTypeOf<SiteInfo<Dims, readonly [], boolean>>();
      expectTypeOf<S['f']['observed']>().toEqualTypeOf<true>();
    });

    it('names latent, observed and param sites', () => {
      expectTypeOf<LatentNames<typeof model>>().toEqualTypeOf<'mu' | 'z' | 'm'>();
      expectTypeOf<ObservedNames<typeof model>>().toEqualTypeOf<'y' | 'm' | 'f'>();
      expectTypeOf<SiteNames<typeof model>>().toEqualTypeOf<'mu' | 'z' | 'y' | 'm' | 'f'>();
      expectTypeOf<ParamNames<typeof model>>().toEqualTypeOf<'loc'>();
      expectTypeOf<SiteValue<typeof model, 'y'>>().toEqualTypeOf<Tagged<N, readonly []>>();
    });

    it('widens to string names with computed names', () => {
      function* computed(names: readonly string[]) {
        for (const n of names) yield* sample(n, Normal(0, 1));
      }
      expectTypeOf<LatentNames<typeof computed>>().toEqualTypeOf<string>();
      expectTypeOf<SiteNames<typeof computed>>().toEqualTypeOf<string>();
    });
  });

  describe('condition', () => {
    it('marks the conditioned sites observed in the result type', () => {
      const conditioned = condition(model, { mu: tf.scalar(0.5) });
      expectTypeOf<LatentNames<typeof conditioned>>().toEqualTypeOf<'z' | 'm'>();
      expectTypeOf<Sites<typeof conditioned>['mu']['observed']>().toEqualTypeOf<true>();
      const piped = pipe(model, condition({ z: tf.zeros([3]) }));
      expectTypeOf<LatentNames<typeof piped>>().toEqualTypeOf<'mu' | 'm'>();
      expectTypeOf(piped).parameters.toEqualTypeOf<Parameters<typeof model>>();
    });

    it('accepts values aligned with the site dims (or plain tensors)', () => {
      condition(model, { y: data });
      condition(model, { y: tf.zeros([10]) });
      condition(model, { z: withDims(tf.zeros([3]), [], ['D']) });
    });

    it('rejects unknown site names and values with other dims', () => {
      // @ts-expect-error -- "Ignis: 'bb' is not a site of the model"
      condition(model, { bb: tf.scalar(1) });
      // @ts-expect-error -- batch ['M'] is not aligned with the site's ['N']
      condition(model, { y: wrong });
      // @ts-expect-error -- event ['E'] where the site has ['D']
      condition(model, { z: withDims(tf.zeros([3]), [], ['E']) });
      // @ts-expect-error -- 'loc' is a param, not a sample site
      condition(model, { loc: tf.scalar(1) });
    });

    it('accepts a record with non-literal keys, which leaves every site possibly latent', () => {
      const values: Readonly<Record<string, tf.Tensor>> = {};
      const conditioned = condition(model, values);
      expectTypeOf<Sites<typeof conditioned>['mu']['observed']>().toEqualTypeOf<boolean>();
    });
  });

  describe('substitute', () => {
    it('accepts sample and param site names, and functions', () => {
      expectTypeOf(substitute(model, { loc: tf.scalar(1), mu: tf.scalar(0) })).toEqualTypeOf<typeof model>();
      expectTypeOf(substitute(model, (m) => (m.name === 'mu' ? tf.scalar(0) : undefined))).toEqualTypeOf<typeof model>();
    });

    it('rejects unknown names', () => {
      // @ts-expect-error -- "Ignis: 'lco' is not a site of the model"
      substitute(model, { lco: tf.scalar(1) });
    });
  });
});
