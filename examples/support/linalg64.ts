/**
 * Small dense linear algebra in float64 JavaScript, for the examples' exact reference
 * answers (posterior covariances of linear-Gaussian models). Matrices are arrays of rows.
 */

/** A matrix as rows. */
export type Matrix = readonly (readonly number[])[];

/** `a · b`. */
export const matmul = (a: Matrix, b: Matrix): number[][] => a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));

/** `aᵀ`. */
export const transpose = (a: Matrix): number[][] => a[0]!.map((_, j) => a.map((row) => row[j]!));

/** The identity of size `n`. */
export const eye = (n: number): number[][] => Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

/** `a + b`. */
export const add = (a: Matrix, b: Matrix): number[][] => a.map((row, i) => row.map((v, j) => v + b[i]![j]!));

/** The lower Cholesky factor of a symmetric positive-definite matrix. */
export function cholesky(a: Matrix): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  return l;
}

/** The inverse of a symmetric positive-definite matrix (by Gauss–Jordan elimination). */
export function inverse(a: Matrix): number[][] {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...eye(n)[i]!]);
  for (let c = 0; c < n; c++) {
    const pivot = m[c]![c]!;
    for (let j = 0; j < 2 * n; j++) m[c]![j]! /= pivot;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      for (let j = 0; j < 2 * n; j++) m[r]![j]! -= f * m[c]![j]!;
    }
  }
  return m.map((row) => row.slice(n));
}

/** `log det a` of a symmetric positive-definite matrix. */
export const logDet = (a: Matrix): number => 2 * cholesky(a).reduce((s, row, i) => s + Math.log(row[i]!), 0);
