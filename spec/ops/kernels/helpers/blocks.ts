/**
 * References for the heap block kernels' specs: row-major indexing in plain JavaScript, seeded
 * 32-bit patterns as tensor data, and a tensor's values as bits (float32 and int32 alike), so
 * copies can be compared bit for bit (NaN payloads, −0, subnormals and infinities included).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Row-major element strides of `shape` (the last is 1). */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = shape.map(() => 1);
  for (let k = shape.length - 2; k >= 0; k--) strides[k] = strides[k + 1]! * shape[k + 1]!;
  return strides;
}

/** Every index of `shape`, in row-major order. */
export function indicesOf(shape: readonly number[]): number[][] {
  return shape.reduce<number[][]>((acc, n) => acc.flatMap((idx) => Array.from({ length: n }, (_, i) => [...idx, i])), [[]]);
}

/** The flat position of `index` in a row-major array of `strides`. */
export const flatAt = (index: readonly number[], strides: readonly number[]): number => index.reduce((o, i, k) => o + i * strides[k]!, 0);

/** `n` pseudo-random 32-bit patterns from `seed` (mulberry32). */
export function randomBits(n: number, seed: number): Int32Array {
  let a = seed >>> 0;
  return Int32Array.from({ length: n }, () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return t ^ (t >>> 14);
  });
}

/** `n` pseudo-random float32 values in [−8, 8) from `seed`. */
export const randomFloats = (n: number, seed: number): Float32Array => Float32Array.from(randomBits(n, seed), (b) => b / 2 ** 28);

/** A tensor of `shape` whose elements have the bit patterns `bits`. */
export function tensorOfBits(bits: Int32Array, shape: readonly number[], dtype: 'float32' | 'int32'): tf.Tensor {
  const values = dtype === 'float32' ? new Float32Array(bits.buffer, bits.byteOffset, bits.length) : bits;
  return tf.tensor(values, [...shape], dtype);
}

/** The bit patterns of a float32 or int32 tensor's values. */
export function bitsOf(t: tf.Tensor): Int32Array {
  const values = t.dataSync() as Float32Array | Int32Array;
  return new Int32Array(values.buffer, values.byteOffset, values.length);
}

/** The bit pattern of `value` stored in a `dtype` array (rounded to float32, or `ToInt32`). */
export function bitsOfValue(value: number, dtype: 'float32' | 'int32'): number {
  return dtype === 'float32' ? new Int32Array(Float32Array.of(value).buffer)[0]! : value | 0;
}
