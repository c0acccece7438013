/**
 * Diagonals of batched matrices: `diagEmbed` as one fused op (its reference, and `diagPart`, are
 * multiplications with a constant identity mask so that gradients of any order work on every
 * backend — `tf.diag` has no gradient in tfjs 4.22).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { produceFrom } from '../fused/host-data.js';
import { squareSize, withFloats, type TensorLike } from '../internal/tensors.js';
import { fusedOp } from '../fused/custom-op.js';
import { eyeMask } from './masks.js';

/** The vector each live `diagEmbed` result was built from (for structure-aware consumers). */
const sources = new WeakMap<tf.Tensor, tf.Tensor>();

/**
 * Embed vectors as diagonal matrices: `[..., d]` → `[..., d, d]` with `out[..., i, i] = v[..., i]`.
 *
 * Maths: `v[..., :, None] ⊙ I`. Gradient: the diagonal of the incoming gradient.
 * Gotchas: one fused op (JS loop; the tfjs-op form under higher-order gradients), O(d²) memory.
 * The result remembers its diagonal ({@link diagonalOf}): a `MultivariateNormal` whose
 * `scaleTril` is a `diagEmbed` draws and scores with O(d) work per batch element and sends its
 * gradients to the vector directly.
 *
 * @example
 * ```ts
 * diagEmbed(tf.tensor1d([1, 2])); // [[1, 0], [0, 2]]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function diagEmbed(v: TensorLike): tf.Tensor {
  return withFloats([v], ([x]) => {
    const reference = (): tf.Tensor => tf.tidy(() => tf.mul(tf.expandDims(x!, -1), eyeMask(x!.shape[x!.rank - 1] ?? 1)));
    if (x!.rank === 0) return reference();
    const d = x!.shape[x!.rank - 1]!;
    const out = fusedOp(
      [x!],
      () => {
        const n = x!.size / d;
        return {
          value: produceFrom([x!], [...x!.shape, d], (data, [src]) => {
            for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) data[b * d * d + i * d + i] = src![b * d + i]!;
          }),
          gradients: [
            (dys) =>
              produceFrom([dys[0]!], x!.shape, (dv, [g]) => {
                for (let b = 0; b < n; b++) for (let i = 0; i < d; i++) dv[b * d + i] = g![b * d * d + i * d + i]!;
              }),
          ],
        };
      },
      reference,
    );
    sources.set(out, x!);
    return out;
  });
}

/**
 * The vector a {@link diagEmbed} result was built from, while both are alive: `m` is then
 * exactly `diagEmbed(diagonalOf(m))` (tensors are immutable). `undefined` for any other tensor.
 *
 * @category ops
 * @since 0.1.0
 */
export function diagonalOf(m: tf.Tensor): tf.Tensor | undefined {
  const v = sources.get(m);
  return v === undefined || v.isDisposed || m.isDisposed ? undefined : v;
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
