/**
 * Shared helpers of the MCMC specs: Gaussian potentials in plain JavaScript (so the sampler is
 * tested without tfjs), and Monte Carlo error bounds from effective sample sizes.
 */
import { pyroEss } from '../../../lib/infer/mcmc/diagnostics/pyro-stats.js';
import type { PotentialFn } from '../../../lib/infer/mcmc/integrator.js';

/** `U(x) = ½ xᵀ P x` for a `[d·d]` precision `P` (row-major). */
export function gaussianPotential(precision: Float64Array, d: number): PotentialFn {
  return (q, g) => {
    let u = 0;
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += precision[i * d + j]! * q[j]!;
      g[i] = s;
      u += 0.5 * q[i]! * s;
    }
    return u;
  };
}

/** The equicorrelated covariance `(1 − ρ) I + ρ 11ᵀ` and its precision (Sherman–Morrison). */
export function equicorrelated(d: number, rho: number): { readonly cov: Float64Array; readonly precision: Float64Array } {
  const cov = new Float64Array(d * d);
  const precision = new Float64Array(d * d);
  const a = 1 / (1 - rho);
  const b = rho / ((1 - rho) * (1 + (d - 1) * rho));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      cov[i * d + j] = i === j ? 1 : rho;
      precision[i * d + j] = (i === j ? a : 0) - b;
    }
  }
  return { cov, precision };
}

/** Coordinate `j` of row-major `[n, d]` draws, per chain. */
export const column = (chains: readonly Float64Array[], d: number, j: number): Float64Array[] =>
  chains.map((draws) => Float64Array.from({ length: draws.length / d }, (_, i) => draws[i * d + j]!));

/** Mean of all draws of several chains. */
export const pooledMean = (chains: readonly Float64Array[]): number => {
  let s = 0;
  let n = 0;
  for (const c of chains) {
    for (const x of c) s += x;
    n += c.length;
  }
  return s / n;
};

/**
 * Monte Carlo check of `E f = expected` from chains of `f`: `|f̄ − expected| ≤ k · sd(f) / √ESS(f)`
 * (Pyro's ESS over the chains). Returns the z-score so the caller can assert `≤ k`.
 */
export function mcZ(chains: readonly Float64Array[], expected: number): number {
  const m = pooledMean(chains);
  let s = 0;
  let n = 0;
  for (const c of chains) {
    for (const x of c) s += (x - m) ** 2;
    n += c.length;
  }
  const sd = Math.sqrt(s / (n - 1));
  return Math.abs(m - expected) / (sd / Math.sqrt(pyroEss(chains)));
}
