/**
 * The NUTS benchmark protocol of shared/bench/MCMC.md: `chains × (warmup + samples)` with
 * `NUTS(model, { targetAcceptProb: 0.8, maxTreeDepth: 10 })` (dense mass for the `_dense`
 * variants), seed 0, one JSON record per run with MCMC.md's fields (walls summed over chains,
 * gradients, tree statistics, divergences, Pyro's ESS and split R-hat, per-latent summaries in
 * constrained space, data checksums), then Ignis's extras: the potential's implementation and
 * tfjs kernels per leapfrog step, gradients per second, the rank-normalized diagnostics, the
 * largest distance of a latent's mean from the reference posterior (in Monte Carlo standard
 * errors), and Pyro's figures with the ESS/s ratio.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MCMC, NUTS, prngKey } from '../../../lib/index.js';
import { withoutValidation } from '../../../lib/infer/mcmc/chain-setup.js';
import { elementChains, chainDrawsOf, elementsOf } from '../../../lib/infer/mcmc/diagnostics/chains.js';
import { quantileSorted } from '../../../lib/infer/mcmc/diagnostics/intervals.js';
import { pyroEss, pyroSplitRHat } from '../../../lib/infer/mcmc/diagnostics/pyro-stats.js';
import { bulkEss, rankRHat } from '../../../lib/infer/mcmc/diagnostics/rank-stats.js';
import { potentialEnergy } from '../../../lib/infer/mcmc/potential.js';
import type { Moments } from '../../../examples/support/quadrature.js';
import { type McmcWorkload, PYRO_DENSE_ESS_PER_SECOND } from './workloads.js';

/** Options of one run. */
export interface McmcBenchOptions {
  readonly chains: number;
  readonly warmup: number;
  readonly samples: number;
  readonly seed: number;
  readonly chainMethod: 'sequential' | 'parallel';
  readonly jitCompile: boolean;
}

/** A latent element's summary (MCMC.md's `latents` entries). */
export interface LatentSummary {
  readonly mean: number;
  readonly sd: number;
  readonly q05: number;
  readonly q50: number;
  readonly q95: number;
  readonly n_eff: number;
  readonly r_hat: number;
}

/** Summaries of every scalar element of `chains` (`[C, N]` per element). */
function summarize(chains: readonly Float64Array[]): LatentSummary {
  const pooled = Float64Array.from(chains.flatMap((c) => Array.from(c)));
  const n = pooled.length;
  const mean = pooled.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(pooled.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const sorted = pooled.sort();
  return { mean, sd, q05: quantileSorted(sorted, 0.05), q50: quantileSorted(sorted, 0.5), q95: quantileSorted(sorted, 0.95), n_eff: pyroEss(chains), r_hat: pyroSplitRHat(chains) };
}

/** Every element of every site: name → chains. */
function elementChainsOf(chainSamples: Readonly<Record<string, tf.Tensor>>): Map<string, readonly Float64Array[]> {
  const out = new Map<string, readonly Float64Array[]>();
  for (const [site, t] of Object.entries(chainSamples)) {
    const d = chainDrawsOf('bench', t);
    const e = elementsOf(d);
    for (let j = 0; j < e; j++) out.set(d.shape.length === 0 ? site : `${site}[${j}]`, elementChains(d, j));
  }
  return out;
}

/** Derived quantities MCMC.md asks to summarise: eight schools' theta, the funnel's x. */
function derived(name: string, elements: ReadonlyMap<string, readonly Float64Array[]>): Map<string, readonly Float64Array[]> {
  const out = new Map<string, readonly Float64Array[]>();
  if (name === 'eight_schools_noncentered') {
    const mu = elements.get('mu')!;
    const tau = elements.get('tau')!;
    for (let j = 0; j < 8; j++) out.set(`theta[${j}]`, elements.get(`theta_tilde[${j}]`)!.map((c, k) => c.map((t, i) => mu[k]![i]! + tau[k]![i]! * t)));
  }
  if (name === 'funnel_noncentered') {
    const v = elements.get('v')!;
    for (let j = 0; j < 9; j++) out.set(`x[${j}]`, elements.get(`x_raw[${j}]`)!.map((c, k) => c.map((x, i) => Math.exp(v[k]![i]! / 2) * x)));
  }
  return out;
}

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

/** Run one workload by the protocol; `references` are exact posterior moments by latent name. */
export async function runMcmcWorkload(workload: McmcWorkload, options: McmcBenchOptions, references: Readonly<Record<string, Moments>> | undefined): Promise<Record<string, unknown>> {
  const setup = workload.prepare();
  const before = tf.memory().numTensors;
  // the potential's implementation and its tfjs kernels per leapfrog step (one evaluation)
  const potential = potentialEnergy(setup.model, setup.args, 'NUTS', { compile: options.jitCompile });
  const grad = new Float64Array(potential.dim);
  const evaluate = withoutValidation(potential.valueAndGrad);
  const point = new Float64Array(potential.dim).fill(0.1);
  evaluate(point, grad);
  const profile = await tf.profile(() => {
    evaluate(point, grad);
  });
  const kernel = NUTS(setup.model, { targetAcceptProb: 0.8, maxTreeDepth: 10, fullMass: workload.fullMass, jitCompile: options.jitCompile });
  const started = performance.now();
  const result = MCMC(kernel, {
    numWarmup: options.warmup,
    numSamples: options.samples,
    numChains: options.chains,
    chainMethod: options.chainMethod,
    workerModel: { module: new URL('./models.ts', import.meta.url), name: workload.exportName },
  }).run(prngKey(options.seed), ...(setup.args as []));
  const wallTotal = (performance.now() - started) / 1000;

  const elements = elementChainsOf(result.chainSamples);
  const latents = Object.fromEntries([...elements].map(([name, chains]) => [name, summarize(chains)]));
  const extra = Object.fromEntries([...derived(workload.name, elements)].map(([name, chains]) => [name, summarize(chains)]));
  let essMin = Infinity;
  let essMinLatent = '';
  let rHatMax = 0;
  let bulkMin = Infinity;
  let rankMax = 0;
  for (const [name, chains] of elements) {
    const s = latents[name]!;
    if (s.n_eff < essMin) {
      essMin = s.n_eff;
      essMinLatent = name;
    }
    rHatMax = Math.max(rHatMax, s.r_hat);
    bulkMin = Math.min(bulkMin, bulkEss(chains));
    if (options.chains > 1) rankMax = Math.max(rankMax, rankRHat(chains));
  }
  // the distance of each latent's mean from the reference, in Monte Carlo standard errors sd/√ESS
  let refZ = 0;
  let refWorst = '';
  for (const [name, ref] of Object.entries(references ?? {})) {
    const s = latents[name] ?? extra[name];
    if (s === undefined || !Number.isFinite(ref.sd)) continue;
    const z = Math.abs(s.mean - ref.mean) / (ref.sd / Math.sqrt(s.n_eff));
    if (z > refZ) {
      refZ = z;
      refWorst = name;
    }
  }

  const chains = result.chains;
  const sum = (f: (c: (typeof chains)[number]) => number): number => chains.reduce((a, c) => a + f(c), 0);
  const wallWarmup = sum((c) => c.secondsWarmup);
  const wallSampling = sum((c) => c.secondsSampling);
  const cpuSampling = sum((c) => c.cpuSecondsSampling);
  const gradsSampling = sum((c) => c.gradsSampling);
  const depths = result.diagnostics.treeDepth.flatMap((d) => Array.from(d));
  const steps = result.diagnostics.numSteps.flatMap((d) => Array.from(d));
  const essPerS = essMin / wallSampling;
  const pyroEssPerS = workload.pyro === undefined ? PYRO_DENSE_ESS_PER_SECOND[workload.name] : options.chains === 1 ? workload.pyro.essPerSecond1 : workload.pyro.essPerSecond4;
  result.dispose();
  const tensorsAfter = tf.memory().numTensors - before;
  setup.dispose();
  return {
    workload: workload.name,
    chains: options.chains,
    warmup: options.warmup,
    samples: options.samples,
    seed: options.seed,
    wall_warmup_s: round(wallWarmup),
    wall_sampling_s: round(wallSampling),
    grads_warmup: sum((c) => c.gradsWarmup),
    grads_sampling: gradsSampling,
    steps_per_sample_mean: round(steps.reduce((a, b) => a + b, 0) / steps.length, 4),
    tree_depth_mean: round(depths.reduce((a, b) => a + b, 0) / depths.length, 4),
    tree_depth_max: Math.max(...depths),
    divergences: result.divergences,
    step_size: chains.map((c) => round(c.stepSize, 4)),
    mean_accept_prob: chains.map((c) => round(c.meanAcceptProb, 4)),
    ess_min: round(essMin),
    ess_min_latent: essMinLatent,
    r_hat_max: round(rHatMax),
    ess_min_per_s_sampling: round(essPerS),
    latents,
    derived: extra,
    data: setup.checksums,
    // Ignis's extras
    backend: tf.getBackend(),
    chain_method: options.chainMethod,
    wall_total_s: round(wallTotal),
    potential: potential.implementation.kind,
    ...(potential.implementation.kind === 'tfjs' ? { potential_fallback: potential.implementation.reason } : {}),
    kernels_per_leapfrog: profile.kernels.length,
    grads_per_s_sampling: round(gradsSampling / wallSampling),
    ms_per_grad_sampling: round((1000 * wallSampling) / gradsSampling, 4),
    ess_min_per_1000_grads: round((1000 * essMin) / gradsSampling, 4),
    cpu_sampling_s: round(cpuSampling),
    ess_min_per_cpu_s_sampling: round(essMin / cpuSampling),
    ess_bulk_min: round(bulkMin),
    r_hat_rank_max: options.chains > 1 ? round(rankMax) : null,
    divergences_warmup: sum((c) => c.warmupDivergences),
    reference_max_z: references === undefined ? null : round(refZ, 3),
    reference_worst: refWorst,
    tensors_after: tensorsAfter,
    pyro_ess_min_per_s: pyroEssPerS ?? null,
    ess_per_s_ratio_to_pyro: pyroEssPerS === undefined ? null : round(essPerS / pyroEssPerS, 4),
    pyro_ess_min_per_1000_grads: options.chains === 1 ? null : (workload.pyro?.essPer1000Grads4 ?? null),
  };
}
