/**
 * `erfinv` and `ndtri` (standard Normal quantile) as elementwise float64 custom ops.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';
import { erfinv64, ndtri64 } from './erf64.js';

const HALF_SQRT_PI = Math.sqrt(Math.PI) / 2;
const SQRT_2PI = Math.sqrt(2 * Math.PI);

const erfinvOp = unaryOp(erfinv64, (_x, y, dy) => tf.mul(dy, tf.mul(tf.exp(tf.square(y())), HALF_SQRT_PI)));
const ndtriOp = unaryOp(ndtri64, (_x, y, dy) => tf.mul(dy, tf.mul(tf.exp(tf.mul(tf.square(y()), 0.5)), SQRT_2PI)));

/**
 * Inverse error function, elementwise: `erf(erfinv(y)) = y` for y ∈ (−1, 1).
 *
 * Maths: float64 Halley iterations on `erf` (series start for |y| ≤ ½) or, for |y| > ½, through
 * `ndtri((1−|y|)/2)`, so the tails keep full relative accuracy. Gradient `(√π/2) exp(x²)`
 * where x is the output.
 * Gotchas: ±Inf at ±1, NaN outside [−1, 1]. Float32 inputs near ±1 are coarse (the spacing of
 * float32 near 1 is 6e-8), which is the input's resolution, not an error of this op.
 *
 * @example
 * ```ts
 * erfinv(tf.scalar(0.5)); // 0.4769
 * ```
 * @category ops
 * @since 0.1.0
 */
export function erfinv(y: TensorLike): tf.Tensor {
  return erfinvOp(y);
}

/**
 * Standard Normal quantile (inverse CDF) `Φ⁻¹(p)`, elementwise.
 *
 * Maths: Abramowitz–Stegun 26.2.23 start, two Halley steps on a float64 `Φ` that is
 * relatively accurate in the tails (p down to the smallest float32). Gradient `√(2π) exp(x²/2)`
 * where x is the output.
 * Gotchas: −Inf at 0, +Inf at 1, NaN outside [0, 1]. For p close to 1 the float32 input
 * itself limits resolution; use `ndtri(q)` with `q = 1 − p` computed upstream and negate.
 *
 * @example
 * ```ts
 * ndtri(tf.scalar(0.975)); // 1.95996
 * ```
 * @category ops
 * @since 0.1.0
 */
export function ndtri(p: TensorLike): tf.Tensor {
  return ndtriOp(p);
}
