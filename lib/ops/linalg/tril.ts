/**
 * Triangular masking of batched matrices with a constant mask: a differentiable replacement
 * for `tf.linalg.bandPart`, whose gradient throws in tfjs 4.22.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { withFloats } from '../internal/tensors.js';
import { triangleMask } from './masks.js';

function masked(fn: string, m: tf.Tensor, k: number, upper: boolean): tf.Tensor {
  if (m.rank < 2) throw invalidArgument(fn, 'm', 'must have rank ≥ 2 ([..., rows, cols])', `shape [${m.shape.join(', ')}]`);
  if (!Number.isInteger(k)) throw invalidArgument(fn, 'k', 'must be an integer', String(k));
  const rows = m.shape[m.rank - 2]!;
  const cols = m.shape[m.rank - 1]!;
  return tf.tidy(() => withFloats([m], ([x]) => tf.mul(x!, triangleMask(rows, cols, k, upper))));
}

/**
 * Lower-triangular part: keeps `m[..., i, j]` where `j − i ≤ k`, zeros the rest.
 *
 * Maths: `m ⊙ mask` with a constant 0/1 mask; the gradient is the masked incoming gradient.
 * Gotchas: `k = 0` keeps the diagonal, `k = −1` is strictly lower; works on non-square
 * `[..., rows, cols]`; one kernel plus the mask upload. Int inputs are cast to float32.
 *
 * @example
 * ```ts
 * tril(tf.ones([3, 3]));     // ones on and below the diagonal
 * tril(tf.ones([3, 3]), -1); // strictly lower
 * ```
 * @category ops
 * @since 0.1.0
 */
export function tril(m: tf.Tensor, k = 0): tf.Tensor {
  return masked('tril', m, k, false);
}

/**
 * Upper-triangular part: keeps `m[..., i, j]` where `j − i ≥ k`, zeros the rest.
 *
 * Maths and gotchas as {@link tril} (`k = 1` is strictly upper).
 *
 * @example
 * ```ts
 * triu(tf.ones([3, 3]), 1); // strictly upper
 * ```
 * @category ops
 * @since 0.1.0
 */
export function triu(m: tf.Tensor, k = 0): tf.Tensor {
  return masked('triu', m, k, true);
}
