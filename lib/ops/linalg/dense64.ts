/**
 * Dense float64 kernels on row-major square matrices stored in flat arrays at an offset:
 * Cholesky factorization, triangular solves and the Cholesky backward pass. Plain loops with
 * the inner loop over contiguous memory; no allocation beyond what the caller passes.
 *
 * These are the building blocks of the `cholesky` and `triangularSolve` custom ops; they read
 * float32 tfjs data and compute in float64.
 *
 * @module
 */

/** A readable flat numeric array (tfjs data or a Float64Array). */
export type Flat = ArrayLike<number>;

/** Where a Cholesky factorization failed: the row and the value of its pivot. */
export interface PivotFailure {
  readonly row: number;
  readonly pivot: number;
}

/**
 * Cholesky factor of `(A + Aᵀ)/2` for the d×d matrix at `a[aOff..]`, written to `l[lOff..]`
 * (the strict upper triangle is left untouched, so pass zeros). Returns the failing pivot when
 * the matrix is not (numerically) positive definite, else `undefined`.
 */
export function cholesky64(a: Flat, aOff: number, d: number, l: Float64Array, lOff: number): PivotFailure | undefined {
  for (let i = 0; i < d; i++) {
    const ri = lOff + i * d;
    for (let j = 0; j <= i; j++) {
      const rj = lOff + j * d;
      let s = 0.5 * (a[aOff + i * d + j]! + a[aOff + j * d + i]!);
      for (let k = 0; k < j; k++) s -= l[ri + k]! * l[rj + k]!;
      if (i === j) {
        if (!(s > 0) || !Number.isFinite(s)) return { row: i, pivot: s };
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j]!;
      }
    }
  }
  return undefined;
}

/**
 * Solve `op(T) X = B` where `T` is the d×d triangular matrix at `t[tOff..]` (`lower` says which
 * triangle is read; the other is ignored), `op(T)` is `T` or `Tᵀ`, and `B` is d×k at
 * `b[bOff..]`. Writes X (d×k) to `x[xOff..]`; `x` may alias `b` (same offset) for in-place use.
 */
export function triSolve64(
  t: Flat, tOff: number, d: number, lower: boolean, transpose: boolean,
  b: Flat, bOff: number, k: number, x: Float64Array, xOff: number,
): void {
  // op(T) is lower triangular exactly when (lower XOR transpose).
  const forward = lower !== transpose;
  // element (i, j) of op(T)
  const rowStride = transpose ? 1 : d;
  const colStride = transpose ? d : 1;
  for (let step = 0; step < d; step++) {
    const i = forward ? step : d - 1 - step;
    const xi = xOff + i * k;
    const bi = bOff + i * k;
    for (let c = 0; c < k; c++) x[xi + c] = b[bi + c]!;
    const jFrom = forward ? 0 : i + 1;
    const jTo = forward ? i : d;
    for (let j = jFrom; j < jTo; j++) {
      const m = t[tOff + i * rowStride + j * colStride]!;
      const xj = xOff + j * k;
      for (let c = 0; c < k; c++) x[xi + c] = x[xi + c]! - m * x[xj + c]!;
    }
    const diag = t[tOff + i * rowStride + i * colStride]!;
    for (let c = 0; c < k; c++) x[xi + c] = x[xi + c]! / diag;
  }
}

/**
 * Reverse-mode Cholesky (Murray 2016; TF's CholeskyGrad): given `L = chol(A)` and `Ḡ = ∂f/∂L`,
 * writes the symmetric `∂f/∂A = ½ (S + Sᵀ)` with `S = L⁻ᵀ Φ(Lᵀ tril(Ḡ)) L⁻¹`, where `Φ` keeps
 * the lower triangle and halves the diagonal. `work` needs `2·d²` entries of scratch.
 */
export function choleskyBackward64(
  l: Flat, lOff: number, g: Flat, gOff: number, d: number,
  out: Float64Array, outOff: number, work: Float64Array,
): void {
  const dd = d * d;
  const p = work; // P = Φ(Lᵀ tril(Ḡ)) at work[0..dd)
  p.fill(0, 0, dd);
  for (let k = 0; k < d; k++) {
    const lk = lOff + k * d;
    const gk = gOff + k * d;
    for (let i = 0; i <= k; i++) {
      const lki = l[lk + i]!;
      const pi = i * d;
      for (let j = 0; j <= i; j++) p[pi + j] = p[pi + j]! + lki * g[gk + j]!;
    }
  }
  for (let i = 0; i < d; i++) p[i * d + i] = 0.5 * p[i * d + i]!;
  // S = L⁻ᵀ P  (in place in p)
  triSolve64(l, lOff, d, true, true, p, 0, d, p, 0);
  // Sᵀ into work[dd..2dd), then Z = L⁻ᵀ Sᵀ in place; ∂A = ½ (Z + Zᵀ)
  const z = work.subarray(dd, 2 * dd);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) z[j * d + i] = p[i * d + j]!;
  triSolve64(l, lOff, d, true, true, z, 0, d, z, 0);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      const v = 0.5 * (z[i * d + j]! + z[j * d + i]!);
      out[outOff + i * d + j] = v;
      out[outOff + j * d + i] = v;
    }
  }
}
