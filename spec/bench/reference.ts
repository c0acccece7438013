/**
 * Float64 reference answers the workloads' posteriors are compared with: the OLS fit of the
 * linear regression and the exact linear-Gaussian posterior of the amortized workload.
 */

/** Solve the symmetric positive-definite system `A x = b` (`A` n×n row-major) by Cholesky, in float64. */
export function solveSpd(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= l[i * n + k]! * z[k]!;
    z[i] = s / l[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * x[k]!;
    x[i] = s / l[i * n + i]!;
  }
  return x;
}

/** The least-squares fit of `y ≈ X w + b` (X n×d row-major): `w`, `b` and the residual sd (÷ n − d − 1). */
export function olsFit(x: Float64Array, y: Float64Array, n: number, d: number): { readonly w: Float64Array; readonly b: number; readonly sigma: number } {
  const p = d + 1; // columns of [X, 1]
  const a = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  const row = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = x[i * d + j]!;
    row[d] = 1;
    for (let r = 0; r < p; r++) {
      rhs[r]! += row[r]! * y[i]!;
      for (let c = 0; c < p; c++) a[r * p + c]! += row[r]! * row[c]!;
    }
  }
  const coef = solveSpd(a, rhs, p);
  let rss = 0;
  for (let i = 0; i < n; i++) {
    let f = coef[d]!;
    for (let j = 0; j < d; j++) f += x[i * d + j]! * coef[j]!;
    rss += (y[i]! - f) ** 2;
  }
  return { w: coef.slice(0, d), b: coef[d]!, sigma: Math.sqrt(rss / (n - d - 1)) };
}

/**
 * The exact posterior of `a_i ~ N(0, I_k)`, `x_i ~ N(a_i W, s² I_o)`: `cov = (I + W Wᵀ / s²)⁻¹`,
 * `mean_i = cov W x_i / s²`. Returns the means [b, k] and the marginal sds [k].
 */
export function linearGaussianPosterior(w: Float64Array, x: Float64Array, b: number, k: number, o: number, noiseSd: number): { readonly mean: Float64Array; readonly sd: Float64Array } {
  const s2 = noiseSd * noiseSd;
  const precision = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) {
      let s = r === c ? 1 : 0;
      for (let j = 0; j < o; j++) s += (w[r * o + j]! * w[c * o + j]!) / s2;
      precision[r * k + c] = s;
    }
  }
  const sd = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    const e = new Float64Array(k);
    e[r] = 1;
    sd[r] = Math.sqrt(solveSpd(precision, e, k)[r]!);
  }
  const mean = new Float64Array(b * k);
  const wx = new Float64Array(k);
  for (let i = 0; i < b; i++) {
    for (let r = 0; r < k; r++) {
      let s = 0;
      for (let j = 0; j < o; j++) s += (w[r * o + j]! * x[i * o + j]!) / s2;
      wx[r] = s;
    }
    mean.set(solveSpd(precision, wx, k), i * k);
  }
  return { mean, sd };
}

/** Root mean square difference of two equal-length arrays. */
export function rmse(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - b[i]!) ** 2;
  return Math.sqrt(s / a.length);
}
