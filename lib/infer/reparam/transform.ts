/**
 * `TransformReparam`: sample a `TransformedDistribution` site through its base (Pyro's
 * `TransformReparam`).
 *
 * A site `x ~ T(p_base)` with `T = t_n ∘ … ∘ t_1` becomes
 *
 *   x_base ~ p_base,    x = t_n(… t_1(x_base))
 *
 * so a guide sees the base's coordinates (often the geometry it can fit: a `LogNormal` written
 * as `exp` of a Normal, an affine flow of a standard Normal). `x` is recorded as Pyro's
 * simulated `pyro.deterministic` (log-density 0, observed). A given `x` (observed,
 * conditioned) is pulled back, `x_base = t_1⁻¹(… t_n⁻¹(x))`, and observed at `${name}_base`.
 * The base site's event dim is the site's own plus, for each transform, its domain's event
 * dims minus its codomain's.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Message, SampleMessage, SampleSite } from '../../core/effect.js';
import { ignisError } from '../../core/errors.js';
import { TransformedDist } from '../../distributions/wrappers/transformed.js';
import { type Reparam, auxiliarySite, deterministicSite, unwrapIndependent, wrapToEvent } from './reparam.js';

/**
 * Sample a `TransformedDistribution` site through its base (see the module notes).
 *
 * @example
 * ```ts
 * const m = reparam(model, { config: { scale: TransformReparam() } }); // scale ~ LogNormal as exp(Normal)
 * ```
 * @category inference
 * @since 0.3.0
 */
export function TransformReparam(): Reparam<'_base', false> {
  return {
    name: 'TransformReparam',
    *apply(message: SampleMessage): Generator<Message, SampleMessage, unknown> {
      const { fn, eventDim } = unwrapIndependent(message.fn);
      if (!(fn instanceof TransformedDist)) {
        throw ignisError('InvalidArgument', {
          fn: 'TransformReparam',
          what: 'not a TransformedDistribution',
          site: message.name,
          detail: `the site's distribution is ${fn.family}`,
          hint: 'Write the site as TransformedDistribution(base, transforms), or use LocScaleReparam for a location–scale family.',
        });
      }
      const reversed = [...fn.transforms].reverse();
      const baseEventDim = reversed.reduce((d, t) => d + t.domainEventDim - t.codomainEventDim, eventDim);
      const given = message.value === undefined ? undefined : reversed.reduce((y: tf.Tensor, t) => t.inverse(y), message.value);
      const site = (yield auxiliarySite(message, `${message.name}_base`, wrapToEvent(fn.base, baseEventDim), given)) as SampleSite;
      const value = message.value ?? fn.transforms.reduce((x: tf.Tensor, t) => t.forward(x), site.value);
      return deterministicSite(message, value, eventDim);
    },
  };
}
