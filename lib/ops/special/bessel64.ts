/**
 * Float64 scalar kernels for the modified Bessel functions of the first kind of orders 0 and 1,
 * as the von Mises distribution needs them: `log I₀(x)`, the ratio `I₁(x)/I₀(x)` and its
 * derivative.
 *
 * Methods (standard series, no tabulated coefficients):
 * - `|x| ≤ 30`: the power series `I₀(x) = Σₖ (x²/4)ᵏ/(k!)²`, `I₁(x) = (x/2) Σₖ (x²/4)ᵏ/(k!(k+1)!)`;
 *   every term is positive, so the sums are accurate to a few ulps (≤ 70 terms at x = 30).
 * - `|x| > 30`: Hankel's asymptotic expansion `Iᵥ(x) ≈ eˣ/√(2πx) Σₖ (−1)ᵏ aₖ(ν)/xᵏ`,
 *   `aₖ(ν) = Πⱼ₌₁..ₖ (4ν² − (2j − 1)²)/(k! 8ᵏ)`, summed until the terms stop shrinking; the
 *   truncation error is about `e^{−2x}` < 1e-26 there.
 *
 * Accuracy: ~1e-15 relative. `I₀` and `I₁` are even and odd, so the kernels take `|x|` and
 * restore the sign of the ratio.
 *
 * @module
 */

const SERIES_LIMIT = 30;
const EPS = 1e-17;

/**
 * `[Σₖ≥₁ (x²/4)ᵏ/(k!)², Σₖ (x²/4)ᵏ/(k!(k+1)!)]`: `I₀(x) − 1` (kept apart so `log I₀ = log1p(·)`
 * is exact for tiny x) and `2 I₁(x)/x`, for `0 ≤ x ≤ 30`.
 */
function series(x: number): readonly [number, number] {
  const q = (x * x) / 4;
  let t0 = 1;
  let t1 = 1;
  let s0 = 0;
  let s1 = 1;
  for (let k = 1; k < 500; k++) {
    t0 *= q / (k * k);
    t1 *= q / (k * (k + 1));
    s0 += t0;
    s1 += t1;
    if (t0 < EPS * (1 + s0) && t1 < EPS * s1) break;
  }
  return [s0, s1];
}

/** `Σₖ (−1)ᵏ aₖ(ν)/xᵏ` for ν = 0 or 1 and x > 30: `Iᵥ(x) √(2πx) e^{−x}`. */
function asymptotic(order: 0 | 1, x: number): number {
  const mu = 4 * order * order;
  let term = 1;
  let sum = 1;
  for (let k = 1; k < 200; k++) {
    const next = (term * ((2 * k - 1) ** 2 - mu)) / (8 * k * x);
    if (Math.abs(next) >= Math.abs(term)) break;
    term = next;
    sum += term;
    if (Math.abs(term) < EPS * Math.abs(sum)) break;
  }
  return sum;
}

/** `log I₀(x)` (even in x; `+∞` for infinite x). */
export function logBesselI0_64(x: number): number {
  const a = Math.abs(x);
  if (a === Infinity) return Infinity;
  if (a <= SERIES_LIMIT) return Math.log1p(series(a)[0]);
  return a - 0.5 * Math.log(2 * Math.PI * a) + Math.log(asymptotic(0, a));
}

/** `I₁(x)/I₀(x)` (odd in x, in (−1, 1)). */
export function besselI1OverI0_64(x: number): number {
  const a = Math.abs(x);
  if (a === Infinity) return Math.sign(x);
  let ratio: number;
  if (a <= SERIES_LIMIT) {
    const [s0, s1] = series(a);
    ratio = (0.5 * a * s1) / (1 + s0);
  } else {
    ratio = asymptotic(1, a) / asymptotic(0, a);
  }
  return x < 0 ? -ratio : ratio;
}

/**
 * `d/dx (I₁/I₀) = 1 − r/x − r²` with `r = I₁(x)/I₀(x)` (from `I₀' = I₁`, `I₁' = I₀ − I₁/x`); ½ at 0.
 */
export function besselRatioDerivative64(x: number): number {
  if (x === 0) return 0.5;
  const r = besselI1OverI0_64(x);
  return 1 - r / x - r * r;
}
