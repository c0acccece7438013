/**
 * The types of a masked observation (`sample(name, fn, { obs, obsMask })`) and of unknown
 * options: the three sites enter the model's effect row, so `SVI` asks the guide for
 * `${name}_unobserved`; an option Ignis does not know is a compile error.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Tagged, Value } from '../../lib/core/dims.js';
import { deterministic, param, plate, sample } from '../../lib/core/primitives.js';
import type { LatentNames, ObservedNames, SiteInfo, Sites } from '../../lib/core/site-types.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import type { ELBO } from '../../lib/infer/elbo/elbo.js';
import type { Optimizer } from '../../lib/infer/optim/optimizer.js';
import { SVI } from '../../lib/infer/svi.js';

declare const optim: Optimizer;
declare const loss: ELBO;
declare const data: Tagged<readonly ['data'], readonly []>;
declare const observed: tf.Tensor;

function* model() {
  const x = yield* sample('x', Normal(0, 1));
  return yield* plate('data', 4, function* () {
    return yield* sample('y', Normal(x, 1), { obs: data, obsMask: observed });
  });
}

describe('types/masked-sample', () => {
  it("puts Pyro's three sites in the effect row and returns the interleaved value", () => {
    type S = Sites<typeof model>;
    expectTypeOf<S['y_observed']>().toEqualTypeOf<SiteInfo<readonly ['data'], readonly [], true>>();
    expectTypeOf<S['y_unobserved']>().toEqualTypeOf<SiteInfo<readonly ['data'], readonly [], false>>();
    expectTypeOf<LatentNames<typeof model>>().toEqualTypeOf<'x' | 'y_unobserved'>();
    expectTypeOf<ObservedNames<typeof model>>().toEqualTypeOf<'y_observed'>();
    expectTypeOf<ReturnType<typeof model> extends Generator<unknown, infer R, unknown> ? R : never>().toEqualTypeOf<Value<readonly [], readonly []>>();
  });

  it('asks the guide for the unobserved part', () => {
    function* guideWithout() {
      yield* sample('x', Normal(0, 1));
    }
    function* guide() {
      yield* sample('x', Normal(0, 1));
      yield* plate('data', 4, function* () {
        yield* sample('y_unobserved', Normal(0, 1));
      });
    }
    // @ts-expect-error -- '{ readonly "Ignis: guide lacks latent site": "y_unobserved"; }'
    SVI(model, guideWithout, optim, loss);
    expectTypeOf(SVI(model, guide, optim, loss).run).toBeFunction();
  });

  it('rejects options Ignis does not know (Pyro spellings included)', () => {
    function* m() {
      // @ts-expect-error -- Pyro's obs_mask is spelled obsMask
      yield* sample('a', Normal(0, 1), { obs: observed, obs_mask: observed });
      // @ts-expect-error -- an unknown option of param
      yield* param('w', 0, { event_dim: 0 });
      // @ts-expect-error -- an unknown option of deterministic
      yield* deterministic('d', observed, { eventdim: 0 });
    }
    expectTypeOf(m).toBeFunction();
  });
});
