import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { matmul, matvec } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { broadcastFlat, matmulRef, transposeRef } from '../helpers/linalg-reference.js';
import { expectClose, gradCheck, maxAbs, normals, rng, tensorDelta, valuesOf } from '../helpers/numeric.js';

/** Batched broadcasting product of [...ba, n, m] and [...bb, m, p] (optionally transposed). */
function matmulBatchRef(a: Float64Array, ba: number[], b: Float64Array, bb: number[], out: number[], dims: [number, number, number], ta = false, tb = false): Float64Array {
  const [n, m, p] = dims;
  const count = out.reduce((x, y) => x * y, 1);
  const res = new Float64Array(count * n * p);
  for (let q = 0; q < count; q++) {
    const ai = broadcastFlat(q, ba, out);
    const bi = broadcastFlat(q, bb, out);
    const am = a.subarray(ai * n * m, (ai + 1) * n * m);
    const bm = b.subarray(bi * m * p, (bi + 1) * m * p);
    res.set(matmulRef(ta ? transposeRef(am, m, n) : am, tb ? transposeRef(bm, p, m) : bm, n, m, p), q * n * p);
  }
  return res;
}

const CASES = [
  { ba: [3], bb: [], out: [3] },
  { ba: [], bb: [2, 3], out: [2, 3] },
  { ba: [2, 1], bb: [3], out: [2, 3] },
];

describe('ops/linalg/matvec', () => {
  onBackends(() => {
    // Tolerance: float32 products of short sums (wasm accumulates in float32): 1e-5 relative.
    describe('matvec', () => {
      it.each(CASES)('multiplies [$ba, n, d] × [$bb, d] with broadcasting, gradients summed back', ({ ba, bb, out }) => {
        const [n, d] = [4, 3];
        const count = (s: number[]) => s.reduce((x, y) => x * y, 1);
        const m = normals(count(ba) * n * d, rng(1));
        const v = normals(count(bb) * d, rng(2));
        const ref = (x: Float64Array, y: Float64Array) => matmulBatchRef(x, ba, y, bb, out, [n, d, 1]);
        const got = matvec(tf.tensor(Float32Array.from(m), [...ba, n, d]), tf.tensor(Float32Array.from(v), [...bb, d]));
        expect(got.shape).toEqual([...out, n]);
        expectClose(valuesOf(got), ref(m, v), { rtol: 1e-5, atol: 1e-5 * maxAbs(ref(m, v)) });
        const check = gradCheck([{ values: m, shape: [...ba, n, d] }, { values: v, shape: [...bb, d] }], (x, y) => matvec(x, y), ref, 3);
        check.got.forEach((g, i) => expectClose(g, check.want[i]!, { rtol: 1e-5, atol: 1e-5 * check.scale }, `input ${i}`));
      });

      it('rejects mismatched shapes and leaks no tensors', () => {
        expect(() => matvec(tf.zeros([2, 3]), tf.zeros([2]))).toThrow(IgnisError);
        expect(() => matvec(tf.zeros([2, 2, 3]), tf.zeros([3, 3]))).toThrow(/batch shapes of 'm' and 'v' do not broadcast/);
        const m = tf.ones([3, 2, 2]);
        const v = tf.ones([2]);
        expect(tensorDelta(() => matvec(m, v))).toBe(0);
        expect(tensorDelta(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(matvec(x, y)))([m, v]))).toBe(0);
        tf.dispose([m, v]);
      });
    });

    describe('matmul', () => {
      it.each(CASES)('multiplies [$ba, n, m] × [$bb, m, p] with broadcasting and transposes', ({ ba, bb, out }) => {
        const count = (s: number[]) => s.reduce((x, y) => x * y, 1);
        for (const [ta, tb] of [[false, false], [true, false], [false, true]] as const) {
          const a = normals(count(ba) * 12, rng(4));
          const b = normals(count(bb) * 15, rng(5));
          const aShape = ta ? [...ba, 3, 4] : [...ba, 4, 3];
          const bShape = tb ? [...bb, 5, 3] : [...bb, 3, 5];
          const ref = (x: Float64Array, y: Float64Array) => matmulBatchRef(x, ba, y, bb, out, [4, 3, 5], ta, tb);
          const opts = { transposeA: ta, transposeB: tb };
          const got = matmul(tf.tensor(Float32Array.from(a), aShape), tf.tensor(Float32Array.from(b), bShape), opts);
          expect(got.shape).toEqual([...out, 4, 5]);
          expectClose(valuesOf(got), ref(a, b), { rtol: 1e-5, atol: 1e-5 * maxAbs(ref(a, b)) });
          const check = gradCheck([{ values: a, shape: aShape }, { values: b, shape: bShape }], (x, y) => matmul(x, y, opts), ref, 6);
          check.got.forEach((g, i) => expectClose(g, check.want[i]!, { rtol: 1e-5, atol: 1e-5 * check.scale }, `input ${i}`));
        }
      });

      it('rejects mismatched inner dims and leaks no tensors', () => {
        expect(() => matmul(tf.zeros([2, 3]), tf.zeros([2, 3]))).toThrow(/^matmul: inner dimensions differ/);
        const a = tf.ones([3, 2, 2]);
        const b = tf.ones([2, 2]);
        expect(tensorDelta(() => matmul(a, b))).toBe(0);
        expect(tensorDelta(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(matmul(x, y)))([a, b]))).toBe(0);
        tf.dispose([a, b]);
      });
    });
  });
});
