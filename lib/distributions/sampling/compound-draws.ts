/**
 * Exact draws of the compound discrete families, in float64 JavaScript from the site's key (so
 * draws are identical on every backend): a rate or a probability is drawn from its continuous
 * mixing law (Marsaglia–Tsang Gamma draws, `gamma-sampler.ts`), then a count by inversion from
 * the mode (`discrete-sampling.ts`), one uniform per draw.
 *
 * - Gamma–Poisson (NegativeBinomial, GammaPoisson): `λ = scale · Z`, `Z ~ Gamma(shape, 1)`,
 *   `k ~ Poisson(λ)`;
 * - Beta–Binomial: `p = X / (X + Y)`, `X ~ Gamma(a)`, `Y ~ Gamma(b)`, `k ~ Binomial(n, p)`
 *   (`p` from the log draws, `1 / (1 + exp(log Y − log X))`, so tiny Gammas do not underflow
 *   to 0/0).
 *
 * @module
 */
import { type Key, splitKey, uniforms } from '../../core/key.js';
import { ndtri64 } from '../../ops/index.js';
import { binomialDraw, poissonDraw } from './discrete-sampling.js';
import { standardGammaLogDraws } from './gamma-sampler.js';

/**
 * Above this rate the inversion walk (O(√λ) steps) is replaced by the normal limit
 * `round(λ + √λ · Φ⁻¹(u))`: its error (skewness `λ^{−1/2}` ≤ 1e-6) is far below float32's
 * spacing of such counts (≥ 2¹⁶ at 1e12), and the walk would take ~1e6 steps.
 */
const NORMAL_LIMIT_RATE = 1e12;

/** One Poisson(`rate`) draw from `u`, by inversion, or by the normal limit for huge (or infinite) rates. */
function poissonOrLimit(rate: number, u: number): number {
  if (rate < NORMAL_LIMIT_RATE) return poissonDraw(rate, u);
  if (!Number.isFinite(rate)) return rate;
  return Math.max(0, Math.round(rate + Math.sqrt(rate) * ndtri64(Math.min(Math.max(u, 1e-300), 1 - 2 ** -53))));
}

/** Reads the i-th draw's parameter (i counts `sampleShape + batchShape` row-major). */
export type ParamAt = (i: number) => number;

/**
 * `n` draws `k ~ Poisson(scale · Z)`, `Z ~ Gamma(shape)`: the negative binomial with
 * `totalCount = shape` and odds `p / (1 − p) = scale`. A zero shape or scale draws 0.
 */
export function gammaPoissonDraws(key: Key, n: number, shapeAt: ParamAt, scaleAt: ParamAt): Float64Array {
  const [gammaKey, poissonKey] = splitKey(key, 2) as [Key, Key];
  const logZ = standardGammaLogDraws(gammaKey, n, shapeAt);
  const u = uniforms(poissonKey, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const scale = scaleAt(i);
    const rate = shapeAt(i) > 0 && scale > 0 ? scale * Math.exp(logZ[i]!) : 0;
    out[i] = poissonOrLimit(rate, u[i]!);
  }
  return out;
}

/** `n` draws `k ~ Binomial(count, p)`, `p ~ Beta(concentration1, concentration0)`. */
export function betaBinomialDraws(key: Key, n: number, concentration1At: ParamAt, concentration0At: ParamAt, countAt: ParamAt): Float64Array {
  const [xKey, yKey, binomialKey] = splitKey(key, 3) as [Key, Key, Key];
  const logX = standardGammaLogDraws(xKey, n, concentration1At);
  const logY = standardGammaLogDraws(yKey, n, concentration0At);
  const u = uniforms(binomialKey, n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = binomialDraw(countAt(i), 1 / (1 + Math.exp(logY[i]! - logX[i]!)), u[i]!);
  return out;
}
