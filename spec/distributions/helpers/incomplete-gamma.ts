/**
 * Float64 reference functions for the Gamma tests: `log Γ` (Lanczos, g = 7, 9 terms; relative
 * error ~1e-15) and the regularized lower incomplete gamma `P(α, z)` (power series below
 * `max(1, α)`, Legendre continued fraction above; Numerical Recipes §6.2). Only values, no
 * derivatives: the tests differentiate these by central differences to check the implicit
 * reparameterization gradient, which is computed by a different (forward-mode) route.
 */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
] as const;

/** `log Γ(x)` for `x > 0`. */
export function logGamma64(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma64(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** `P(α, z) = γ(α, z) / Γ(α)`. */
export function gammaP(alpha: number, z: number): number {
  if (z <= 0) return 0;
  const logPrefactor = alpha * Math.log(z) - z - logGamma64(alpha);
  if (z <= 1 || z <= alpha) {
    let term = 1 / alpha;
    let sum = term;
    for (let n = 1; n < 100000 && Math.abs(term) > 1e-17 * sum; n++) {
      term *= z / (alpha + n);
      sum += term;
    }
    return Math.exp(logPrefactor) * sum;
  }
  return 1 - gammaQContinuedFraction(alpha, z, logPrefactor);
}

/** `Q(α, z) = 1 − P(α, z)`, accurate in the upper tail (continued fraction for `z > max(1, α)`). */
export function gammaQ(alpha: number, z: number): number {
  if (z <= 1 || z <= alpha) return 1 - gammaP(alpha, z);
  return gammaQContinuedFraction(alpha, z, alpha * Math.log(z) - z - logGamma64(alpha));
}

function gammaQContinuedFraction(alpha: number, z: number, logPrefactor: number): number {
  const tiny = 1e-300;
  let b = z + 1 - alpha;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - alpha);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(logPrefactor) * h;
}

/** The Gamma(α, 1) density. */
export function gammaDensity(alpha: number, z: number): number {
  return Math.exp((alpha - 1) * Math.log(z) - z - logGamma64(alpha));
}
