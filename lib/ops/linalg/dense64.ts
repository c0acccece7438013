/**
 * Dense float64 kernels on row-major square matrices stored in flat arrays at an offset:
 * Cholesky factorization, triangular solves and the Cholesky backward pass. Plain loops with
 * the inner loop over contiguous memory; no allocation beyond what the caller passes.
 *
 * These are the building blocks of the `cholesky` and `triangularSolve` custom ops, which
 * convert tfjs's float32 data to float64 once and round the results once.
 *
 * Why plain JS at every size (spec/ops/bench-ops.ts, d = 10…400): versions built from tfjs
 * kernels are 10–100× slower (O(d) kernels per factorization); a hybrid "float64 JS inverse +
 * tfjs matmul" is slower for the Cholesky backward on both backends (wasm, d = 200: 19 ms vs
 * 5 ms) and on cpu for solves; it wins only for solves with k ≳ d ≥ 50 right-hand sides on
 * wasm (~2×), at the price of float32-accumulated results that differ between backends — not
 * taken, since PPL solves are mostly k ≪ d (vectors, a few particles).
 *
 * @module
 */

/**
 * All kernels take Float64Array only: feeding them Float32Array as well makes V8's type feedback
 * polymorphic, which measured 2–3× slower inside a long-running process. Convert tfjs data once
 * with `Float64Array.from` (O(d²), negligible next to the O(d³) work).
 * @internal
 */
export type Flat = Float64Array;

/** Where a Cholesky factorization failed: the row and the value of its pivot. @internal */
export interface PivotFailure {
  readonly row: number;
  readonly pivot: number;
}

/**
 * Cholesky factor of `(A + Aᵀ)/2` for the d×d matrix at `a[aOff..]`, written to `l[lOff..]`
 * (the strict upper triangle is left untouched, so pass zeros). Returns the failing pivot when
 * the matrix is not (numerically) positive definite, else `undefined`.
 * @internal
 */
export function cholesky64(a: Flat, aOff: number, d: number, l: Float64Array, lOff: number): PivotFailure | undefined {
  for (let i = 0; i < d; i++) {
    const ri = lOff + i * d;
    for (let j = 0; j <= i; j++) {
      const rj = lOff + j * d;
      const s = 0.5 * (a[aOff + i * d + j]! + a[aOff + j * d + i]!) - dot64(l, ri, l, rj, j);
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

/** `Σₖ₌₀ⁿ⁻¹ u[p + k] · v[q + k]` with four accumulators (~1.5–2× faster than one for n ≳ 50). @internal */
export function dot64(u: Flat, p: number, v: Flat, q: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += u[p + k]! * v[q + k]!;
    s1 += u[p + k + 1]! * v[q + k + 1]!;
    s2 += u[p + k + 2]! * v[q + k + 2]!;
    s3 += u[p + k + 3]! * v[q + k + 3]!;
  }
  for (; k < n; k++) s0 += u[p + k]! * v[q + k]!;
  return s0 + s1 + (s2 + s3);
}

/**
 * Solve `op(T) X = B` where `T` is the d×d triangular matrix at `t[tOff..]` (`lower` says which
 * triangle is read; the other is ignored), `op(T)` is `T` or `Tᵀ`, and `B` is d×k at
 * `b[bOff..]`. Writes X (d×k) to `x[xOff..]`; `x` may alias `b` (same offset) for in-place use.
 * @internal
 */
export function triSolve64(
  t: Flat, tOff: number, d: number, lower: boolean, transpose: boolean,
  b: Flat, bOff: number, k: number, x: Float64Array, xOff: number,
): void {
  // op(T) is lower triangular exactly when (lower XOR transpose).
  const forward = lower !== transpose;
  // element (i, j) of op(T) is t[tOff + i·rowStride + j·colStride]
  const rowStride = transpose ? 1 : d;
  const colStride = transpose ? d : 1;
  for (let step = 0; step < d; step++) {
    const i = forward ? step : d - 1 - step;
    const xi = xOff + i * k;
    const bi = bOff + i * k;
    const jFrom = forward ? 0 : i + 1;
    const jTo = forward ? i : d;
    const diag = t[tOff + i * rowStride + i * colStride]!;
    if (k === 1) {
      // one right-hand side: a dot product along row i of op(T)
      let s = b[bi]!;
      const ti = tOff + i * rowStride;
      for (let j = jFrom; j < jTo; j++) s -= t[ti + j * colStride]! * x[xOff + j]!;
      x[xi] = s / diag;
      continue;
    }
    for (let c = 0; c < k; c++) x[xi + c] = b[bi + c]!;
    for (let j = jFrom; j < jTo; j++) {
      const m = t[tOff + i * rowStride + j * colStride]!;
      const xj = xOff + j * k;
      for (let c = 0; c < k; c++) x[xi + c] = x[xi + c]! - m * x[xj + c]!;
    }
    for (let c = 0; c < k; c++) x[xi + c] = x[xi + c]! / diag;
  }
}

/**
 * Reverse-mode Cholesky: given `L = chol(A)` and `Ḡ = ∂f/∂L`, writes the symmetric `∂f/∂A` to
 * `out[outOff..]`. Murray's (2016) unblocked algorithm run backwards over the columns, in place
 * on `tril(Ḡ)`, ~d³/3 multiply-adds (the closed form `½ (S + Sᵀ)`, `S = L⁻ᵀ Φ(Lᵀ Ḡ) L⁻¹`, costs
 * ~7/6 d³); the lower-triangle result is then spread symmetrically (off-diagonal halves).
 * @internal
 */
export function choleskyBackward64(
  l: Flat, lOff: number, g: Flat, gOff: number, d: number, out: Float64Array, outOff: number,
): void {
  const a = out;
  const o = outOff;
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) a[o + i * d + j] = j <= i ? g[gOff + i * d + j]! : 0;
  for (let j = d - 1; j >= 0; j--) {
    const rj = lOff + j * d;
    const ljj = l[rj + j]!;
    let dbar = a[o + j * d + j]!;
    for (let i = j + 1; i < d; i++) dbar -= (l[lOff + i * d + j]! * a[o + i * d + j]!) / ljj;
    dbar /= ljj;
    for (let i = j + 1; i < d; i++) a[o + i * d + j] = a[o + i * d + j]! / ljj;
    // r̄ −= d̄ r;  r̄ −= c̄ᵀ B;  B̄ −= c̄ rᵀ   (r = L[j, :j], B = L[j+1:, :j], c̄ = Ā[j+1:, j])
    const aj = o + j * d;
    for (let k = 0; k < j; k++) a[aj + k] = a[aj + k]! - dbar * l[rj + k]!;
    for (let i = j + 1; i < d; i++) {
      const c = a[o + i * d + j]!;
      const li = lOff + i * d;
      const ai = o + i * d;
      for (let k = 0; k < j; k++) {
        a[aj + k] = a[aj + k]! - c * l[li + k]!;
        a[ai + k] = a[ai + k]! - c * l[rj + k]!;
      }
    }
    a[aj + j] = dbar / 2;
  }
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) {
      const v = 0.5 * a[o + i * d + j]!;
      a[o + i * d + j] = v;
      a[o + j * d + i] = v;
    }
  }
}
