/**
 * The wasm `Sum` strategy for float32 sums over leading axes (column sums by SIMD).
 *
 * References and tolerances:
 * - the exact sum, computed in float64 in JavaScript from the same float32 inputs (as the cpu
 *   backend does, before its final rounding): the kernel adds the `n` terms of a column one by
 *   one in float32, so it is within γ_{n−1}·Σ|xᵢ| of it (γ_k = k·u / (1 − k·u), u = 2⁻²⁴, the
 *   standard bound of recursive summation), plus the float64 reference's own n·2⁻⁵³·Σ|xᵢ|;
 * - the original kernel on the same data (transpose the leading axes to the end, sum the
 *   innermost ones): equal bit for bit, both being the sequential float32 sum down the rows;
 * - keepDims, empty reductions (zeros) and empty results; sums the strategy does not handle
 *   (other axes, int32) against the exact sums; gradients against the cpu backend's within
 *   the same bound; no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { installWasmSum } from '../../../lib/ops/kernels/wasm-sum.js';
import { installsOnce, leaksNothing, onWasmThenCpu } from './helpers/strategy.js';
import { describeBackends } from '../../helpers/backends.js';
import { bitsOf, randomFloats } from './helpers/blocks.js';

const U = 2 ** -24;
const gamma = (k: number): number => (k * U) / (1 - k * U);

/** Column sums of `[n, m]` row-major `x` in float64, with Σ|xᵢ| per column. */
function exactColumnSums(x: Float32Array, n: number, m: number): { readonly sums: number[]; readonly magnitudes: number[] } {
  const sums = Array.from({ length: m }, () => 0);
  const magnitudes = Array.from({ length: m }, () => 0);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      sums[j]! += x[i * m + j]!;
      magnitudes[j]! += Math.abs(x[i * m + j]!);
    }
  }
  return { sums, magnitudes };
}

/** Expect `actual` within the recursive-summation bound of the exact column sums. */
function expectColumnSums(actual: ArrayLike<number>, x: Float32Array, n: number, m: number): void {
  const { sums, magnitudes } = exactColumnSums(x, n, m);
  expect(actual.length).toBe(m);
  sums.forEach((s, j) => expect(Math.abs(actual[j]! - s)).toBeLessThanOrEqual((gamma(Math.max(n - 1, 0)) + n * 2 ** -53) * magnitudes[j]!));
}

/** Sum `shape`-shaped random data over its `r` leading axes; check shape, bound and the original kernel. */
function expectLeadingSum(shape: readonly number[], r: number, keepDims: boolean, seed: number): void {
  const [n, m] = [shape.slice(0, r).reduce((a, b) => a * b, 1), shape.slice(r).reduce((a, b) => a * b, 1)];
  const x = randomFloats(n * m, seed);
  const axes = Array.from({ length: r }, (_, k) => k);
  tf.tidy(() => {
    const t = tf.tensor(x, [...shape]);
    const out = tf.sum(t, axes, keepDims);
    expect(out.shape).toEqual(keepDims ? [...axes.map(() => 1), ...shape.slice(r)] : shape.slice(r));
    expectColumnSums(out.dataSync(), x, n, m);
    // the original kernel: leading axes moved last, reduced as innermost axes
    const perm = [...shape.map((_, k) => k).slice(r), ...axes];
    const original = tf.sum(tf.transpose(t, perm), axes.map((k) => shape.length - r + k));
    expect(bitsOf(out)).toEqual(bitsOf(original));
  });
}

describeBackends('ops/kernels/wasm-sum', () => {
  installsOnce('Sum', installWasmSum);

  it('sums the columns of [256, 64] and [256, 16] (bias gradients)', () => {
    expectLeadingSum([256, 64], 1, false, 1);
    expectLeadingSum([256, 16], 1, false, 2);
  });

  it('sums every column count: groups of 16, of 4, the overlapping last 4, and fewer than 4', () => {
    for (let m = 1; m <= 40; m++) expectLeadingSum([7, m], 1, false, m);
    expectLeadingSum([3, 1000], 1, true, 41);
  });

  it('sums over leading axes (property: rank 2–4, extents 1–7, leading-axis count, keepDims)', () => {
    const sumCase = fc
      .array(fc.integer({ min: 1, max: 7 }), { minLength: 2, maxLength: 4 })
      .chain((shape) => fc.tuple(fc.constant(shape), fc.integer({ min: 1, max: shape.length - 1 })));
    fc.assert(
      fc.property(sumCase, fc.boolean(), fc.integer(), ([shape, r], keepDims, seed) => {
        expectLeadingSum(shape, r, keepDims, seed);
      }),
      { numRuns: 300 },
    );
  });

  it('takes leading axes in any order and negative', () => {
    tf.tidy(() => {
      const t = tf.tensor(randomFloats(24, 8), [2, 3, 4]);
      const expected = bitsOf(tf.sum(t, [0, 1]));
      expect(bitsOf(tf.sum(t, [1, 0]))).toEqual(expected);
      expect(bitsOf(tf.sum(t, [-2, 0]))).toEqual(expected);
    });
  });

  it('gives zeros when a reduced extent is 0 and an empty result when a kept one is', () => {
    tf.tidy(() => {
      expect(Array.from(tf.sum(tf.ones([0, 5]), 0).dataSync())).toEqual([0, 0, 0, 0, 0]);
      expect(Array.from(tf.sum(tf.ones([2, 0, 3]), [0, 1], true).dataSync())).toEqual([0, 0, 0]);
      expect(tf.sum(tf.ones([4, 0]), 0).shape).toEqual([0]);
      expect(tf.sum(tf.ones([4, 2, 0]), [0], true).shape).toEqual([1, 2, 0]);
    });
  });

  it('leaves other sums to the original kernel: inner, middle and all axes, int32', () => {
    const x = randomFloats(24, 5); // [2, 3, 4]
    const at = (i: number, j: number, k: number): number => x[i * 12 + j * 4 + k]!;
    const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
    tf.tidy(() => {
      const t = tf.tensor(x, [2, 3, 4]);
      const close = (actual: tf.Tensor, expected: number[]): void => actual.dataSync().forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
      close(tf.sum(t, 2), range(6).map((p) => range(4).reduce((s, k) => s + at(Math.floor(p / 3), p % 3, k), 0)));
      close(tf.sum(t, 1), range(8).map((p) => range(3).reduce((s, j) => s + at(Math.floor(p / 4), j, p % 4), 0)));
      close(tf.sum(t), [x.reduce((s, v) => s + v, 0)]);
      const ints = tf.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], 'int32');
      const summed = tf.sum(ints, 0);
      expect([summed.dtype, ...Array.from(summed.dataSync())]).toEqual(['int32', 5, 7, 9]);
    });
  });

  it("gives the gradient of a broadcast bias (a sum over the batch axis) within the bound of the cpu backend's", async () => {
    const [x, dy] = [randomFloats(256 * 16, 6), randomFloats(256 * 16, 7)];
    const gradient = (): Float32Array => tf.tidy(() => tf.grad((b: tf.Tensor) => tf.add(tf.tensor(x, [256, 16]), b))(tf.zeros([16]), tf.tensor(dy, [256, 16])).dataSync() as Float32Array);
    const [onWasm, onCpu] = await onWasmThenCpu(gradient);
    // cpu: the float64 sum rounded once to float32 (u·|s|); wasm: within γ₂₅₅·Σ|dy| of the exact sum
    const { magnitudes } = exactColumnSums(dy, 256, 16);
    onWasm.forEach((v, j) => expect(Math.abs(v - onCpu[j]!)).toBeLessThanOrEqual(gamma(255) * magnitudes[j]! + U * Math.abs(onCpu[j]!)));
    expectColumnSums(onWasm, dy, 256, 16);
  });

  leaksNothing(() => tf.ones([256, 64]), (x) => {
    tf.sum(x, 0);
    tf.sum(x, 0, true);
    tf.sum(tf.reshape(x, [16, 16, 64]), [0, 1]);
  });
}, ['wasm']);
