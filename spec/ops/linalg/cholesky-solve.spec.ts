import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyInverse, choleskySolve } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { choleskyRef, matmulRef, randomSpd, randomSpdBatch, triSolveRef } from '../helpers/linalg-reference.js';
import { expectClose, gradCheck, maxAbs, normals, rng, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

/** Solve A X = B per batch from the float64 factor of A (twin of choleskySolve(chol(A), B)). */
function solveRef(a: Float64Array, b: Float64Array, d: number, k: number): Float64Array {
  const l = choleskyRef(a, d);
  const x = new Float64Array(b.length);
  for (let off = 0, bo = 0; off < a.length; off += d * d, bo += d * k) {
    const lm = l.subarray(off, off + d * d);
    const y = triSolveRef(lm, b.subarray(bo, bo + d * k), d, k, true, false);
    x.set(triSolveRef(lm, y, d, k, true, true), bo);
  }
  return x;
}

function eye(d: number): Float64Array {
  return Float64Array.from({ length: d * d }, (_, i) => (Math.floor(i / d) === i % d ? 1 : 0));
}

describe('ops/linalg/cholesky-solve', () => {
  onBackends(() => {
    describe('choleskySolve', () => {
      // Tolerance: two float32 roundings (factor, intermediate) amplified by cond(A) ≲ 1e2 here.
      it.each([1, 2, 10, 100])('solves A X = B from L = chol(A) at d = %i (batched [3, d, d])', (d) => {
        const a = randomSpdBatch(3, d, 3 + d);
        const b = normals(3 * d * 2, rng(d));
        const x = choleskySolve(cholesky(tensorOf(a, [3, d, d])), tensorOf(b, [3, d, 2]));
        const ref = solveRef(a, b, d, 2);
        expectClose(valuesOf(x), ref, { rtol: 1e-4, atol: 1e-4 * maxAbs(ref) }, `d=${d}`);
      });

      it('has finite-difference gradients through cholesky (A and B)', () => {
        const d = 4;
        const { got, want, scale } = gradCheck(
          [{ values: randomSpdBatch(2, d, 9), shape: [2, d, d] }, { values: normals(2 * d * 3, rng(1)), shape: [2, d, 3] }],
          (a, b) => choleskySolve(cholesky(a), b),
          (a, b) => solveRef(a, b, d, 3),
          2,
        );
        got.forEach((g, i) => expectClose(g, want[i]!, { rtol: 1e-4, atol: 1e-5 * scale }, `input ${i}`));
      });

      it('broadcasts one factor over a batch of right-hand sides', () => {
        const d = 3;
        const a = randomSpd(d, 4);
        const b = normals(5 * d, rng(2));
        const x = choleskySolve(cholesky(tensorOf(a, [d, d])), tensorOf(b, [5, d, 1]));
        expect(x.shape).toEqual([5, d, 1]);
        const ref = solveRef(Float64Array.from([...a, ...a, ...a, ...a, ...a]), b, d, 1);
        expectClose(valuesOf(x), ref, { rtol: 1e-5, atol: 1e-5 * maxAbs(ref) });
      });

      it('leaks no tensors', () => {
        const l = cholesky(tensorOf(randomSpd(3, 1), [3, 3]));
        const b = tf.ones([3, 2]);
        expect(tensorDelta(() => choleskySolve(l, b))).toBe(0);
        expect(tensorDelta(() => tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(choleskySolve(x, y)))([l, b]))).toBe(0);
        tf.dispose([l, b]);
      });
    });

    describe('choleskyInverse', () => {
      it.each([1, 2, 10, 100])('inverts A from its factor at d = %i (A · A⁻¹ = I)', (d) => {
        const a = randomSpd(d, 30 + d);
        const inv = valuesOf(choleskyInverse(cholesky(tensorOf(a, [d, d]))));
        const ref = solveRef(a, eye(d), d, d);
        expectClose(inv, ref, { rtol: 1e-4, atol: 1e-4 * maxAbs(ref) }, `d=${d}`);
        expectClose(matmulRef(a, inv, d, d, d), eye(d), { atol: 1e-4 }, 'A A⁻¹');
      });

      it('works on batches and has finite-difference gradients', () => {
        const d = 3;
        const { got, want, scale } = gradCheck(
          [{ values: randomSpdBatch(2, d, 5), shape: [2, d, d] }],
          (a) => choleskyInverse(cholesky(a)),
          (a) => solveRef(a, Float64Array.from([...eye(d), ...eye(d)]), d, d),
          6,
        );
        expectClose(got[0]!, want[0]!, { rtol: 1e-4, atol: 1e-5 * scale });
      });

      it('leaks no tensors', () => {
        const l = cholesky(tensorOf(randomSpd(3, 1), [3, 3]));
        expect(tensorDelta(() => choleskyInverse(l))).toBe(0);
        expect(tensorDelta(() => tf.grad((x: tf.Tensor) => tf.sum(choleskyInverse(x)))(l))).toBe(0);
        l.dispose();
      });
    });
  });
});
