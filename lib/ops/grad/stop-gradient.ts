/**
 * `stopGradient`, which tfjs lacks.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { runCustomOp } from '../fused/custom-op.js';

/**
 * The value of `x`, treated as a constant by differentiation (gradient zero).
 *
 * Maths: identity forward, zero backward (like `jax.lax.stop_gradient` / `tensor.detach()`).
 * Gotchas: the result shares `x`'s data (a clone, not a copy). It does not stop tfjs from
 * *walking* the ops that produced `x` during backprop, so those still need registered
 * gradients (see `registerGradientRepairs`).
 *
 * @example
 * ```ts
 * tf.grad((x) => tf.mul(x, stopGradient(x)))(tf.scalar(3)); // 3, not 6
 * ```
 * @category ops
 * @since 0.1.0
 */
export function stopGradient(x: tf.Tensor): tf.Tensor {
  return runCustomOp([x], () => ({
    value: tf.clone(x),
    gradFunc: (dy) => [tf.zerosLike(dy)],
  }));
}
