/**
 * The wasm `Slice` strategy (a heap-to-heap block copy for float32 and int32): every slice is
 * bit-exact against a plain JavaScript reference (`out[i] = x[begin + i]`), over random 32-bit
 * patterns (NaN payloads, −0, subnormals, infinities); its gradient equals the cpu backend's
 * bit for bit (both are pure copies and zeros); other dtypes keep the original kernel; no
 * tensor or heap byte leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { installWasmSlice } from '../../../lib/ops/kernels/wasm-slice.js';
import { installsOnce, leaksNothing, onWasmThenCpu } from './helpers/strategy.js';
import { describeBackends } from '../../helpers/backends.js';
import { bitsOf, flatAt, indicesOf, randomBits, randomFloats, stridesOf, tensorOfBits } from './helpers/blocks.js';

type Dtype = 'float32' | 'int32';

/** `x[begin + i]` for every index `i` of `extent`, as bits. */
function referenceSlice(bits: Int32Array, shape: readonly number[], begin: readonly number[], extent: readonly number[]): Int32Array {
  const strides = stridesOf(shape);
  return Int32Array.from(indicesOf(extent), (i) => bits[flatAt(i.map((v, k) => v + begin[k]!), strides)]!);
}

/** Slice a fresh tensor of random bits on the active backend and compare with the reference. */
function expectSlice(shape: readonly number[], begin: number[], size: number[], dtype: Dtype, seed: number): void {
  const bits = randomBits(shape.reduce((a, b) => a * b, 1), seed);
  const extent = size.map((s, k) => (s === -1 ? shape[k]! - begin[k]! : s));
  tf.tidy(() => {
    const out = tf.slice(tensorOfBits(bits, shape, dtype), begin, size);
    expect(out.shape).toEqual(extent);
    expect(out.dtype).toBe(dtype);
    expect(bitsOf(out)).toEqual(referenceSlice(bits, shape, begin, extent));
  });
}

/** A shape of rank 1–4 with extents 0–6, a begin per axis and a size (−1: to the end). */
const sliceCase = fc
  .array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.tuple(...shape.map((n) => fc.integer({ min: 0, max: n }).chain((b) => fc.tuple(fc.constant(b), fc.integer({ min: -1, max: n - b }))))),
    ),
  );

describeBackends('ops/kernels/wasm-slice', () => {
  installsOnce('Slice', installWasmSlice);

  it('takes columns 8…15 of a [256, 16] matrix bit-exactly (float32 and int32)', () => {
    expectSlice([256, 16], [0, 8], [-1, 8], 'float32', 1);
    expectSlice([256, 16], [0, 8], [256, 8], 'int32', 2);
  });

  it('copies every block bit-exactly (property: rank 1–4, extents 0–6, begins, sizes with −1, both dtypes)', () => {
    fc.assert(
      fc.property(sliceCase, fc.constantFrom<Dtype>('float32', 'int32'), fc.integer(), ([shape, params], dtype, seed) => {
        expectSlice(shape, params.map(([b]) => b), params.map(([, s]) => s), dtype, seed);
      }),
      { numRuns: 300 },
    );
  });

  it('copies short, SIMD-sized and long rows, contiguous blocks, whole tensors and planes of any rank', () => {
    expectSlice([5, 7], [1, 2], [3, 1], 'float32', 3); // one-element runs (4-byte words)
    expectSlice([6, 21], [1, 1], [4, 19], 'float32', 4); // 19-element runs: 16-byte blocks + overlapping last block
    expectSlice([4, 400], [1, 5], [3, 390], 'int32', 5); // 390-element runs: memory.copy
    expectSlice([3, 4, 50], [1, 0, 0], [2, -1, -1], 'float32', 6); // contiguous: one run
    expectSlice([2, 3, 4, 5], [0, 0, 0, 0], [-1, -1, -1, -1], 'float32', 7); // the whole tensor
    expectSlice([3, 1, 4, 1, 6], [1, 0, 1, 0, 2], [2, 1, 3, 1, 3], 'int32', 8); // rank 5, extents of 1
    expectSlice([4, 5, 6, 7], [1, 1, 1, 1], [3, 3, 4, 5], 'float32', 9); // no axis merges: two odometer axes
    expectSlice([3, 4, 3, 5, 6], [0, 1, 1, 0, 2], [3, 2, 2, 5, 3], 'int32', 10); // three odometer axes
  });

  it('accepts a scalar begin and size on a vector, and empty results', () => {
    tf.tidy(() => {
      expect(Array.from(tf.slice(tf.tensor1d([1, 2, 3, 4, 5, 6]), 2, 3).dataSync())).toEqual([3, 4, 5]);
      expect(tf.slice(tf.ones([4, 3]), [4, 0], [-1, 3]).shape).toEqual([0, 3]);
      expect(tf.slice(tf.ones([0, 3]), [0, 1], [0, 2]).shape).toEqual([0, 2]);
    });
  });

  it('leaves other dtypes to the original kernel (bool)', () => {
    tf.tidy(() => {
      const x = tf.tensor2d([[true, false, true], [false, false, true]], [2, 3], 'bool');
      const out = tf.slice(x, [0, 1], [2, 2]);
      expect(out.dtype).toBe('bool');
      expect(Array.from(out.dataSync())).toEqual([0, 1, 0, 1]);
    });
  });

  it("gives slice's gradient (a pad with zeros) equal to the cpu backend's bit for bit", async () => {
    const shape = [7, 16, 3];
    const begin = [2, 8, 0];
    const size = [4, -1, 2];
    const [x, dy] = [randomFloats(7 * 16 * 3, 9), randomFloats(4 * 8 * 2, 10)]; // finite: cpu's JavaScript copy may quiet NaNs
    const gradient = (): Int32Array => tf.tidy(() => bitsOf(tf.grad((v: tf.Tensor) => tf.slice(v, begin, size))(tf.tensor(x, shape), tf.tensor(dy, [4, 8, 2]))));
    const [onWasm, onCpu] = await onWasmThenCpu(gradient);
    expect(onWasm).toEqual(onCpu);
  });

  leaksNothing(() => tf.ones([256, 16]), (x) => tf.slice(x, [0, 8], [-1, 8]));
}, ['wasm']);
