/**
 * `log I₀` and `I₁/I₀` (modified Bessel functions of the first kind) as elementwise float64
 * custom ops, differentiable to every order.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { unaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';
import { besselI1OverI0_64, besselRatioDerivative64, logBesselI0_64 } from './bessel64.js';

/** `r'(x) = 1 − r/x − r²`; its own gradient `r'' = −r'/x + r/x² − 2 r r'`. */
const ratioDerivativeOp: (x: TensorLike) => tf.Tensor = unaryOp(besselRatioDerivative64, (x, y, dy) => {
  const r = ratioOp(x);
  const d = y();
  const second = tf.sub(tf.add(tf.neg(tf.div(d, x)), tf.div(r, tf.square(x))), tf.mul(tf.mul(r, d), 2));
  return tf.mul(dy, second);
});

const ratioOp: (x: TensorLike) => tf.Tensor = unaryOp(besselI1OverI0_64, (x, _y, dy) => tf.mul(dy, ratioDerivativeOp(x)));

/** `d/dx (I₁/I₀)` as a float64 op (the gradient of {@link besselI1OverI0}). @internal */
export function besselRatioDerivative(x: TensorLike): tf.Tensor {
  return ratioDerivativeOp(x);
}

const logI0Op = unaryOp(logBesselI0_64, (x, _y, dy) => tf.mul(dy, ratioOp(x)));

/**
 * `log I₀(x)`, the log of the modified Bessel function of the first kind of order 0,
 * elementwise (the von Mises normalizer is `2π I₀(κ)`).
 *
 * Maths: float64 power series for |x| ≤ 30, Hankel's asymptotic expansion above (~1e-15
 * relative), rounded once to float32; no overflow (`I₀(x)` itself overflows float32 at
 * x ≈ 93). Gradient: `I₁(x)/I₀(x)` ({@link besselI1OverI0}), and so every order.
 * Gotchas: even in x; `+∞` at ±∞.
 *
 * @example
 * ```ts
 * logBesselI0(tf.tensor1d([0, 1, 100])); // [0, 0.2359, 96.7797]
 * ```
 * @category ops
 * @since 0.2.0
 */
export function logBesselI0(x: TensorLike): tf.Tensor {
  return logI0Op(x);
}

/**
 * `I₁(x)/I₀(x)`, elementwise: the derivative of `log I₀`, the mean resultant length of a von
 * Mises distribution with concentration `x` (its circular variance is `1 − I₁/I₀`).
 *
 * Maths: the float64 series of `log I₀`'s kernels (~1e-15 relative), rounded once.
 * Gradient: `1 − r/x − r²` (a float64 op too, with its own gradient), ½ at 0.
 * Gotchas: odd in x, in (−1, 1); ±1 at ±∞.
 *
 * @example
 * ```ts
 * besselI1OverI0(tf.scalar(1)); // 0.4464
 * ```
 * @category ops
 * @since 0.2.0
 */
export function besselI1OverI0(x: TensorLike): tf.Tensor {
  return ratioOp(x);
}
