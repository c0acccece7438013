/**
 * What primitives and distribution parameters accept where a tensor is expected: a tensor, a
 * number, or nested arrays of numbers ({@link TensorInput}), and its conversion
 * ({@link toTensor}).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** What a distribution parameter may be given as: a tensor, a number, or nested arrays of numbers. */
export type TensorInput = tf.Tensor | number | readonly number[] | readonly (readonly number[])[] | readonly (readonly (readonly number[])[])[];

/** A float32 tensor from a {@link TensorInput} (tensors pass through unchanged). */
export function toTensor(x: TensorInput): tf.Tensor {
  if (x instanceof tf.Tensor) return x;
  if (typeof x === 'number') return tf.scalar(x);
  return tf.tensor(x);
}
