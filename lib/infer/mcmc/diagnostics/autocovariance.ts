/**
 * Lag sums of a centered chain, `S(k) = Σ_{t=0}^{N−1−k} (x_t − x̄)(x_{t+k} − x̄)` for every lag
 * `k < N`, by FFT (zero-padded to a power of two ≥ 2N, so no circular wrap-around): the
 * building block of both ESS estimators (Pyro's divides by `N − k`, Stan's and ArviZ's by `N`).
 *
 * @module
 */

/** In-place radix-2 complex FFT (`inverse`: unnormalized inverse transform). */
function fft(re: Float64Array, im: Float64Array, inverse: boolean): void {
  const n = re.length;
  for (let i = 1, j = 0; i < n; i++) {
    let bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) {
      let t = re[i]!;
      re[i] = re[j]!;
      re[j] = t;
      t = im[i]!;
      im[i] = im[j]!;
      im[j] = t;
    }
  }
  for (let len = 2; len <= n; len <<= 1) {
    const angle = ((inverse ? 2 : -2) * Math.PI) / len;
    const wr = Math.cos(angle);
    const wi = Math.sin(angle);
    for (let i = 0; i < n; i += len) {
      let cr = 1;
      let ci = 0;
      for (let k = 0; k < len / 2; k++) {
        const a = i + k;
        const b = a + len / 2;
        const xr = re[b]! * cr - im[b]! * ci;
        const xi = re[b]! * ci + im[b]! * cr;
        re[b] = re[a]! - xr;
        im[b] = im[a]! - xi;
        re[a] = re[a]! + xr;
        im[a] = im[a]! + xi;
        const nr = cr * wr - ci * wi;
        ci = cr * wi + ci * wr;
        cr = nr;
      }
    }
  }
}

/**
 * The lag sums `S(0 … N−1)` of `x` about its mean.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function lagSums(x: ArrayLike<number>): Float64Array {
  const n = x.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += x[i]!;
  mean /= n;
  let m = 1;
  while (m < 2 * n) m <<= 1;
  const re = new Float64Array(m);
  const im = new Float64Array(m);
  for (let i = 0; i < n; i++) re[i] = x[i]! - mean;
  fft(re, im, false);
  for (let i = 0; i < m; i++) {
    re[i] = re[i]! * re[i]! + im[i]! * im[i]!;
    im[i] = 0;
  }
  fft(re, im, true);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = re[k]! / m;
  return out;
}

/** The mean of `x`. */
export function meanOf(x: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!; // eslint-disable-line @typescript-eslint/prefer-for-of -- ArrayLike
  return s / x.length;
}

/** The variance of `x` with `ddof` (0 or 1). */
export function varianceOf(x: ArrayLike<number>, ddof: number): number {
  const m = meanOf(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i]! - m) ** 2; // eslint-disable-line @typescript-eslint/prefer-for-of -- ArrayLike
  return s / (x.length - ddof);
}
