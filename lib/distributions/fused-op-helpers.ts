/**
 * Helpers for the fused float64 custom ops of `transforms/` and `kl/`: broadcast index maps for
 * JavaScript loops, summing broadcast gradients back to an input's shape, and float32 uploads.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../core/shape.js';

/**
 * For each flat index of the broadcast shape `out`, the flat index into an operand of `shape`.
 *
 * @category distributions
 * @since 0.1.0
 */
export function broadcastIndex(shape: Shape, out: Shape): Int32Array {
  const index = new Int32Array(sizeOf(out));
  const offset = out.length - shape.length;
  const strides = out.map(() => 0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[offset + i] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i]!;
  }
  for (let k = 0; k < index.length; k++) {
    let rest = k;
    let at = 0;
    for (let a = out.length - 1; a >= 0; a--) {
      at += (rest % out[a]!) * strides[a]!;
      rest = Math.floor(rest / out[a]!);
    }
    index[k] = at;
  }
  return index;
}

/**
 * Sum a broadcast gradient back to `shape` with tfjs ops (the differentiable path).
 *
 * @category distributions
 * @since 0.1.0
 */
export function sumToShape(grad: tf.Tensor, shape: Shape): tf.Tensor {
  const lead = grad.rank - shape.length;
  const axes = grad.shape.flatMap((d, i) => (i < lead || (shape[i - lead] === 1 && d !== 1) ? [i] : []));
  const summed = axes.length === 0 ? grad : tf.sum(grad, axes);
  return tf.reshape(summed, [...shape]);
}

/**
 * A float32 tensor from float64 data.
 *
 * @category distributions
 * @since 0.1.0
 */
export const float32Tensor = (data: Float64Array, shape: Shape): tf.Tensor => tf.tensor(Float32Array.from(data), [...shape], 'float32');

/**
 * `t` as float32 (a cast only when needed).
 *
 * @category distributions
 * @since 0.1.0
 */
export const asFloat32 = (t: tf.Tensor): tf.Tensor => (t.dtype === 'float32' ? t : tf.cast(t, 'float32'));
