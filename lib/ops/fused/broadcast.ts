/**
 * Broadcasting for JavaScript kernels: which element of an operand each element of a broadcast
 * shape reads, and summing a broadcast gradient back to the operand's shape.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapesEqual, sizeOf } from '../../core/shape.js';
import { produce, upload } from './host-data.js';

function computeBroadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
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

const CACHE_LIMIT = 512;
const cache = new Map<string, Int32Array>();

/**
 * For each flat index of the broadcast shape `out`, the flat index of the element of an operand
 * of shape `shape` that broadcasting reads (dims right-aligned; size-1 and missing dims repeat).
 * Memoized by the pair of shapes (hot paths ask for the same few every step): treat the result
 * as read-only.
 * @internal
 */
export function broadcastIndex(shape: readonly number[], out: readonly number[]): Int32Array {
  const key = `${shape.join(',')}|${out.join(',')}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  const index = computeBroadcastIndex(shape, out);
  cache.set(key, index);
  return index;
}

/**
 * Sum `values` (one per element of a broadcast shape) into an array of `size` through `index`
 * (from {@link broadcastIndex}): the gradient of a broadcast operand.
 * @internal
 */
export function sumByIndex(values: ArrayLike<number>, index: Int32Array, size: number): Float32Array {
  if (size === values.length) return Float32Array.from(values);
  const acc = new Float64Array(size);
  for (let k = 0; k < values.length; k++) acc[index[k]!]! += values[k]!;
  return Float32Array.from(acc);
}

/**
 * Sum a gradient of shape `grad.shape` (a broadcast of `shape`) back down to `shape`, with tfjs
 * ops (the differentiable path).
 * @internal
 */
export function sumToShape(grad: tf.Tensor, shape: readonly number[]): tf.Tensor {
  if (shapesEqual(grad.shape, shape)) return grad;
  const lead = grad.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < grad.rank; i++) {
    if (i < lead || (shape[i - lead] === 1 && grad.shape[i] !== 1)) axes.push(i);
  }
  const summed = axes.length === 0 ? grad : tf.sum(grad, axes);
  return shapesEqual(summed.shape, shape) ? summed : tf.reshape(summed, [...shape]);
}

/**
 * A float32 tensor from float64 (or float32) data: float32 data is uploaded with its host copy
 * kept (see `host-data.ts`); other data is converted straight into the tensor's memory
 * (`produce`: on wasm, no intermediate array).
 * @internal
 */
export function float32Tensor(data: ArrayLike<number>, shape: readonly number[]): tf.Tensor {
  if (data instanceof Float32Array) return upload(data, shape);
  if (data.length !== sizeOf(shape)) throw new Error(`float32Tensor: ${data.length} values for shape [${shape.join(', ')}].`);
  return produce(shape, (out) => out.set(data));
}

/** `t` as float32 (a cast only when needed). @internal */
export const asFloat32 = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
