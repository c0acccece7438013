import type * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Message } from '../../lib/core/effect.js';
import type { Key } from '../../lib/core/key.js';
import { plate, sample } from '../../lib/core/primitives.js';
import type { Distribution } from '../../lib/distributions/distribution.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { Adam } from '../../lib/infer/optim/adam.js';
import { SVI } from '../../lib/infer/svi.js';
import { AutoGuideList, AutoMultivariateNormal, AutoNormal, type GuidePart, type SiteValues } from '../../lib/infer/autoguide/index.js';

function* model(x: tf.Tensor, n: number) {
  const loc = yield* sample('loc', Normal(0, 10));
  yield* plate('data', n, function* () {
    yield* sample('obs', Normal(loc, 1), { obs: x });
  });
}

describe('types/autoguide', () => {
  it('is a guide with the model\'s arguments, usable directly as SVI\'s guide', () => {
    const guide = AutoMultivariateNormal(model, { initScale: 0.05 });
    expectTypeOf(guide).parameters.toEqualTypeOf<[x: tf.Tensor, n: number]>();
    expectTypeOf(guide).returns.toEqualTypeOf<Generator<Message, SiteValues, unknown>>();
    const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
    expectTypeOf(svi.init).parameters.toEqualTypeOf<[key: Key, x: tf.Tensor, n: number]>();
  });

  it('carries its methods', () => {
    const guide = AutoMultivariateNormal(model);
    expectTypeOf(guide.getPosterior).returns.toEqualTypeOf<Distribution>();
    expectTypeOf(guide.quantiles).parameters.toEqualTypeOf<[params: Readonly<Record<string, tf.Tensor>>, qs: readonly number[]]>();
    expectTypeOf(guide.setup).parameters.toEqualTypeOf<[x: tf.Tensor, n: number]>();
    expectTypeOf(AutoNormal(model).median).returns.toEqualTypeOf<Readonly<Record<'loc', tf.Tensor>>>(); // keyed by the model's latent sites
    expectTypeOf(AutoGuideList(model, [AutoNormal(model)]).parts).toEqualTypeOf<readonly GuidePart<[x: tf.Tensor, n: number]>[]>();
  });

  it('types createPlates by the model\'s arguments', () => {
    AutoNormal(model, { createPlates: (x: tf.Tensor, n: number) => ({ data: x.slice(0, n) }) });
    // @ts-expect-error the model's first argument is a tensor
    AutoNormal(model, { createPlates: (x: string) => ({ data: x }) });
  });
});
