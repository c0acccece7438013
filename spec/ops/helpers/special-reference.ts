/**
 * Float64 reference values for the special-function tests, computed by methods deliberately
 * different from lib/ops/special: Lanczos (g = 7, n = 9) for lgamma, the Weierstrass product
 * near 1 and 2, Hurwitz-zeta sums with an Euler–Maclaurin tail for the polygammas, the
 * alternating Maclaurin series of erf, and a Laplace-type integral for the Normal tail.
 */

const EULER = 0.5772156649015329;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** `log Γ(1 + ε)` for |ε| ≤ 0.1 from the Weierstrass product `−γε + Σₙ (ε/n − log(1 + ε/n))`. */
function lgamma1pWeierstrass(eps: number): number {
  const n = 20000;
  let sum = 0;
  for (let k = n; k >= 1; k--) {
    const t = eps / k;
    sum += t - Math.log1p(t);
  }
  // tail Σ_{k>n} (ε²/2k² − ε³/3k³ + …) ≈ ε²/2 (1/n − 1/2n²) − ε³/(6n²)
  sum += (eps * eps) / 2 * (1 / n - 1 / (2 * n * n)) - (eps * eps * eps) / (6 * n * n);
  return -EULER * eps + sum;
}

/** Reference `log |Γ(x)|`. */
export function lgammaRef(x: number): number {
  if (Math.abs(x - 1) <= 0.1) return lgamma1pWeierstrass(x - 1);
  if (Math.abs(x - 2) <= 0.1) return Math.log1p(x - 2) + lgamma1pWeierstrass(x - 2);
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgammaRef(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Hurwitz zeta `ζ(s, x) = Σₙ (n + x)^(−s)` for s ≥ 2, x > 0: 2000 terms + Euler–Maclaurin tail. */
export function hurwitzZeta(s: number, x: number): number {
  const n = 2000;
  let sum = 0;
  for (let k = n - 1; k >= 0; k--) sum += (k + x) ** -s;
  const a = n + x;
  // ∫_a^∞ t^−s dt + f(a)/2 − f′(a)/12 + f‴(a)/720
  sum += a ** (1 - s) / (s - 1) + 0.5 * a ** -s + (s * a ** (-s - 1)) / 12 - (s * (s + 1) * (s + 2) * a ** (-s - 3)) / 720;
  return sum;
}

/** Reference digamma for x > 0: `−γ + Σₙ (x − 1)/((n + 1)(n + x))` with an Euler–Maclaurin tail. */
export function digammaRef(x: number): number {
  if (x < 0) return digammaRef(1 - x) - Math.PI / Math.tan(Math.PI * x);
  const n = 4000;
  const f = (k: number): number => (x - 1) / ((k + 1) * (k + x));
  let sum = 0;
  for (let k = n - 1; k >= 0; k--) sum += f(k);
  const h = 1e-3 * n;
  const fp = (f(n + h) - f(n - h)) / (2 * h);
  sum += Math.log((n + x) / (n + 1)) + 0.5 * f(n) - fp / 12;
  return -EULER + sum;
}

/** Reference polygamma `ψ⁽ᵐ⁾(x) = (−1)^(m+1) m! ζ(m + 1, x)` for m ≥ 1, x > 0. */
export function polygammaRef(m: number, x: number): number {
  let fact = 1;
  for (let i = 2; i <= m; i++) fact *= i;
  return (m % 2 === 1 ? 1 : -1) * fact * hurwitzZeta(m + 1, x);
}

/** erf by its alternating Maclaurin series (|x| ≤ 3). */
export function erfSeriesRef(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 300; n++) {
    term *= (-x * x) / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-18 * Math.abs(sum)) break;
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** Standard Normal CDF: series for |x| ≤ 3, else `φ(x)/|x| ∫₀^∞ e^(−s − s²/2x²) ds` by Simpson's rule. */
export function normalCdfRef(x: number): number {
  if (x > 0) return 1 - normalCdfRef(-x);
  if (x >= -3) return 0.5 + 0.5 * erfSeriesRef(x / Math.SQRT2);
  const n = 8000;
  const top = 60;
  const h = top / n;
  const g = (s: number): number => Math.exp(-s - (s * s) / (2 * x * x));
  let acc = g(0) + g(top);
  for (let i = 1; i < n; i++) acc += (i % 2 === 1 ? 4 : 2) * g(i * h);
  const phi = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
  return ((phi / -x) * acc * h) / 3;
}

/** Reference Normal quantile: Newton on `log Φ(x) = log p` (p ≤ ½; symmetric above). */
export function ndtriRef(p: number): number {
  if (p > 0.5) return -ndtriRef(1 - p);
  if (p === 0.5) return 0;
  let x = -Math.sqrt(-2 * Math.log(p));
  for (let i = 0; i < 100; i++) {
    const c = normalCdfRef(x);
    const phi = Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    const step = (Math.log(c) - Math.log(p)) / (phi / c);
    x -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return x;
}

/** Reference erfinv: Newton on the erf series (monotone from the left) for |y| ≤ 0.99, else via ndtriRef. */
export function erfinvRef(y: number): number {
  const a = Math.abs(y);
  if (a > 0.99) return Math.sign(y) * (-ndtriRef((1 - a) / 2) / Math.SQRT2);
  let x = (a * Math.sqrt(Math.PI)) / 2;
  for (let i = 0; i < 200; i++) {
    const step = ((a - erfSeriesRef(x)) * Math.sqrt(Math.PI)) / 2 / Math.exp(-x * x);
    x += step;
    if (step <= 1e-17 * x) break;
  }
  return Math.sign(y) * x;
}
