/**
 * `ndtr` (the standard Normal CDF Φ) and `erf` as float64 elementwise ops: the CDFs of the
 * Normal, LogNormal and HalfNormal families, accurate in the tails where `½(1 + erf(z/√2))`
 * cancels in float32 (Φ(−6) ≈ 1e-9 came out 0) and tfjs's `erf` loses relative accuracy near 0.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';
import { erf64, ndtr64 } from './erf64.js';

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/**
 * The standard Normal CDF `Φ(z) = ½ erfc(−z/√2)`, elementwise, from a float64 evaluation
 * (relatively accurate down to the float32 underflow, z ≈ −13). Gradient: `φ(z) = e^(−z²/2)/√(2π)`.
 *
 * @example
 * ```ts
 * ndtr(tf.scalar(-6)); // 9.8658765e-10
 * ```
 * @category ops
 * @since 0.2.0
 */
export const ndtr: (z: TensorLike) => tf.Tensor = unaryOp(ndtr64, (z, _y, dy) => tf.mul(dy, tf.mul(tf.exp(tf.mul(tf.square(z), -0.5)), INV_SQRT_2PI)));

/**
 * The error function, elementwise, from a float64 evaluation (tfjs's `erf` is off by ~1e-3
 * relative near 0 on cpu). Gradient: `2/√π e^(−x²)`.
 *
 * @example
 * ```ts
 * erf(tf.scalar(1e-6)); // 1.1283792e-6
 * ```
 * @category ops
 * @since 0.2.0
 */
export const erf: (x: TensorLike) => tf.Tensor = unaryOp(erf64, (x, _y, dy) => tf.mul(dy, tf.mul(tf.exp(tf.neg(tf.square(x))), TWO_OVER_SQRT_PI)));
