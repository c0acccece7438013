/**
 * Rank-normalized split R-hat and bulk / tail effective sample sizes (Vehtari, Gelman, Simpson,
 * Carpenter & Bürkner 2021, "Rank-normalization, folding, and localization: an improved R̂ for
 * assessing convergence of MCMC"), computed as ArviZ computes them:
 *
 * - chains are split in halves (first and last `⌊N/2⌋` draws);
 * - rank normalization: `z = Φ⁻¹((r − 3/8) / (S + 1/4))`, `r` the average rank among all `S` draws;
 * - R-hat: `√(((N−1)/N · W + B/N) / W)` with `B = N · var(chain means)`; the rank R-hat is the
 *   larger of the bulk one (of `z`) and the tail one (of `z` of `|x − median|`);
 * - ESS: Geyer's initial positive then monotone sequence on `ρ̂(t) = 1 − (W − mean_c acov_c(t)) / var⁺`
 *   with `acov(t) = S(t)/N`, `τ ≥ 1/log₁₀(C·N)`; bulk ESS of `z`, tail ESS the smaller of the
 *   ESS of the indicators `x ≤ q₀.₀₅` and `x ≤ q₀.₉₅`.
 *
 * @module
 */
import { lagSums, meanOf, varianceOf } from './autocovariance.js';
import { normalQuantile } from './normal-quantile.js';
import { splitChains } from './pyro-stats.js';
import { quantileSorted } from './intervals.js';

/** Average ranks (1-based, ties averaged) of all draws, chain by chain, z-scaled. */
export function rankNormalize(chains: readonly ArrayLike<number>[]): readonly Float64Array[] {
  const all: number[] = [];
  for (const c of chains) all.push(...Array.from(c));
  const order = all.map((_, i) => i).sort((a, b) => all[a]! - all[b]!);
  const rank = new Float64Array(all.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && all[order[j + 1]!] === all[order[i]!]) j++;
    const average = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) rank[order[k]!] = average;
    i = j + 1;
  }
  const size = all.length;
  let at = 0;
  return chains.map((c) => Float64Array.from({ length: c.length }, () => normalQuantile((rank[at++]! - 0.375) / (size + 0.25))));
}

/** ArviZ's `_rhat` over (already split) chains. */
export function basicRHat(chains: readonly ArrayLike<number>[]): number {
  const n = chains[0]!.length;
  const between = n * varianceOf(chains.map(meanOf), 1);
  const within = meanOf(chains.map((c) => varianceOf(c, 1)));
  return Math.sqrt((between / within + n - 1) / n);
}

/** ArviZ's `_ess` over (already split) chains. */
export function basicEss(chains: readonly ArrayLike<number>[]): number {
  const c = chains.length;
  const n = chains[0]!.length;
  let lo = Infinity;
  let hi = -Infinity;
  for (const chain of chains) {
    for (let i = 0; i < n; i++) {
      lo = Math.min(lo, chain[i]!);
      hi = Math.max(hi, chain[i]!);
    }
  }
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return NaN;
  if (hi - lo < 1e-15) return c * n;
  const acov = new Float64Array(n);
  for (const chain of chains) {
    const s = lagSums(chain);
    for (let k = 0; k < n; k++) acov[k] = acov[k]! + s[k]! / n / c;
  }
  const meanVar = (acov[0]! * n) / (n - 1);
  let varPlus = (meanVar * (n - 1)) / n;
  if (c > 1) varPlus += varianceOf(chains.map(meanOf), 1);
  const rho = new Float64Array(n);
  let even = 1;
  let odd = 1 - (meanVar - acov[1]!) / varPlus;
  rho[0] = even;
  rho[1] = odd;
  let t = 1;
  while (t < n - 3 && even + odd > 0) {
    even = 1 - (meanVar - acov[t + 1]!) / varPlus;
    odd = 1 - (meanVar - acov[t + 2]!) / varPlus;
    if (even + odd >= 0) {
      rho[t + 1] = even;
      rho[t + 2] = odd;
    }
    t += 2;
  }
  const maxT = t - 2;
  if (even > 0) rho[maxT + 1] = even;
  for (let s = 1; s <= maxT - 2; s += 2) {
    if (rho[s + 1]! + rho[s + 2]! > rho[s - 1]! + rho[s]!) {
      rho[s + 1] = (rho[s - 1]! + rho[s]!) / 2;
      rho[s + 2] = rho[s + 1]!;
    }
  }
  let sum = 0;
  for (let s = 0; s <= maxT; s++) sum += rho[s]!;
  let tau = -1 + 2 * sum + (maxT + 1 < n ? rho[maxT + 1]! : 0);
  tau = Math.max(tau, 1 / Math.log10(c * n));
  return rho.some(Number.isNaN) ? NaN : (c * n) / tau;
}

/**
 * The rank-normalized split R-hat: `max(bulk, tail)`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function rankRHat(chains: readonly ArrayLike<number>[]): number {
  const split = splitChains(chains);
  const bulk = basicRHat(rankNormalize(split));
  const all = Float64Array.from(split.flatMap((c) => Array.from(c))).sort();
  const median = quantileSorted(all, 0.5);
  const folded = split.map((c) => c.map((x) => Math.abs(x - median)));
  return Math.max(bulk, basicRHat(rankNormalize(folded)));
}

/**
 * The bulk effective sample size (of the rank-normalized split chains).
 *
 * @category mcmc
 * @since 0.2.0
 */
export const bulkEss = (chains: readonly ArrayLike<number>[]): number => basicEss(rankNormalize(splitChains(chains)));

/**
 * The tail effective sample size: the smaller ESS of the 5 % and 95 % quantile indicators.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function tailEss(chains: readonly ArrayLike<number>[]): number {
  const all = Float64Array.from(chains.flatMap((c) => Array.from(c))).sort();
  const split = splitChains(chains);
  const essBelow = (q: number): number => {
    const cut = quantileSorted(all, q);
    return basicEss(split.map((c) => c.map((x) => (x <= cut ? 1 : 0))));
  };
  return Math.min(essBelow(0.05), essBelow(0.95));
}
