/**
 * Float64 scalar kernels for the gamma family: `lgamma64`, `digamma64`, `polygamma64`.
 *
 * Methods (all standard, coefficients derived here rather than copied from a table):
 * - `lgamma` on [0.5, 2.5]: the series `lgamma(1+ε) = ε(1−γ) − log1p(ε) + Σₖ (−1)ᵏ (ζ(k)−1) εᵏ/k`
 *   (|ε| ≤ ½, so terms shrink like 4⁻ᵏ), with the `log1p` cancelling exactly on [1.5, 2.5];
 *   this gives exact zeros at 1 and 2 and full relative accuracy near them. ζ(k)−1 is
 *   tabulated at load time by Euler–Maclaurin summation.
 * - `lgamma` above 2.5: downward recurrence to (1.5, 2.5] below 10, Stirling's series with
 *   B₂…B₁₆ from 10 on; below 0.5: `lgamma(x) = lgamma(1+x) − log x`; negative: reflection.
 * - `digamma`, `polygamma`: upward recurrence to x ≥ 10 (digamma) or x ≥ 15 + 2n, then the
 *   asymptotic (Bernoulli) series; reflection for negative digamma/trigamma.
 *
 * Accuracy: ~1e-15 relative (absolute near the digamma root at 1.4616...).
 *
 * @module
 */

/** Euler–Mascheroni constant γ. @internal */
export const EULER_GAMMA = 0.5772156649015329;
const HALF_LOG_2PI = 0.9189385332046728;

/** B₂, B₄, …, B₂₀. */
const BERNOULLI = [1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510, 43867 / 798, -174611 / 330];

/** `ZETA_M1[k] = ζ(k) − 1` for k = 2…60 (Euler–Maclaurin with N = 16). */
const ZETA_M1: readonly number[] = (() => {
  const n = 16;
  const table: number[] = [0, 0];
  for (let s = 2; s <= 60; s++) {
    let sum = 0;
    for (let m = n - 1; m >= 2; m--) sum += m ** -s;
    sum += n ** (1 - s) / (s - 1) + 0.5 * n ** -s;
    // Σⱼ B₂ⱼ/(2j)! · s(s+1)…(s+2j−2) · N^(−s−2j+1)
    let rising = s; // s(s+1)…(s+2j−2), starting with j = 1
    let fact = 2; // (2j)!
    for (let j = 1; j <= 8; j++) {
      sum += (BERNOULLI[j - 1]! / fact) * rising * n ** (-s - 2 * j + 1);
      rising *= (s + 2 * j - 1) * (s + 2 * j);
      fact *= (2 * j + 1) * (2 * j + 2);
    }
    table.push(sum);
  }
  return table;
})();

/** `Σₖ₌₂ (−1)ᵏ (ζ(k)−1) εᵏ / k` for |ε| ≤ ½. */
function zetaSeries(eps: number): number {
  let sum = 0;
  let power = -eps; // (−ε)ᵏ, starting at k = 1
  for (let k = 2; k <= 60; k++) {
    power *= -eps;
    const term = (ZETA_M1[k]! * power) / k;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum)) break;
  }
  return sum;
}

/** `sin(πx)` with exact argument reduction. @internal */
export function sinPi(x: number): number {
  const r = x - 2 * Math.round(x / 2); // in [-1, 1]
  return Math.sin(Math.PI * r);
}

/** `cot(πx)` with exact argument reduction (period 1). */
function cotPi(x: number): number {
  const r = x - Math.round(x); // in [-0.5, 0.5]
  return Math.cos(Math.PI * r) / Math.sin(Math.PI * r);
}

function stirling(x: number): number {
  const inv2 = 1 / (x * x);
  let series = 0;
  let power = 1 / x;
  for (let k = 1; k <= 8; k++) {
    series += BERNOULLI[k - 1]! / (2 * k * (2 * k - 1)) * power;
    power *= inv2;
  }
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series;
}

/**
 * `log |Γ(x)|` of a float64 number, for fused custom ops that work in plain JS.
 *
 * Maths: see the module header; ~1e-15 relative, exact 0 at 1 and 2.
 * Gotchas: +Inf at 0, −1, −2, … and at ±Inf; NaN for NaN.
 *
 * @example
 * ```ts
 * lgamma64(0.5); // 0.5723649429247001 (= log √π)
 * ```
 * @category ops
 * @since 0.1.0
 */
export function lgamma64(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (!Number.isFinite(x)) return Infinity;
  if (x <= 0) {
    if (Number.isInteger(x)) return Infinity;
    return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma64(1 - x);
  }
  if (x < 0.5) return (1 - EULER_GAMMA) * x - Math.log1p(x) + zetaSeries(x) - Math.log(x);
  if (x <= 1.5) {
    const e = x - 1;
    return (1 - EULER_GAMMA) * e - Math.log1p(e) + zetaSeries(e);
  }
  if (x <= 2.5) {
    const e = x - 2;
    return (1 - EULER_GAMMA) * e + zetaSeries(e);
  }
  if (x < 10) {
    let y = x;
    let product = 1;
    while (y > 2.5) {
      y -= 1;
      product *= y;
    }
    return Math.log(product) + lgamma64(y);
  }
  return stirling(x);
}

/**
 * Digamma `ψ(x) = d/dx log Γ(x)` of a float64 number, for fused custom ops.
 *
 * Maths: recurrence to x ≥ 10, asymptotic series with B₂…B₁₆; reflection below 0.
 * ~1e-15 relative (absolute ~1e-16 near the root x₀ ≈ 1.4616).
 * Gotchas: −Inf at 0, NaN at negative integers and −Inf, +Inf at +Inf.
 *
 * @example
 * ```ts
 * digamma64(1); // −0.5772156649015329 (−γ)
 * ```
 * @category ops
 * @since 0.1.0
 */
export function digamma64(x: number): number {
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return Infinity;
  if (x === 0) return -Infinity;
  if (x < 0) {
    if (Number.isInteger(x)) return NaN;
    return digamma64(1 - x) - Math.PI * cotPi(x);
  }
  let acc = 0;
  let y = x;
  while (y < 10) {
    acc -= 1 / y;
    y += 1;
  }
  const inv2 = 1 / (y * y);
  let series = 0;
  let power = inv2;
  for (let k = 1; k <= 8; k++) {
    series += (BERNOULLI[k - 1]! / (2 * k)) * power;
    power *= inv2;
  }
  return acc + Math.log(y) - 0.5 / y - series;
}

/**
 * Polygamma `ψ⁽ⁿ⁾(x)` of a float64 number for integer n ≥ 0 (n is not checked), for fused ops.
 *
 * Maths: `ψ⁽ⁿ⁾(x) = (−1)ⁿ⁺¹ n! Σₖ (x+k)^−(n+1)`: recurrence to x ≥ 15 + 2n, then the
 * asymptotic series with B₂…B₂₀; trigamma reflects below 0. ~1e-15 relative for x > 0.
 * Gotchas: at poles (non-positive integers) +Inf for odd n, NaN for even n; for negative x
 * and n ≥ 2 the cost grows like |x|.
 *
 * @example
 * ```ts
 * polygamma64(1, 1); // π²/6
 * ```
 * @category ops
 * @since 0.1.0
 */
export function polygamma64(n: number, x: number): number {
  if (n === 0) return digamma64(x);
  if (Number.isNaN(x) || x === -Infinity) return NaN;
  if (x === Infinity) return 0;
  const sign = n % 2 === 1 ? 1 : -1; // (−1)^(n+1)
  if (x <= 0 && Number.isInteger(x)) return sign > 0 ? Infinity : NaN;
  if (n === 1 && x < 0) {
    const s = sinPi(x);
    return (Math.PI * Math.PI) / (s * s) - polygamma64(1, 1 - x);
  }
  let nFact = 1;
  for (let i = 2; i <= n; i++) nFact *= i;
  let acc = 0;
  let y = x;
  const threshold = 15 + 2 * n;
  while (y < threshold) {
    const inv = 1 / y;
    let term = nFact * inv;
    for (let m = 0; m < n; m++) term *= inv;
    acc += term;
    y += 1;
  }
  // (n−1)!/yⁿ + n!/(2yⁿ⁺¹) + Σₖ B₂ₖ (2k+n−1)!/((2k)! y^(2k+n))
  let series = nFact / n / y ** n + nFact / (2 * y ** (n + 1));
  const inv2 = 1 / (y * y);
  let power = 1 / y ** (n + 2);
  let ratio = nFact * (n + 1) / 2; // (2k+n−1)!/(2k)! at k = 1: (n+1)!/2
  for (let k = 1; k <= 10; k++) {
    series += BERNOULLI[k - 1]! * ratio * power;
    power *= inv2;
    ratio *= ((2 * k + n) * (2 * k + n + 1)) / ((2 * k + 1) * (2 * k + 2));
  }
  return sign * (acc + series);
}
