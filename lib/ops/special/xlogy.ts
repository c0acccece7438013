/**
 * `xlogy` and its companion `xdivy`: products that are 0 wherever `x` is 0, as broadcasting
 * float64 custom ops whose gradients are again `xlogy`/`xdivy` (so every order works and no
 * `0 · ∞` NaN appears at x = 0).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { binaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';

/** 1 where x ≠ 0, else 0 (a constant for differentiation). */
function nonZero(x: tf.Tensor): tf.Tensor {
  return tf.cast(tf.notEqual(x, 0), 'float32');
}

const xlogyOp = binaryOp(
  'xlogy',
  ['x', 'y'],
  (x, y) => (x === 0 && !Number.isNaN(y) ? 0 : x * Math.log(y)),
  (x, y, _out, dy) => [tf.mul(dy, xlogyOp(nonZero(x), y)), tf.mul(dy, xdivyOp(x, y))],
);

const xdivyOp = binaryOp(
  'xdivy',
  ['x', 'y'],
  (x, y) => (x === 0 && !Number.isNaN(y) ? 0 : x / y),
  (x, y, _out, dy) => [tf.mul(dy, xdivyOp(nonZero(x), y)), tf.neg(tf.mul(dy, xdivyOp(x, tf.square(y))))],
);

/**
 * `x · log(y)`, with the convention `0 · log(y) = 0` for every y (including 0), elementwise
 * with broadcasting.
 *
 * Maths: float64 per element. Gradients follow TF and PyTorch: `∂x = xlogy(x ≠ 0, y)` (log y,
 * but 0 where x = 0) and `∂y = xdivy(x, y)` (x / y, 0 where x = 0), so a Bernoulli/Categorical
 * log-likelihood with a zero count never produces NaN or −Inf gradients at y = 0.
 * Gotchas: at x = 0 the x-gradient is 0 even when y > 0 (a convention, not the derivative);
 * NaN in `y` propagates even where x = 0.
 *
 * @example
 * ```ts
 * xlogy(tf.tensor1d([0, 2]), tf.tensor1d([0, Math.E])); // [0, 2]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function xlogy(x: TensorLike, y: TensorLike): tf.Tensor {
  return xlogyOp(x, y);
}

/**
 * `x / y`, with `0 / y = 0` for every y (including 0), elementwise with broadcasting.
 *
 * Maths: float64 per element; gradients `∂x = 1/y` where x ≠ 0 (else 0), `∂y = −x/y²`.
 * Gotchas: NaN in `y` propagates even where x = 0.
 *
 * @example
 * ```ts
 * xdivy(tf.tensor1d([0, 1]), tf.tensor1d([0, 4])); // [0, 0.25]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function xdivy(x: TensorLike, y: TensorLike): tf.Tensor {
  return xdivyOp(x, y);
}
