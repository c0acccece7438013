/**
 * Pyro's chain diagnostics (`pyro.ops.stats`), over chains of one scalar quantity, so that
 * figures compare with Pyro's exactly as `shared/bench/MCMC.md` defines them:
 *
 * - `W` = mean of the chain variances (ddof 1), `var⁺ = (N−1)/N · W + B`, `B` the variance
 *   (ddof 1) of the chain means (one chain: `var⁺ = (N−1)/N · W` and `W = var⁺`);
 * - **effective sample size**: `γ_c(k) = S_c(k) / (N − k)`, `ρ(k) = (var⁺ − W + mean_c γ_c(k)) / var⁺`,
 *   `ρ(0) = 1`; pair sums `P(m) = ρ(2m) + ρ(2m+1)`; for `m ≥ 1` clamp at 0 and take the running
 *   minimum; `τ = −1 + 2 P(0) + 2 Σ_{m≥1} P(m)`, `ESS = C·N / τ` (Geyer's initial monotone
 *   sequence; no chain splitting, no rank normalisation);
 * - **split R-hat**: each chain's first and last `⌊N/2⌋` draws as `2C` chains, `√(var⁺ / W)`.
 *
 * @module
 */
import { lagSums, meanOf, varianceOf } from './autocovariance.js';

/** `(W, var⁺)` of chains of equal length. */
export function chainVariances(chains: readonly ArrayLike<number>[]): { readonly within: number; readonly estimator: number } {
  const n = chains[0]!.length;
  const within = meanOf(chains.map((c) => varianceOf(c, 1)));
  const estimator = ((n - 1) / n) * within;
  if (chains.length === 1) return { within: estimator, estimator };
  return { within, estimator: estimator + varianceOf(chains.map(meanOf), 1) };
}

/**
 * Pyro's `effective_sample_size` of chains of equal length (≥ 2 draws).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function pyroEss(chains: readonly ArrayLike<number>[]): number {
  const c = chains.length;
  const n = chains[0]!.length;
  const { within, estimator } = chainVariances(chains);
  const gamma = new Float64Array(n);
  for (const chain of chains) {
    const s = lagSums(chain);
    for (let k = 0; k < n; k++) gamma[k] = gamma[k]! + s[k]! / (n - k) / c;
  }
  const rho = (k: number): number => (k === 0 ? 1 : (estimator - within + gamma[k]!) / estimator);
  const pairs = Math.floor(n / 2);
  let tau = -1 + 2 * (rho(0) + rho(1));
  let running = Infinity;
  for (let m = 1; m < pairs; m++) {
    const p = Math.max(rho(2 * m) + rho(2 * m + 1), 0);
    running = Math.min(running, p);
    tau += 2 * running;
  }
  return (c * n) / tau;
}

/**
 * Pyro's `gelman_rubin` (R-hat over whole chains, at least two).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function gelmanRubinOf(chains: readonly ArrayLike<number>[]): number {
  const { within, estimator } = chainVariances(chains);
  return Math.sqrt(estimator / within);
}

/** Each chain's first and last `⌊N/2⌋` draws. */
export function splitChains(chains: readonly ArrayLike<number>[]): readonly Float64Array[] {
  return chains.flatMap((chain) => {
    const half = Math.floor(chain.length / 2);
    const all = Float64Array.from(chain);
    return [all.subarray(0, half), all.subarray(chain.length - half)];
  });
}

/**
 * Pyro's `split_gelman_rubin` (≥ 4 draws per chain).
 *
 * @category mcmc
 * @since 0.2.0
 */
export const pyroSplitRHat = (chains: readonly ArrayLike<number>[]): number => gelmanRubinOf(splitChains(chains));
