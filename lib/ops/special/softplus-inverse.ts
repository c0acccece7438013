/**
 * Inverse softplus as an elementwise float64 custom op.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';

/** `log(expm1(y))` written as `y + log(−expm1(−y))`, stable for tiny and huge y. */
function softplusInverse64(y: number): number {
  return y === Infinity ? Infinity : y + Math.log(-Math.expm1(-y));
}

const softplusInverseOp = unaryOp(softplusInverse64, (_y, x, dy) => tf.mul(dy, tf.add(tf.exp(tf.neg(x())), 1)));

/**
 * Inverse of `softplus(x) = log(1 + eˣ)`: `x = log(eʸ − 1)`, elementwise, for y > 0.
 *
 * Maths: `y + log(−expm1(−y))` in float64 — exact for tiny y (≈ log y) and huge y (≈ y).
 * Gradient: `1 / (1 − e^(−y)) = 1 + e^(−x)`.
 * Gotchas: −Inf at 0, NaN for y < 0. Used to initialize softplus-constrained parameters.
 *
 * @example
 * ```ts
 * softplusInverse(tf.scalar(Math.log(2))); // 0
 * ```
 * @category ops
 * @since 0.1.0
 */
export function softplusInverse(y: TensorLike): tf.Tensor {
  return softplusInverseOp(y);
}
