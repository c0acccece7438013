/**
 * Small tensor helpers shared by `lib/ops`: input coercion, shape arithmetic, broadcasting
 * plans for JS kernels, and reduction of broadcast gradients back to an input's shape.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError, invalidArgument } from '../../core/errors.js';

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

/** Product of the entries (1 for `[]`). @internal */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** NumPy broadcasting of two shapes, or `undefined` when they are incompatible. @internal */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Like {@link broadcastShapes} but raises `ShapeMismatch` naming `fn` and the arguments. @internal */
export function broadcastOrThrow(fn: string, names: readonly [string, string], a: readonly number[], b: readonly number[]): number[] {
  const out = broadcastShapes(a, b);
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

/**
 * For each flat index of the broadcast shape `out`, the flat index into an operand of shape
 * `shape` (right-aligned, size-1 dims repeat). Used by the JS kernels to walk batches.
 * @internal
 */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
  const n = sizeOf(out);
  const index = new Int32Array(n);
  const rank = out.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const dim = shape[i]!;
    strides[rank - shape.length + i] = dim === 1 ? 0 : stride;
    stride *= dim;
  }
  const counter = new Array<number>(rank).fill(0);
  let offset = 0;
  for (let k = 0; k < n; k++) {
    index[k] = offset;
    for (let d = rank - 1; d >= 0; d--) {
      counter[d]! += 1;
      offset += strides[d]!;
      if (counter[d]! < out[d]!) break;
      offset -= strides[d]! * counter[d]!;
      counter[d] = 0;
    }
  }
  return index;
}

/** Sum a gradient of shape `grad.shape` (a broadcast of `shape`) back down to `shape`. @internal */
export function sumToShape(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (grad.shape.length === shape.length && grad.shape.every((d, i) => d === shape[i])) return grad;
  const lead = grad.shape.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.shape.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length === 0 ? grad : tf.sum(grad, axes);
  return tf.reshape(summed, [...shape]);
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
