/**
 * Diagonals of batched matrices, built from multiplications with a constant identity mask so
 * that gradients (of any order) work on every backend — `tf.diag` has no gradient in tfjs 4.22.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { squareSize, withFloats, type TensorLike } from '../internal/tensors.js';
import { eyeMask } from './masks.js';

/**
 * Embed vectors as diagonal matrices: `[..., d]` → `[..., d, d]` with `out[..., i, i] = v[..., i]`.
 *
 * Maths: `v[..., :, None] ⊙ I`. Gradient: the diagonal of the incoming gradient.
 * Gotchas: a scalar is not accepted (rank ≥ 1); two kernels, O(d²) memory.
 *
 * @example
 * ```ts
 * diagEmbed(tf.tensor1d([1, 2])); // [[1, 0], [0, 2]]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function diagEmbed(v: TensorLike): tf.Tensor {
  return tf.tidy(() =>
    withFloats([v], ([x]) => {
      const d = x!.shape[x!.rank - 1] ?? 1;
      return tf.mul(tf.expandDims(x!, -1), eyeMask(d));
    }),
  );
}

/**
 * The main diagonal of batched square matrices: `[..., d, d]` → `[..., d]`.
 *
 * Maths: `Σ_j (M ⊙ I)[..., i, j]`. Gradient: `diagEmbed` of the incoming gradient.
 * Gotchas: requires square matrices; two kernels.
 *
 * @example
 * ```ts
 * diagPart(tf.tensor2d([[1, 2], [3, 4]])); // [1, 4]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function diagPart(m: tf.Tensor): tf.Tensor {
  const d = squareSize('diagPart', 'm', m);
  return tf.tidy(() => withFloats([m], ([x]) => tf.sum(tf.mul(x!, eyeMask(d)), -1)));
}
