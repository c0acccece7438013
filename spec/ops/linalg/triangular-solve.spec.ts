import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { triangularSolve } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { matmulRef, randomTriangular, transposeRef, triSolveBatchRef } from '../helpers/linalg-reference.js';
import { dot, expectClose, fdDirectional, fdGradient, fdMixed, maxAbs, norm, normals, rng, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

const MODES = [
  { lower: true, transpose: false },
  { lower: true, transpose: true },
  { lower: false, transpose: false },
  { lower: false, transpose: true },
] as const;

type Mode = (typeof MODES)[number];

/** Random triangular batch (read triangle per `lower`), float32-representable. */
function triangulars(count: number, d: number, lower: boolean, seed: number): Float64Array {
  const out = new Float64Array(count * d * d);
  for (let i = 0; i < count; i++) out.set(randomTriangular(d, lower, seed + 7 * i), i * d * d);
  return out;
}

/** A problem: shapes, data, weights, and the float64 objective Σ W ⊙ X over (L, B) flattened together. */
function problem(lBatch: number[], bBatch: number[], out: number[], d: number, k: number, mode: Mode, seed: number) {
  const lCount = lBatch.reduce((p, s) => p * s, 1);
  const bCount = bBatch.reduce((p, s) => p * s, 1);
  const l = triangulars(lCount, d, mode.lower, seed);
  const b = normals(bCount * d * k, rng(seed + 1));
  const w = normals(out.reduce((p, s) => p * s, 1) * d * k, rng(seed + 2));
  const split = (z: Float64Array): [Float64Array, Float64Array] => [z.subarray(0, l.length), z.subarray(l.length)];
  const objective64 = (z: Float64Array): number => {
    const [lz, bz] = split(z);
    return dot(w, triSolveBatchRef(lz, lBatch, bz, bBatch, out, d, k, mode.lower, mode.transpose));
  };
  const lShape = [...lBatch, d, d];
  const bShape = [...bBatch, d, k];
  const wt = tensorOf(w, [...out, d, k]);
  const objective = (lt: tf.Tensor, bt: tf.Tensor): tf.Tensor => tf.sum(tf.mul(triangularSolve(lt, bt, mode), wt));
  return { l, b, w, z: Float64Array.from([...l, ...b]), split, objective64, objective, lShape, bShape, wt };
}

describe('ops/linalg/triangular-solve', () => {
  describe('triangularSolve', () => {
    onBackends(() => {
      // Tolerance: float64 substitution rounded once to float32 (≤ 6e-8 relative); 1e-6 relative
      // to the largest entry leaves room for error growth in the solve.
      for (const mode of MODES) {
        const name = `lower=${mode.lower}, transpose=${mode.transpose}`;
        it.each([1, 2, 10, 100])(`solves op(L) X = B (${name}) at d = %i, unbatched and batched [3, d, d]`, (d) => {
          for (const batch of [[], [3]]) {
            const p = problem(batch, batch, batch, d, 3, mode, 5 + d);
            const x = triangularSolve(tensorOf(p.l, p.lShape), tensorOf(p.b, p.bShape), mode);
            expect(x.shape).toEqual([...batch, d, 3]);
            const ref = triSolveBatchRef(p.l, batch, p.b, batch, batch, d, 3, mode.lower, mode.transpose);
            expectClose(valuesOf(x), ref, { rtol: 1e-6, atol: 1e-6 * maxAbs(ref) }, `${name} d=${d} batch=[${batch.join(', ')}]`);
          }
        });

        // Tolerance: float64 backward rounded to float32 vs float64 finite differences (~1e-9).
        it.each([1, 2, 10])(`has finite-difference gradients for L and B (${name}) at d = %i`, (d) => {
          const p = problem([2], [2], [2], d, 2, mode, 17 + d);
          const [gl, gb] = tf.grads(p.objective)([tensorOf(p.l, p.lShape), tensorOf(p.b, p.bShape)]);
          const ref = fdGradient(p.objective64, p.z);
          const [rl, rb] = p.split(ref);
          expectClose(valuesOf(gl!), rl, { rtol: 1e-5, atol: 1e-6 * maxAbs(ref) }, `${name} dL`);
          expectClose(valuesOf(gb!), rb, { rtol: 1e-5, atol: 1e-6 * maxAbs(ref) }, `${name} dB`);
        });
      }

      it('ignores the triangle it does not read (gradient zero there too)', () => {
        const d = 4;
        const p = problem([], [], [], d, 2, MODES[0], 3);
        const full = p.l.map((v, i) => (Math.floor(i / d) < i % d ? Math.fround(9 + i) : v));
        const x1 = valuesOf(triangularSolve(tensorOf(p.l, [d, d]), tensorOf(p.b, [d, 2])));
        const x2 = valuesOf(triangularSolve(tensorOf(full, [d, d]), tensorOf(p.b, [d, 2])));
        expect(Array.from(x2)).toEqual(Array.from(x1));
        const [gl] = tf.grads(p.objective)([tensorOf(full, [d, d]), tensorOf(p.b, [d, 2])]);
        const g = valuesOf(gl!);
        for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) expect(g[i * d + j]).toBe(0);
      });

      it.each([
        { lBatch: [3], bBatch: [], out: [3] },
        { lBatch: [], bBatch: [2, 3], out: [2, 3] },
        { lBatch: [2, 1], bBatch: [3], out: [2, 3] },
      ])('broadcasts batch dims L$lBatch × B$bBatch and sums gradients back', ({ lBatch, bBatch, out }) => {
        const d = 3;
        for (const mode of [MODES[0], MODES[3]]) {
          const p = problem(lBatch, bBatch, out, d, 2, mode, 71);
          const lt = tensorOf(p.l, p.lShape);
          const bt = tensorOf(p.b, p.bShape);
          const x = triangularSolve(lt, bt, mode);
          expect(x.shape).toEqual([...out, d, 2]);
          const ref = triSolveBatchRef(p.l, lBatch, p.b, bBatch, out, d, 2, mode.lower, mode.transpose);
          expectClose(valuesOf(x), ref, { rtol: 1e-6, atol: 1e-6 * maxAbs(ref) });
          const [gl, gb] = tf.grads(p.objective)([lt, bt]);
          expect(gl!.shape).toEqual(p.lShape);
          expect(gb!.shape).toEqual(p.bShape);
          const g = fdGradient(p.objective64, p.z);
          const [rl, rb] = p.split(g);
          expectClose(valuesOf(gl!), rl, { rtol: 1e-5, atol: 1e-6 * maxAbs(g) }, 'dL');
          expectClose(valuesOf(gb!), rb, { rtol: 1e-5, atol: 1e-6 * maxAbs(g) }, 'dB');
        }
      });

      // 10⁴ + inputs at d = 100: directional derivatives. Tolerance 1e-6·‖g‖‖v‖ (float32 rounding of g).
      it('matches directional finite differences at d = 100 (batched [3, 100, 100], k = 4)', () => {
        const d = 100;
        for (const mode of [MODES[0], MODES[1]]) {
          const p = problem([3], [3], [3], d, 4, mode, 81);
          const [gl, gb] = tf.grads(p.objective)([tensorOf(p.l, p.lShape), tensorOf(p.b, p.bShape)]);
          const g = Float64Array.from([...valuesOf(gl!), ...valuesOf(gb!)]);
          const v = normals(p.z.length, rng(82));
          const ref = fdDirectional(p.objective64, p.z, v, 1e-4);
          expect(Math.abs(dot(g, v) - ref)).toBeLessThan(1e-6 * norm(g) * norm(v));
        }
      });

      // Second order uses the differentiable backward (float32 tfjs matmul + solves); the float64
      // mixed finite difference is accurate to ~1e-7. Observed ~1e-7·‖Hu‖‖v‖; tolerance 1e-5·‖Hu‖‖v‖.
      it('has correct second derivatives with respect to L and B', () => {
        const d = 3;
        for (const mode of MODES) {
          const p = problem([2], [], [2], d, 2, mode, 91);
          const u = normals(p.z.length, rng(92));
          const v = normals(p.z.length, rng(93));
          const [ul, ub] = p.split(u);
          const ult = tensorOf(ul, p.lShape);
          const ubt = tensorOf(ub, p.bShape);
          const [hl, hb] = tf.grads((lt: tf.Tensor, bt: tf.Tensor) => {
            const [gl, gb] = tf.grads(p.objective)([lt, bt]);
            return tf.add(tf.sum(tf.mul(gl!, ult)), tf.sum(tf.mul(gb!, ubt)));
          })([tensorOf(p.l, p.lShape), tensorOf(p.b, p.bShape)]);
          const hu = Float64Array.from([...valuesOf(hl!), ...valuesOf(hb!)]);
          const ref = fdMixed(p.objective64, p.z, u, v, 3e-4);
          expect(Math.abs(dot(hu, v) - ref)).toBeLessThan(1e-5 * norm(hu) * norm(v));
        }
      });

      it('rejects mismatched shapes with ShapeMismatch / InvalidArgument', () => {
        const l = tf.eye(3);
        expect(() => triangularSolve(l, tf.zeros([4, 2]))).toThrow(/^triangularSolve: rows of 'B' must equal the size of 'L'/);
        expect(() => triangularSolve(tf.zeros([2, 3, 3]), tf.zeros([4, 3, 1]))).toThrow(/batch shapes of 'L' and 'B' do not broadcast: \[2\] vs \[4\]/);
        expect(() => triangularSolve(l, tf.zeros([3]))).toThrow(/argument 'B' must have shape \[\.\.\., d, k\]/);
        expect(() => triangularSolve(tf.zeros([3, 2]), tf.zeros([3, 1]))).toThrow(IgnisError);
      });

      it('leaks no tensors (forward, gradient, second order)', () => {
        const p = problem([2], [], [2], 3, 2, MODES[1], 5);
        const lt = tensorOf(p.l, p.lShape);
        const bt = tensorOf(p.b, p.bShape);
        expect(tensorDelta(() => triangularSolve(lt, bt))).toBe(0);
        expect(tensorDelta(() => tf.grads(p.objective)([lt, bt]))).toBe(0);
        expect(tensorDelta(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.grads(p.objective)([a, b])[0]!))([lt, bt]))).toBe(0);
        tf.dispose([lt, bt, p.wt]);
      });

      // Law: L (L⁻¹ B) = B (and Lᵀ (L⁻ᵀ B) = B). Tolerance 1e-5·max|B|·‖L‖ scale.
      it('round-trips with matmul (property)', () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 1e6 }), fc.boolean(), (d, k, seed, transpose) => {
            const l = randomTriangular(d, true, seed);
            const b = normals(d * k, rng(seed + 1));
            const x = valuesOf(triangularSolve(tensorOf(l, [d, d]), tensorOf(b, [d, k]), { transpose }));
            const op = transpose ? transposeRef(l, d, d) : l;
            expectClose(matmulRef(op, x, d, d, k), b, { atol: 1e-5 * Math.max(1, maxAbs(b)) * Math.max(1, maxAbs(x)) });
          }),
          { numRuns: 40 },
        );
      });
    });
  });
});
