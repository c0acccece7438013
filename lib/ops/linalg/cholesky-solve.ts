/**
 * Solves and inverses from a Cholesky factor, composed from {@link triangularSolve} (so batch
 * broadcasting and gradients of every order come for free).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { squareSize } from '../internal/tensors.js';
import { eyeMask } from './masks.js';
import { triangularSolve } from './triangular-solve.js';

/**
 * Solve `A X = B` given `L = cholesky(A)`: `X = L⁻ᵀ (L⁻¹ B)`.
 *
 * Maths: two triangular solves, O(d²k) each. Gradients flow to both `L` and `B`.
 * Gotchas: pass the *factor*, not `A`; batch dims of `L` and `B` broadcast; `B` is `[..., d, k]`.
 *
 * @example
 * ```ts
 * const x = choleskySolve(cholesky(A), B); // A x = B
 * ```
 * @category ops
 * @since 0.1.0
 */
export function choleskySolve(l: tf.Tensor, b: tf.Tensor): tf.Tensor {
  return tf.tidy(() => triangularSolve(l, triangularSolve(l, b), { transpose: true }));
}

/**
 * Inverse of `A = L Lᵀ` from its Cholesky factor: `A⁻¹ = L⁻ᵀ L⁻¹`.
 *
 * Maths: one triangular solve against the identity (`L⁻¹`), then `L⁻ᵀ L⁻¹` by matmul.
 * Gotchas: prefer {@link choleskySolve} to multiplying by the inverse; the result is
 * symmetric up to float32 rounding of the matmul.
 *
 * @example
 * ```ts
 * const precision = choleskyInverse(cholesky(covariance));
 * ```
 * @category ops
 * @since 0.1.0
 */
export function choleskyInverse(l: tf.Tensor): tf.Tensor {
  const d = squareSize('choleskyInverse', 'L', l);
  return tf.tidy(() => {
    const lInv = triangularSolve(l, eyeMask(d));
    return tf.matMul(lInv, lInv, true, false);
  });
}
