/**
 * Small tensor helpers shared by `lib/ops`: input coercion, shape arithmetic, broadcasting
 * plans for JS kernels, and reduction of broadcast gradients back to an input's shape.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { tryBroadcastShapes } from '../../core/shape.js';

/**
 * What the elementwise ops accept: a tensor (any dtype; cast to float32) or a plain number.
 *
 * @category ops
 * @since 0.1.0
 */
export type TensorLike = tf.Tensor | number;

/** `true` when the value must be converted (number, or a non-float32 tensor). @internal */
export function needsConversion(x: TensorLike): boolean {
  return typeof x === 'number' || x.dtype !== 'float32';
}

/** Convert to a float32 tensor (numbers become scalars; int/bool tensors are cast). @internal */
export function toFloat(x: TensorLike): tf.Tensor {
  if (typeof x === 'number') return tf.scalar(x, 'float32');
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

/**
 * Run `body` on float32 versions of `inputs`, inside `tf.tidy` only when a conversion created a
 * temporary tensor (so plain float32 calls add no scope overhead and numbers never leak).
 * @internal
 */
export function withFloats<T extends tf.Tensor>(inputs: readonly TensorLike[], body: (xs: tf.Tensor[]) => T): T {
  if (!inputs.some(needsConversion)) return body(inputs as tf.Tensor[]);
  return tf.tidy(() => body(inputs.map(toFloat)));
}

/** NumPy broadcasting of two shapes; raises `ShapeMismatch` naming `fn` and the arguments when they do not broadcast. @internal */
export function broadcastOrThrow(fn: string, names: readonly [string, string], a: readonly number[], b: readonly number[]): number[] {
  const out = tryBroadcastShapes(a, b) as number[] | undefined;
  if (out === undefined) {
    throw ignisError('ShapeMismatch', {
      fn,
      what: `batch shapes of '${names[0]}' and '${names[1]}' do not broadcast`,
      detail: `[${a.join(', ')}] vs [${b.join(', ')}]`,
      hint: 'Leading (batch) dims must be equal or 1.',
    });
  }
  return out;
}

/** Swap the last two axes (`[..., m, n]` → `[..., n, m]`). @internal */
export function transposeLast2(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  const perm = [...Array(r).keys()];
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/** Check that `x` is a batch of square matrices `[..., d, d]`; returns `d`. @internal */
export function squareSize(fn: string, arg: string, x: tf.Tensor): number {
  const d = x.shape[x.rank - 1];
  if (x.rank < 2 || d !== x.shape[x.rank - 2] || d === undefined) {
    throw invalidArgument(fn, arg, 'must be a (batch of) square matrices [..., d, d]', `shape [${x.shape.join(', ')}]`);
  }
  return d;
}

/** Describe the `b`-th matrix of a batch for error messages (`'matrix 3 of batch [2, 4]'`). @internal */
export function batchLabel(b: number, batch: readonly number[]): string {
  return batch.length === 0 ? 'the matrix' : `matrix ${b} of batch [${batch.join(', ')}]`;
}
