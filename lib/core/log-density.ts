/**
 * `logDensity`: the joint log-density of a model at given latent values (NumPyro's
 * `log_density`), an interpreter that draws nothing.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { substitute } from '../handlers/substitute.js';
import type { Model } from './effect.js';
import { run } from './interpret.js';
import { logJoint } from './trace.js';

/**
 * `log p(x, z)` at latent values `z` (by site name), observed sites taken from the model:
 * `Σ log p` over all sample sites, scaled and masked. Every latent site must have a value
 * (a missing one is a `MissingSite` error naming it). Returns a scalar tensor.
 *
 * @example
 * ```ts
 * const lp = logDensity(model, { loc: tf.scalar(3), scale: tf.scalar(1) })(data);
 * ```
 * @category core
 * @since 0.1.0
 */
export function logDensity<Args extends readonly unknown[], R>(
  model: Model<Args, R>,
  values: Readonly<Record<string, tf.Tensor>>,
  options: { readonly params?: Readonly<Record<string, tf.Tensor>> } = {},
): (...args: Args) => tf.Tensor {
  const given = substitute(model, values);
  return (...args) => logJoint(run(given, args, { ...options, caller: 'logDensity' }));
}
