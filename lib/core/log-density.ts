/**
 * `logDensity`: the joint log-density of a model at given latent values (NumPyro's
 * `log_density`), an interpreter that draws nothing.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { substitute } from '../handlers/substitute.js';
import type { Model } from './effect.js';
import { float64Sum } from './float64-sum.js';
import { run } from './interpret.js';
import { type Trace, sampleSites, siteLogProb } from './trace.js';

/**
 * `Σ_sites Σ log p(value)`: the joint log-density of a trace's sample sites (observed and
 * latent), each masked and scaled. A scalar tensor, differentiable; accumulated in float64
 * (`float64-sum.ts`: over 10⁶ rows a float32 sum, as tfjs's, is off by hundreds of nats).
 *
 * @category core
 * @since 0.1.0
 */
export function logJoint(trace: Trace): tf.Tensor {
  return float64Sum(sampleSites(trace).map((s) => siteLogProb(s, trace)));
}

/**
 * `log p(x, z)` at latent values `z` (by site name), observed sites taken from the model:
 * `Σ log p` over all sample sites, scaled and masked, accumulated in float64 (see {@link logJoint}). Every latent site must have a value
 * (a missing one is a `MissingSite` error naming it). Returns a scalar tensor (the only tensor
 * the call leaves behind), differentiable in the values and params.
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
  // one tidy: only the scalar outlives the call (the trace's intermediate tensors are released)
  return (...args) => tf.tidy(() => logJoint(run(given, args, { ...options, caller: 'logDensity' })));
}
