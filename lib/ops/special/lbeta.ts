/**
 * `lbeta` as a broadcasting binary float64 custom op, with exact float64 partial derivatives of
 * every order (each one itself an op of the same family).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { binaryOp } from '../fused/elementwise-ops.js';
import type { TensorLike } from '../internal/tensors.js';
import { lgamma64, polygamma64 } from './gamma64.js';

type Op = (a: TensorLike, b: TensorLike) => tf.Tensor;
const ops = new Map<string, Op>();

/** `∂ᵢ_a ∂ʲ_b lbeta(a, b)`: `[j=0] ψ⁽ⁱ⁻¹⁾(a) + [i=0] ψ⁽ʲ⁻¹⁾(b) − ψ⁽ⁱ⁺ʲ⁻¹⁾(a+b)` for i + j ≥ 1. */
function partial64(i: number, j: number, a: number, b: number): number {
  if (i + j === 0) return lgamma64(a) + lgamma64(b) - lgamma64(a + b);
  const n = i + j - 1;
  return (j === 0 ? polygamma64(n, a) : 0) + (i === 0 ? polygamma64(n, b) : 0) - polygamma64(n, a + b);
}

function lbetaPartial(i: number, j: number): Op {
  const key = `${i},${j}`;
  const hit = ops.get(key);
  if (hit !== undefined) return hit;
  const op = binaryOp('lbeta', ['a', 'b'], (a, b) => partial64(i, j, a, b), (a, b, _y, dy) => [
    tf.mul(dy, lbetaPartial(i + 1, j)(a, b)),
    tf.mul(dy, lbetaPartial(i, j + 1)(a, b)),
  ]);
  ops.set(key, op);
  return op;
}

/**
 * Log of the Beta function, `log B(a, b) = lgamma(a) + lgamma(b) − lgamma(a + b)`, elementwise
 * with broadcasting.
 *
 * Maths: evaluated in float64 in one pass, so the cancellation between the three terms (large
 * `a`, small `b`) costs nothing in float32. Gradients `ψ(a) − ψ(a+b)` and `ψ(b) − ψ(a+b)` are
 * also formed in float64 (no float32 cancellation); higher orders use polygamma.
 * Gotchas: defined for a, b > 0 (it returns `log|B|` elsewhere, +Inf at poles).
 *
 * @example
 * ```ts
 * lbeta(2, 3); // log(1/12)
 * ```
 * @category ops
 * @since 0.1.0
 */
export function lbeta(a: TensorLike, b: TensorLike): tf.Tensor {
  return lbetaPartial(0, 0)(a, b);
}
