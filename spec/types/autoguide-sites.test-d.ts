import type * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import { plate, sample } from '../../lib/core/primitives.js';
import type { LatentRecord } from '../../lib/core/site-types.js';
import { LogNormal } from '../../lib/distributions/families/continuous/log-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { condition } from '../../lib/handlers/condition.js';
import { AutoDelta, AutoDiagonalNormal, AutoLaplaceApproximation, AutoLowRankMultivariateNormal, AutoMultivariateNormal, AutoNormal } from '../../lib/infer/autoguide/index.js';
import type { ParamValues } from '../../lib/infer/params.js';

// Scenario 2 (DESIGN.md §8): loc ~ Normal(0, 10), scale ~ LogNormal(0, 1), observations in a plate.
function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', 100, function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

declare const params: ParamValues;
declare const fixedScale: tf.Tensor;
type LocScale = Readonly<Record<'loc' | 'scale', tf.Tensor>>;

describe('types/autoguide-sites', () => {
  it('median and quantiles return records keyed by the latent site names', () => {
    const mvn = AutoMultivariateNormal(model);
    expectTypeOf(mvn.median(params)).toEqualTypeOf<LocScale>();
    expectTypeOf(mvn.quantiles(params, [0.05, 0.5, 0.95])).toEqualTypeOf<LocScale>();
    expectTypeOf(mvn.median(params).loc).toEqualTypeOf<tf.Tensor>();
    expectTypeOf(AutoNormal(model).quantiles(params, [0.5])).toEqualTypeOf<LocScale>();
    expectTypeOf(AutoDiagonalNormal(model).median(params)).toEqualTypeOf<LocScale>();
    expectTypeOf(AutoLowRankMultivariateNormal(model).median(params)).toEqualTypeOf<LocScale>();
    expectTypeOf(AutoLaplaceApproximation(model).median(params)).toEqualTypeOf<LocScale>();
    expectTypeOf(AutoDelta(model).median(params)).toEqualTypeOf<LocScale>();
  });

  it('rejects reading a site the model does not have', () => {
    const q = AutoMultivariateNormal(model).quantiles(params, [0.5]);
    // @ts-expect-error -- 'obs' is observed, 'sigma' does not exist
    expectTypeOf(q.sigma).toEqualTypeOf<tf.Tensor>();
    // @ts-expect-error -- observed sites are not in the posterior
    expectTypeOf(q.obs).toEqualTypeOf<tf.Tensor>();
  });

  it('leaves out conditioned sites, keeps possibly observed sites optional', () => {
    const conditioned = condition(model, { scale: fixedScale });
    expectTypeOf(AutoNormal(conditioned).median(params)).toEqualTypeOf<Readonly<Record<'loc', tf.Tensor>>>();
    function* maybeObserved(y?: tf.Tensor) {
      yield* sample('z', Normal(0, 1));
      yield* sample('y', Normal(0, 1), { obs: y });
    }
    expectTypeOf<LatentRecord<typeof maybeObserved>>().toEqualTypeOf<Readonly<Record<'z', tf.Tensor>> & Readonly<Partial<Record<'y', tf.Tensor>>>>();
  });

  it('widens to Record<string, tf.Tensor> with computed names', () => {
    function* computed(names: readonly string[]) {
      for (const n of names) yield* sample(n, Normal(0, 1));
    }
    expectTypeOf(AutoNormal(computed).median(params)).toEqualTypeOf<Readonly<Record<string, tf.Tensor>>>();
  });
});
