/**
 * Batched matrix products whose batch dims broadcast *with correct gradients*: tfjs 4.22's
 * `BatchMatMul` gradient does not reduce over broadcast batch dims (it throws "The gradient of
 * input 'a' has shape ..."), so both operands are first broadcast explicitly with
 * `tf.broadcastTo`, whose gradient sums back.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { broadcastOrThrow, withFloats } from '../internal/tensors.js';

function expandBatch(x: tf.Tensor, batch: readonly number[], tail: number): tf.Tensor {
  const target = [...batch, ...x.shape.slice(x.rank - tail)];
  const same = target.length === x.rank && target.every((s, i) => s === x.shape[i]);
  return same ? x : tf.broadcastTo(x, target);
}

/** Options of {@link matmul}. @category ops @since 0.1.0 */
export interface MatmulOptions {
  /** Use `aᵀ` (last two axes swapped). */
  readonly transposeA?: boolean;
  /** Use `bᵀ` (last two axes swapped). */
  readonly transposeB?: boolean;
}

/**
 * Batched matrix product `[..., n, m] × [..., m, p] → [..., n, p]` with broadcasting batch dims.
 *
 * Maths: `out[..., i, j] = Σ_k a[..., i, k] b[..., k, j]`; gradients are summed back over
 * broadcast batch dims (unlike `tf.matMul`'s in tfjs 4.22).
 * Gotchas: one `BatchMatMul` kernel, plus a `BroadcastTo` per operand whose batch shape differs.
 *
 * @example
 * ```ts
 * matmul(tf.ones([3, 2, 4]), tf.ones([4, 5])); // [3, 2, 5]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function matmul(a: tf.Tensor, b: tf.Tensor, options: MatmulOptions = {}): tf.Tensor {
  if (a.rank < 2 || b.rank < 2) {
    throw invalidArgument('matmul', a.rank < 2 ? 'a' : 'b', 'must have rank ≥ 2', `shapes [${a.shape.join(', ')}] and [${b.shape.join(', ')}]`);
  }
  const batch = broadcastOrThrow('matmul', ['a', 'b'], a.shape.slice(0, -2), b.shape.slice(0, -2));
  const inner = (x: tf.Tensor, t: boolean): number => x.shape[x.rank - (t ? 2 : 1)]!;
  const ka = inner(a, options.transposeA ?? false);
  const kb = b.shape[b.rank - ((options.transposeB ?? false) ? 1 : 2)]!;
  if (ka !== kb) {
    throw ignisError('ShapeMismatch', { fn: 'matmul', what: 'inner dimensions differ', detail: `[${a.shape.join(', ')}] × [${b.shape.join(', ')}]` });
  }
  return tf.tidy(() =>
    withFloats([a, b], ([x, y]) =>
      tf.matMul(expandBatch(x!, batch, 2), expandBatch(y!, batch, 2), options.transposeA ?? false, options.transposeB ?? false),
    ),
  );
}

/**
 * Batched matrix–vector product `[..., n, d] × [..., d] → [..., n]` with broadcasting batch dims.
 *
 * Maths: `out[..., i] = Σ_j m[..., i, j] v[..., j]`; gradients are summed back over broadcast
 * batch dims.
 * Gotchas: `v`'s last axis is the contracted one (no implicit transposes); three kernels.
 *
 * @example
 * ```ts
 * matvec(tf.eye(3), tf.tensor1d([1, 2, 3])); // [1, 2, 3]
 * ```
 * @category ops
 * @since 0.1.0
 */
export function matvec(m: tf.Tensor, v: tf.Tensor): tf.Tensor {
  if (m.rank < 2 || v.rank < 1) {
    throw invalidArgument('matvec', m.rank < 2 ? 'm' : 'v', 'must be [..., n, d] and [..., d]', `shapes [${m.shape.join(', ')}] and [${v.shape.join(', ')}]`);
  }
  if (m.shape[m.rank - 1] !== v.shape[v.rank - 1]) {
    throw ignisError('ShapeMismatch', { fn: 'matvec', what: "the last dims of 'm' and 'v' differ", detail: `[${m.shape.join(', ')}] × [${v.shape.join(', ')}]` });
  }
  const batch = broadcastOrThrow('matvec', ['m', 'v'], m.shape.slice(0, -2), v.shape.slice(0, -1));
  return tf.tidy(() =>
    withFloats([m, v], ([x, y]) => {
      const out = tf.matMul(expandBatch(x!, batch, 2), tf.expandDims(expandBatch(y!, batch, 1), -1));
      return tf.squeeze(out, [out.rank - 1]);
    }),
  );
}
