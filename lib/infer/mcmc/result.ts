/**
 * What `MCMC.run` returns: the draws of every latent site in constrained space (as tensors, owned
 * by the result until `dispose()`), per-draw sampler statistics per chain, per-chain adaptation
 * results and costs, and the summary table.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ChainResult } from './chain.js';
import { type SummaryRow, formatSummary, summary } from './diagnostics/summary.js';

/**
 * Per-draw sampler statistics, one array per chain (NumPyro's extra fields).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface DrawDiagnostics {
  /** 1 where the draw's trajectory diverged. */
  readonly divergent: readonly Uint8Array[];
  /** Tree depth (Stan's convention: up to `2^depth − 1` leapfrog steps; 0 for HMC). */
  readonly treeDepth: readonly Uint8Array[];
  /** Leapfrog steps (gradient evaluations). */
  readonly numSteps: readonly Int32Array[];
  /** The mean acceptance statistic of the draw's trajectory. */
  readonly acceptProb: readonly Float64Array[];
  /** The step size used (constant after warmup). */
  readonly stepSize: readonly Float64Array[];
  /** The potential energy `U` at the draw. */
  readonly potentialEnergy: readonly Float64Array[];
  /** The Hamiltonian at the start of the draw's iteration. */
  readonly energy: readonly Float64Array[];
}

/**
 * One chain's adaptation result and cost.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface ChainInfo {
  readonly stepSize: number;
  /** `[d]` (diagonal) or `[d · d]` (dense). */
  readonly inverseMassMatrix: Float64Array;
  readonly meanAcceptProb: number;
  /** Divergent draws (after warmup). */
  readonly divergences: number;
  readonly warmupDivergences: number;
  /** Gradient evaluations in warmup (with initialization and step-size searches) and in sampling. */
  readonly gradsWarmup: number;
  readonly gradsSampling: number;
  /** Wall-clock seconds of warmup (with the chain's setup) and of sampling. */
  readonly secondsWarmup: number;
  readonly secondsSampling: number;
  /** Process CPU seconds of sampling (Node; NaN elsewhere). */
  readonly cpuSecondsSampling: number;
}

/**
 * The result of {@link MCMCRunner.run}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface MCMCResult {
  readonly numChains: number;
  readonly numSamples: number;
  /** Constrained draws per site, chains concatenated: `[chains · draws, ...siteShape]` (for `Predictive`). */
  readonly samples: Readonly<Record<string, tf.Tensor>>;
  /** The same draws grouped by chain: `[chains, draws, ...siteShape]`. */
  readonly chainSamples: Readonly<Record<string, tf.Tensor>>;
  /** Unconstrained draws per chain, row-major `[draws, d]`. */
  readonly unconstrained: readonly Float64Array[];
  readonly diagnostics: DrawDiagnostics;
  readonly chains: readonly ChainInfo[];
  /** Divergent draws over all chains (after warmup). */
  readonly divergences: number;
  /** The summary rows (Pyro's statistics per scalar element). */
  summaryRows(options?: { readonly prob?: number }): readonly SummaryRow[];
  /** Pyro's `mcmc.summary()` table followed by `Number of divergences: n`. */
  summary(options?: { readonly prob?: number }): string;
  /** Release the sample tensors. */
  dispose(): void;
}

const sum = (a: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!; // eslint-disable-line @typescript-eslint/prefer-for-of -- ArrayLike
  return s;
};

/** Assemble the result from the chains and the flattened constrained draws. */
export function makeResult(chains: readonly ChainResult[], samples: Record<string, tf.Tensor>): MCMCResult {
  const numChains = chains.length;
  const numSamples = chains[0]!.numSamples;
  const chainSamples = Object.fromEntries(Object.entries(samples).map(([name, t]) => [name, tf.reshape(t, [numChains, numSamples, ...t.shape.slice(1)])]));
  const divergences = sum(chains.map((c) => sum(c.divergent)));
  const rows = (prob = 0.9): readonly SummaryRow[] => summary(chainSamples, { prob });
  return {
    numChains,
    numSamples,
    samples,
    chainSamples,
    unconstrained: chains.map((c) => c.draws),
    diagnostics: {
      divergent: chains.map((c) => c.divergent),
      treeDepth: chains.map((c) => c.treeDepth),
      numSteps: chains.map((c) => c.numSteps),
      acceptProb: chains.map((c) => c.acceptProb),
      stepSize: chains.map((c) => new Float64Array(c.numSamples).fill(c.stepSize)),
      potentialEnergy: chains.map((c) => c.potentialEnergy),
      energy: chains.map((c) => c.energy),
    },
    chains: chains.map((c) => ({
      stepSize: c.stepSize,
      inverseMassMatrix: c.inverseMassMatrix,
      meanAcceptProb: sum(c.acceptProb) / c.numSamples,
      divergences: sum(c.divergent),
      warmupDivergences: c.warmupDivergences,
      gradsWarmup: c.gradsWarmup,
      gradsSampling: c.gradsSampling,
      secondsWarmup: c.msWarmup / 1000,
      secondsSampling: c.msSampling / 1000,
      cpuSecondsSampling: c.cpuMsSampling / 1000,
    })),
    divergences,
    summaryRows: (options = {}) => rows(options.prob),
    summary: (options = {}) => formatSummary(rows(options.prob), { prob: options.prob ?? 0.9, divergences }),
    dispose() {
      for (const t of [...Object.values(samples), ...Object.values(chainSamples)]) t.dispose();
    },
  };
}
