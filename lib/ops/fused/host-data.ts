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
 * On wasm, a fused op can skip the JavaScript arrays altogether: {@link withValues} lends it
 * views of its inputs where they live on the backend's heap, and {@link produce} /
 * {@link produceFrom} let it write an output straight into the new tensor's heap memory. Both
 * fall back to {@link read} and {@link upload} on other backends.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { activeWasmBackend, heapOutput, offsetOf } from '../kernels/wasm-heap.js';

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

/**
 * A float32 tensor of `shape` whose values `fill` writes into `out` (zero-initialized), created
 * without an intermediate JavaScript array on wasm: `out` is then the tensor's own memory on the
 * backend's heap, so `fill` must not create tensors (an allocation may move the heap) nor keep
 * `out`. On cpu, `out` becomes the tensor's data, as with {@link upload}.
 * @internal
 */
export function produce(shape: readonly number[], fill: (out: Float32Array) => void): tf.Tensor {
  return produceFrom([], shape, (out) => fill(out));
}

/**
 * {@link produce} from the values of `tensors` (as {@link withValues} gives them: heap views on
 * wasm, valid only during `fill`).
 * @internal
 */
export function produceFrom(tensors: readonly tf.Tensor[], shape: readonly number[], fill: (out: Float32Array, values: readonly ArrayLike<number>[]) => void): tf.Tensor {
  const b = activeWasmBackend();
  if (b === undefined) {
    const values = new Float32Array(sizeOf(shape));
    fill(values, tensors.map(read));
    return upload(values, shape);
  }
  const out = heapOutput(b, shape); // allocate before taking any view
  const at = offsetOf(b, out.info);
  return withValues(tensors, (values) => {
    const view = new Float32Array(b.wasm.HEAPF32.buffer, at, sizeOf(shape));
    view.fill(0);
    fill(view, values);
    return out.tensor();
  });
}

/**
 * The values of each of `tensors`, valid only during `use` and only if `use` creates no
 * tensor: on wasm, views of the backend's heap (no copy out); elsewhere, {@link read}.
 * @internal
 */
export function withValues<R>(tensors: readonly tf.Tensor[], use: (values: readonly ArrayLike<number>[]) => R): R {
  const b = activeWasmBackend();
  if (b === undefined) return use(tensors.map(read));
  // offsets first: looking up a tensor made on another backend moves it here (a heap allocation)
  const offsets = tensors.map((t) => (t.dtype === 'float32' ? offsetOf(b, t) : -1));
  const others = tensors.map((t, i) => (offsets[i] === -1 ? read(t) : undefined));
  const heap = b.wasm.HEAPF32.buffer;
  return use(tensors.map((t, i) => others[i] ?? new Float32Array(heap, offsets[i], t.size)));
}
