/**
 * The wasm SIMD matrix product (`kernels/wasm-gemm.ts`) behind `BatchMatMul` on wasm: every
 * layout, edge strips (M mod 4, N mod 8), batches, broadcast batches, the fallbacks, gradients.
 *
 * Reference: the product in float64 from the same float32 operands. Tolerance: the standard
 * bound for a float32 dot product accumulated in order, `|error| ≤ γ_K Σ_k |a_ik b_kj|` with
 * `γ_K = K u / (1 − K u)`, `u = 2⁻²⁴`, doubled for the final rounding to float32 — a rigorous
 * bound, so any wrong term (a misplaced row, a stale accumulator) fails it.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { describeBackends } from '../../helpers/backends.js';
import { GEMM_MODULE_BYTES } from '../../../lib/ops/kernels/wasm-gemm.js';
import { validates } from '../../../lib/ops/kernels/wasm-asm.js';

const U = 2 ** -24;

/** `op(a) op(b)` per batch in float64 and its error bound, from row-major float32 data. */
function reference(a: Float32Array, b: Float32Array, m: number, k: number, n: number, ta: boolean, tb: boolean, batchA: number, batchB: number) {
  const batches = Math.max(batchA, batchB);
  const value = new Float64Array(batches * m * n);
  const bound = new Float64Array(batches * m * n);
  const gamma = (k * U) / (1 - k * U);
  for (let s = 0; s < batches; s++) {
    const ao = (batchA === 1 ? 0 : s) * m * k;
    const bo = (batchB === 1 ? 0 : s) * k * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        let abs = 0;
        for (let q = 0; q < k; q++) {
          const p = a[ao + (ta ? q * m + i : i * k + q)]! * b[bo + (tb ? j * k + q : q * n + j)]!;
          sum += p;
          abs += Math.abs(p);
        }
        value[s * m * n + i * n + j] = sum;
        bound[s * m * n + i * n + j] = 2 * gamma * abs + 2 * U * Math.abs(sum);
      }
    }
  }
  return { value, bound };
}

describeBackends('ops/kernels/wasm-gemm', () => {
  it('assembles a module this runtime validates', () => {
    expect(validates(GEMM_MODULE_BYTES)).toBe(true);
  });

  it('matches the float64 product within the dot-product bound (property: shapes, layouts, batches)', () => {
    fc.assert(
      fc.property(
        fc.record({
          m: fc.integer({ min: 1, max: 13 }),
          k: fc.integer({ min: 1, max: 12 }),
          n: fc.oneof(fc.constantFrom(4, 8, 12, 16, 20, 24), fc.integer({ min: 1, max: 10 })),
          ta: fc.boolean(),
          tb: fc.boolean(),
          batch: fc.constantFrom<readonly [number, number]>([1, 1], [3, 3], [1, 2], [2, 1]),
          seed: fc.integer({ min: 0, max: 1000 }),
        }),
        ({ m, k, n, ta, tb, batch: [batchA, batchB], seed }) => {
          tf.tidy(() => {
            const shapeA = ta ? [k, m] : [m, k];
            const shapeB = tb ? [n, k] : [k, n];
            const a = tf.randomNormal(batchA === 1 && batchB === 1 ? shapeA : [batchA, ...shapeA], 0, 1, 'float32', seed);
            const b = tf.randomNormal(batchA === 1 && batchB === 1 ? shapeB : [batchB, ...shapeB], 0, 1, 'float32', seed + 1);
            const out = tf.matMul(a, b, ta, tb);
            const { value, bound } = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, m, k, n, ta, tb, batchA, batchB);
            const got = out.dataSync();
            expect(got.length).toBe(value.length);
            for (let i = 0; i < value.length; i++) expect(Math.abs(got[i]! - value[i]!)).toBeLessThanOrEqual(bound[i]!);
          });
        },
      ),
      { numRuns: 150 },
    );
  });

  it('computes the products of a small network and its gradients ([256, 16]ᵀ × [256, 64], …)', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([256, 16], 0, 1, 'float32', 1);
      const dh = tf.randomNormal([256, 64], 0, 1, 'float32', 2);
      const w2 = tf.randomNormal([64, 16], 0, 1, 'float32', 3);
      const dout = tf.randomNormal([256, 16], 0, 1, 'float32', 4);
      for (const [a, b, m, k, n, ta, tb] of [
        [x, dh, 16, 256, 64, true, false],
        [dout, w2, 256, 16, 64, false, true],
        [dh, w2, 256, 64, 16, false, false],
      ] as const) {
        const { value, bound } = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, m, k, n, ta, tb, 1, 1);
        const got = tf.matMul(a, b, ta, tb).dataSync();
        for (let i = 0; i < value.length; i++) expect(Math.abs(got[i]! - value[i]!)).toBeLessThanOrEqual(bound[i]!);
      }
    });
  });

  // Every route of gemm-plan.ts, in all four layouts: one-column products (`dots`, `axpys`,
  // with K past CHUNK = 16384 so the chunked sums run), one-row products, packed panels (right
  // operands past 64 Ki elements, K mod 4 tails for the transposed packing), the edge panel
  // (N mod 8 = 1 … 7) and the in-place small operands.
  const routes: readonly (readonly [number, number, number])[] = [
    [1000, 10, 1], [7, 10, 1], [5, 3, 1], [10, 40000, 1], [17, 20, 1], [4, 33000, 1],
    [1, 33, 1], [1, 40, 9], [1, 40, 3], [1, 17, 37], [1, 40000, 6],
    [13, 300, 230], [130, 64, 1030], [9, 301, 257], [6, 5, 3], [33, 7, 17],
  ];
  for (const [m, k, n] of routes) {
    it(`matches the float64 product within the dot-product bound at [${m}, ${k}] × [${k}, ${n}], all layouts`, () => {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        tf.tidy(() => {
          const a = tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', m + k);
          const b = tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', n + k + 1);
          const { value, bound } = reference(a.dataSync() as Float32Array, b.dataSync() as Float32Array, m, k, n, ta, tb, 1, 1);
          const got = tf.matMul(a, b, ta, tb).dataSync();
          expect(got.length).toBe(value.length);
          let bad = 0;
          for (let i = 0; i < value.length; i++) if (!(Math.abs(got[i]! - value[i]!) <= bound[i]!)) bad++;
          expect(bad, `transposeA ${ta}, transposeB ${tb}`).toBe(0);
        });
      }
    });
  }

  it('gives the gradients of a product (dy bᵀ, aᵀ dy) and leaks nothing', () => {
    const a = tf.randomNormal([9, 5], 0, 1, 'float32', 7);
    const b = tf.randomNormal([5, 12], 0, 1, 'float32', 8);
    const dy = tf.randomNormal([9, 12], 0, 1, 'float32', 9);
    const before = tf.memory().numTensors;
    const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y))([a, b], dy);
    const A = a.dataSync() as Float32Array;
    const B = b.dataSync() as Float32Array;
    const D = dy.dataSync() as Float32Array;
    const wantA = reference(D, B, 9, 12, 5, false, true, 1, 1);
    const wantB = reference(A, D, 5, 9, 12, true, false, 1, 1);
    ga!.dataSync().forEach((v, i) => expect(Math.abs(v - wantA.value[i]!)).toBeLessThanOrEqual(wantA.bound[i]!));
    gb!.dataSync().forEach((v, i) => expect(Math.abs(v - wantB.value[i]!)).toBeLessThanOrEqual(wantB.bound[i]!));
    tf.dispose([ga!, gb!]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, b, dy]);
  });
}, ['wasm']);
