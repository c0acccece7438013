/**
 * `digamma`, `trigamma` and `polygamma` as elementwise float64 custom ops; the gradient of
 * `ψ⁽ⁿ⁾` is `ψ⁽ⁿ⁺¹⁾`, so derivatives of every order are available.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { unaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';
import { polygamma64 } from './gamma64.js';

const ops = new Map<number, (x: TensorLike) => tf.Tensor>();

function polygammaOp(n: number): (x: TensorLike) => tf.Tensor {
  const hit = ops.get(n);
  if (hit !== undefined) return hit;
  const op = unaryOp(
    (x) => polygamma64(n, x),
    (x, _y, dy) => tf.mul(dy, polygammaOp(n + 1)(x)),
  );
  ops.set(n, op);
  return op;
}

/**
 * Polygamma function `ψ⁽ⁿ⁾(x) = dⁿ⁺¹/dxⁿ⁺¹ log Γ(x)`, elementwise.
 *
 * Maths: recurrence to large x, then the asymptotic Bernoulli series, in float64 (~1e-15
 * relative), rounded once to float32. Gradient: `ψ⁽ⁿ⁺¹⁾(x)`.
 * Gotchas: `n` must be a non-negative integer (0 is digamma, 1 trigamma). At the poles
 * (x = 0, −1, −2, …) the value is +Inf for odd n and NaN for even n; for negative x and n ≥ 2
 * the cost grows with |x|.
 *
 * @example
 * ```ts
 * polygamma(2, tf.scalar(1)); // −2ζ(3) ≈ −2.4041
 * ```
 * @category ops
 * @since 0.1.0
 */
export function polygamma(n: number, x: TensorLike): tf.Tensor {
  if (!Number.isInteger(n) || n < 0) throw invalidArgument('polygamma', 'n', 'must be a non-negative integer', String(n));
  return polygammaOp(n)(x);
}

/**
 * Digamma function `ψ(x) = d/dx log Γ(x)`, elementwise.
 *
 * Maths: float64 recurrence + asymptotic series (~1e-15 relative; absolute near the root
 * x ≈ 1.4616), reflection `ψ(x) = ψ(1−x) − π cot(πx)` for x < 0. Gradient: `trigamma(x)`.
 * Gotchas: −Inf at 0, NaN at negative integers (as in PyTorch/SciPy).
 *
 * @example
 * ```ts
 * digamma(tf.scalar(1)); // −γ ≈ −0.5772
 * ```
 * @category ops
 * @since 0.1.0
 */
export function digamma(x: TensorLike): tf.Tensor {
  return polygammaOp(0)(x);
}

/**
 * Trigamma function `ψ₁(x) = d²/dx² log Γ(x)`, elementwise.
 *
 * Maths: float64 recurrence + asymptotic series; reflection `ψ₁(x) = π²/sin²(πx) − ψ₁(1−x)`
 * for x < 0. Gradient: `polygamma(2, x)`.
 * Gotchas: +Inf at non-positive integers.
 *
 * @example
 * ```ts
 * trigamma(tf.scalar(1)); // π²/6
 * ```
 * @category ops
 * @since 0.1.0
 */
export function trigamma(x: TensorLike): tf.Tensor {
  return polygammaOp(1)(x);
}
