/**
 * The wasm `BatchMatMul` strategy (transpose first, then the plain product): the same products
 * as the definition for every transpose combination, batched and broadcast, and for gradients.
 * Reference: float64 products in JavaScript; rtol 1e-5 (float32 accumulation over ≤ 16 terms).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { describeBackends } from '../../helpers/backends.js';
import { installWasmMatmul } from '../../../lib/ops/kernels/wasm-matmul.js';
import { closeness } from '../../helpers/golden.js';
import { installsOnce } from './helpers/strategy.js';

/** `op(a) × op(b)` for row-major `[n, m]` matrices in float64. */
function product(a: number[][], b: number[][], ta: boolean, tb: boolean): number[] {
  const A = ta ? a[0]!.map((_, j) => a.map((r) => r[j]!)) : a;
  const B = tb ? b[0]!.map((_, j) => b.map((r) => r[j]!)) : b;
  return A.flatMap((row) => B[0]!.map((_, j) => row.reduce((s, v, k) => s + v * B[k]![j]!, 0)));
}

describeBackends('ops/kernels/wasm-matmul', () => {

  installsOnce('BatchMatMul', installWasmMatmul);

  const transposed = (m: number[][]): number[][] => m[0]!.map((_, j) => m.map((r) => r[j]!));
  for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    it(`computes op(a) × op(b) with transposeA=${ta}, transposeB=${tb}`, () => {
      const a = [[1, 2, 3], [4, 5, 6]]; // op(a), [2, 3]
      const b = [[1, -1], [0.5, 2], [3, 0]]; // op(b), [3, 2]
      const expected = product(a, b, false, false);
      tf.tidy(() => {
        const out = tf.matMul(tf.tensor(ta ? transposed(a) : a), tf.tensor(tb ? transposed(b) : b), ta, tb);
        expect(closeness(out.dataSync(), expected, 1e-5, 1e-6)).toBeUndefined();
      });
    });
  }

  it('keeps batched, broadcast products and their gradients', () => {
    tf.tidy(() => {
      const a = tf.tensor([[[1, 2], [3, 4]], [[0.5, -1], [2, 0]]]); // [2, 2, 2]
      const b = tf.tensor([[1, 0.5], [-2, 1]]); // [2, 2]
      const dy = tf.tensor([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
      const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, tf.broadcastTo(y, [2, 2, 2])))([a, b], dy);
      // ∂a = dy bᵀ, ∂b = Σ_batch aᵀ dy
      const bv = [[1, 0.5], [-2, 1]];
      const expectedA = [0, 1].flatMap((k) => product([[1, 2], [3, 4], [5, 6], [7, 8]].slice(2 * k, 2 * k + 2), bv, false, true));
      expect(closeness(ga!.dataSync(), expectedA, 1e-5, 1e-6)).toBeUndefined();
      const av = [[[1, 2], [3, 4]], [[0.5, -1], [2, 0]]];
      const dv = [[[1, 2], [3, 4]], [[5, 6], [7, 8]]];
      const p0 = product(av[0]!, dv[0]!, true, false);
      const p1 = product(av[1]!, dv[1]!, true, false);
      expect(closeness(gb!.dataSync(), p0.map((v, i) => v + p1[i]!), 1e-5, 1e-6)).toBeUndefined();
    });
  });

  it('leaks no tensor data', () => {
    const a = tf.ones([3, 4]);
    const b = tf.ones([5, 4]);
    const before = tf.memory().numTensors;
    const bytes = tf.memory().numBytes;
    for (let i = 0; i < 5; i++) tf.matMul(a, b, false, true).dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(tf.memory().numBytes).toBe(bytes);
    tf.dispose([a, b]);
  });
}, ['wasm']);
