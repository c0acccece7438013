import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { cholesky } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { choleskyRef, matmulRef, randomSpd, randomSpdBatch, transposeRef } from '../helpers/linalg-reference.js';
import { dot, expectClose, fdDirectional, fdGradient, fdMixed, maxAbs, norm, normals, rng, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

/** Σ W ⊙ chol(A) in float64, the twin of the tfjs objective below. */
const objective64 = (d: number, w: Float64Array) => (a: Float64Array): number => dot(w, choleskyRef(a, d));
const objective = (w: tf.Tensor) => (a: tf.Tensor): tf.Tensor => tf.sum(tf.mul(cholesky(a), w));

describe('ops/linalg/cholesky', () => {
  describe('cholesky', () => {
    onBackends(() => {
      // Tolerance: the kernel works in float64 and rounds once to float32 (≤ 6e-8 relative per
      // entry); 1e-6 (relative to the largest entry) leaves room for conditioning (cond(A) ≲ 1e3).
      it.each([1, 2, 10, 100])('matches a float64 Cholesky at d = %i', (d) => {
        const a = randomSpd(d, 7 + d);
        const ref = choleskyRef(a, d);
        const l = cholesky(tensorOf(a, [d, d]));
        expect(l.shape).toEqual([d, d]);
        expectClose(valuesOf(l), ref, { rtol: 1e-6, atol: 1e-6 * maxAbs(ref) }, `d=${d}`);
      });

      it.each([1, 2, 10, 100])('factorizes a batch [3, d, d] at d = %i', (d) => {
        const a = randomSpdBatch(3, d, 11 + d);
        const ref = choleskyRef(a, d);
        const l = cholesky(tensorOf(a, [3, d, d]));
        expect(l.shape).toEqual([3, d, d]);
        expectClose(valuesOf(l), ref, { rtol: 1e-6, atol: 1e-6 * maxAbs(ref) }, `batch d=${d}`);
      });

      it('handles extra batch dims and reads (A + Aᵀ)/2', () => {
        const d = 4;
        const a = randomSpdBatch(6, d, 3);
        const skew = normals(6 * d * d, rng(5)).map((v) => Math.fround(0.01 * v));
        const asym = a.map((v, i) => Math.fround(v + skew[i]!));
        const l = cholesky(tensorOf(asym, [2, 3, d, d]));
        expect(l.shape).toEqual([2, 3, d, d]);
        const ref = choleskyRef(asym, d);
        expectClose(valuesOf(l), ref, { rtol: 1e-6, atol: 1e-6 * maxAbs(ref) });
      });

      // Tolerance: the backward pass is float64 (rounded once to float32, ≤ 6e-8 relative); the
      // float64 finite differences of the twin are accurate to ~1e-9. 1e-5 relative + 1e-6·max.
      it.each([1, 2, 10])('has the gradient of float64 finite differences at d = %i', (d) => {
        const a = randomSpd(d, 21 + d);
        const w = normals(d * d, rng(d));
        const g = valuesOf(tf.grad(objective(tensorOf(w, [d, d])))(tensorOf(a, [d, d])));
        const ref = fdGradient(objective64(d, w), a);
        expectClose(g, ref, { rtol: 1e-5, atol: 1e-6 * maxAbs(ref) }, `d=${d}`);
      });

      it('has the finite-difference gradient for a batch [3, 5, 5]', () => {
        const d = 5;
        const a = randomSpdBatch(3, d, 31);
        const w = normals(3 * d * d, rng(32));
        const g = valuesOf(tf.grad(objective(tensorOf(w, [3, d, d])))(tensorOf(a, [3, d, d])));
        const ref = fdGradient(objective64(d, w), a);
        expectClose(g, ref, { rtol: 1e-5, atol: 1e-6 * maxAbs(ref) });
      });

      // d = 100 has 10⁴ inputs, so check random directional derivatives instead of every entry.
      // Tolerance 1e-6·‖g‖‖v‖: float32 rounding of g contributes ~6e-8·‖g‖‖v‖.
      it('matches directional finite differences at d = 100 (batched [2, 100, 100])', () => {
        const d = 100;
        const a = randomSpdBatch(2, d, 41);
        const w = normals(2 * d * d, rng(42));
        const g = valuesOf(tf.grad(objective(tensorOf(w, [2, d, d])))(tensorOf(a, [2, d, d])));
        for (const seed of [1, 2]) {
          const v = normals(a.length, rng(100 + seed));
          const ref = fdDirectional(objective64(d, w), a, v, 1e-3);
          expect(Math.abs(dot(g, v) - ref)).toBeLessThan(1e-6 * norm(g) * norm(v));
        }
      });

      // Second order runs the differentiable backward (float32 tfjs ops + triangularSolve);
      // the float64 mixed finite difference is accurate to ~1e-7. Observed ~1e-7·‖Hu‖‖v‖; tolerance 1e-5·‖Hu‖‖v‖.
      it('has correct second derivatives (Hessian-vector products) for a batch [2, 3, 3]', () => {
        const d = 3;
        const a = randomSpdBatch(2, d, 51);
        const w = normals(a.length, rng(52));
        const u = normals(a.length, rng(53));
        const v = normals(a.length, rng(54));
        const wt = tensorOf(w, [2, d, d]);
        const ut = tensorOf(u, [2, d, d]);
        let inner: Float64Array = new Float64Array(0);
        const hu = valuesOf(
          tf.grad((x: tf.Tensor) => {
            const g = tf.grad(objective(wt))(x);
            inner = valuesOf(g);
            return tf.sum(tf.mul(g, ut));
          })(tensorOf(a, [2, d, d])),
        );
        const firstRef = fdGradient(objective64(d, w), a);
        expectClose(inner, firstRef, { rtol: 1e-4, atol: 1e-4 * maxAbs(firstRef) }, 'first order under a tape');
        const ref = fdMixed(objective64(d, w), a, u, v, 3e-4);
        expect(Math.abs(dot(hu, v) - ref)).toBeLessThan(1e-5 * norm(hu) * norm(v));
      });

      it('raises InvalidArgument naming the op, the pivot and the batch element for a non-PD matrix', () => {
        const good = randomSpd(3, 1);
        const bad = Float64Array.from(good);
        bad[8] = -5; // A[2][2]
        const batch = tensorOf([...good, ...bad], [2, 3, 3]);
        let error: unknown;
        try {
          cholesky(batch);
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(IgnisError);
        expect((error as IgnisError).tag).toBe('InvalidArgument');
        expect((error as IgnisError).message).toMatch(/^cholesky: argument 'A' must be positive definite: got a non-positive pivot -?[\d.e-]+ at row 2 of matrix 1 of batch \[2\]\./);
        expect(() => cholesky(tf.tensor2d([[1, 2], [2, 1]]))).toThrow(/must be positive definite.*row 1 of the matrix/);
        expect(() => cholesky(tf.tensor2d([[NaN, 0], [0, 1]]))).toThrow(/a NaN pivot/);
      });

      it('rejects non-square input with InvalidArgument', () => {
        expect(() => cholesky(tf.zeros([2, 3]))).toThrow(/^cholesky: argument 'A' must be a \(batch of\) square matrices/);
        expect(() => cholesky(tf.zeros([3]))).toThrow(IgnisError);
      });

      it('leaks no tensors (forward, gradient, failure)', () => {
        const a = tensorOf(randomSpd(4, 2), [4, 4]);
        const w = tensorOf(normals(16, rng(3)), [4, 4]);
        expect(tensorDelta(() => cholesky(a))).toBe(0);
        expect(tensorDelta(() => tf.grad(objective(w))(a))).toBe(0);
        expect(tensorDelta(() => tf.grad((x: tf.Tensor) => tf.sum(tf.grad(objective(w))(x)))(a))).toBe(0);
        const bad = tf.tensor2d([[1, 0], [0, -1]]);
        expect(tensorDelta(() => {
          expect(() => cholesky(bad)).toThrow(IgnisError);
          return undefined;
        })).toBe(0);
        tf.dispose([a, w, bad]);
      });

      // Law: L Lᵀ = A for random SPD A (float32 inputs; tolerance 1e-5 relative to max|A|:
      // two float32 roundings and a float64 product).
      it('reconstructs A = L Lᵀ for random SPD matrices (property)', () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 1e6 }), (d, seed) => {
            const a = randomSpd(d, seed);
            const l = valuesOf(cholesky(tensorOf(a, [d, d])));
            for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) expect(l[i * d + j]).toBe(0);
            for (let i = 0; i < d; i++) expect(l[i * d + i]).toBeGreaterThan(0);
            const llt = matmulRef(l, transposeRef(l, d, d), d, d, d);
            expectClose(llt, a, { atol: 1e-5 * maxAbs(a) });
          }),
          { numRuns: 40 },
        );
      });
    });
  });
});
