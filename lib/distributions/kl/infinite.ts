/**
 * The KL pairs that are `∞` whatever the parameters, because the first distribution puts mass
 * where the second has none (torch's `_kl_*_infinity` rules): the real-line families (Normal,
 * Laplace, Gumbel) against the half-line and interval families (Exponential, Gamma, Pareto,
 * Beta, Uniform), the half-line families against the bounded or shifted ones (Exponential and
 * Gamma against Beta, Pareto, Uniform), and Pareto and Beta against each other's supports
 * (Pareto/Beta, Pareto/Uniform, Beta/Pareto). Chi2 reaches them through Gamma.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { broadcastShapes } from '../../core/shape.js';
import { registerKL } from './registry.js';

/** `value` where `infinite` is false, `∞` where it is true, broadcast together. */
export function infiniteWhere(infinite: tf.Tensor, value: tf.Tensor): tf.Tensor {
  const shape = [...broadcastShapes('klDivergence', infinite.shape, value.shape)];
  return tf.where(tf.broadcastTo(infinite, shape), tf.fill(shape, Infinity), tf.broadcastTo(value, shape));
}

/** `[p's family, q's families]` with `KL(p ‖ q) = ∞` for all parameters. */
const INFINITE: readonly (readonly [string, readonly string[]])[] = [
  ['Normal', ['Beta', 'Exponential', 'Gamma', 'Pareto', 'Uniform']],
  ['Laplace', ['Beta', 'Exponential', 'Gamma', 'Pareto', 'Uniform']],
  ['Gumbel', ['Beta', 'Exponential', 'Gamma', 'Pareto', 'Uniform']],
  ['Exponential', ['Beta', 'Pareto', 'Uniform']],
  ['Gamma', ['Beta', 'Pareto', 'Uniform']],
  ['Pareto', ['Beta', 'Uniform']],
  ['Beta', ['Pareto']],
];

/** `∞`, broadcast to the pair's batch shape by `klDivergence`. */
const infinite = (): tf.Tensor => tf.scalar(Infinity);

for (const [p, qs] of INFINITE) for (const q of qs) registerKL(p, q, infinite);
