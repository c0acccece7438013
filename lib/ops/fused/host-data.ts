/**
 * Host copies of tensors created from JavaScript arrays: a fused op (or an optimizer) that
 * uploads its result with {@link upload} lets the next fused op {@link read} the same array
 * back without a copy. On cpu `dataSync` already returns the stored array; on wasm it copies the
 * tensor out of the wasm heap, so pipelines of fused ops (a constrained parameter, its gathered
 * rows, their gradients, the optimizer's moments) would otherwise copy every tensor out again.
 *
 * Safe because tensors are immutable and the arrays are never written after the upload (the
 * cpu backend stores the very same array as the tensor's data).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

const copies = new WeakMap<tf.Tensor, Float32Array>();

/**
 * Smaller tensors are not remembered: copying a few hundred floats costs less than a weak
 * entry, which V8's garbage collector handles as an ephemeron on every short-lived tensor.
 */
const MIN_SIZE = 256;

/**
 * A float32 tensor of `shape` holding `values` (which must not be written afterwards), whose
 * host copy {@link read} returns.
 * @internal
 */
export function upload(values: Float32Array, shape: readonly number[]): tf.Tensor {
  const t = tf.tensor(values, [...shape], 'float32');
  if (values.length >= MIN_SIZE) copies.set(t, values);
  return t;
}

/**
 * The values of `t`: its host copy when it was created by {@link upload}, else `dataSync()`.
 * Treat the result as read-only.
 * @internal
 */
export function read(t: tf.Tensor): ArrayLike<number> {
  const copy = copies.get(t);
  return copy === undefined || t.isDisposed ? t.dataSync() : copy; // a disposed tensor throws as dataSync does
}
