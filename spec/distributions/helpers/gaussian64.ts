/**
 * Float64 reference arithmetic for the Gaussian tests: small dense matrices as `number[][]`
 * (inverse and log-determinant from `examples/support/linalg64.ts`),
 * and arbitraries for well-conditioned lower Cholesky factors.
 */
import fc from 'fast-check';
import { inverse, logDet } from '../../../examples/support/linalg64.js';

/** Float64 inverse and log-determinant of symmetric positive-definite matrices (the examples' own). */
export { inverse, logDet };

export type Mat = number[][];

export const matmulT = (a: Mat, b: Mat): Mat => a.map((ra) => b.map((rb) => ra.reduce((s, x, k) => s + x * rb[k]!, 0)));
/** `L Lᵀ`. */
export const gram = (l: Mat): Mat => matmulT(l, l);

/** `log N(x | μ, Σ)` from Σ directly (explicit inverse and determinant; an independent route). */
export function mvnLogPdf(x: readonly number[], mu: readonly number[], sigma: Mat): number {
  const d = x.length;
  const r = x.map((v, i) => v - mu[i]!);
  const p = inverse(sigma);
  const maha = r.reduce((s, ri, i) => s + ri * p[i]!.reduce((t, pij, j) => t + pij * r[j]!, 0), 0);
  return -0.5 * maha - 0.5 * logDet(sigma) - 0.5 * d * Math.log(2 * Math.PI);
}

/** A d×d lower-triangular factor with diagonal in [0.5, 2] and off-diagonal entries in [−1, 1], float32-exact. */
export const lowerCholeskyArb = (d: number): fc.Arbitrary<Mat> =>
  fc
    .array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: d * d, maxLength: d * d })
    .map((xs) =>
      Array.from({ length: d }, (_, i) =>
        Array.from({ length: d }, (_, j) => Math.fround(j > i ? 0 : i === j ? 1.25 + 0.75 * xs[i * d + j]! : xs[i * d + j]!)),
      ),
    );

/** A float32-exact vector of length d with entries in [−lim, lim]. */
export const vectorArb = (d: number, lim = 3): fc.Arbitrary<number[]> =>
  fc.array(fc.double({ min: -lim, max: lim, noNaN: true }).map(Math.fround), { minLength: d, maxLength: d });
