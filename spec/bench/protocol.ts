/**
 * The benchmark protocols of shared/bench/WORKLOADS.md and SCALE.md: build the data, then the
 * guide, run `warmup` untimed steps, time `repeats` blocks of `steps` steps (the state carries
 * on), then count the kernels of one more `svi.update` with `tf.profile`, and report one record
 * (printed as one JSON line by `run.ts`).
 *
 * - WORKLOADS.md: `sec_per_step` is the mean over ALL timed steps (wall time / steps).
 * - SCALE.md: `ms_per_step` is the median block's; `loss_tail_mean` the mean loss of the last block.
 *
 * `block` (default `steps`) splits the timing finer, for the warm-up curve: with `--warmup 0
 * --block 500` `sec_per_step_blocks` is ms per step in blocks of 500 steps from step 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prngKey, type SVIState } from '../../lib/index.js';
import type { PreparedData, Workload } from './workload.js';

/** Options of one benchmark run. */
export interface BenchOptions {
  readonly steps: number;
  readonly warmup: number;
  readonly seed: number;
  /** Timed blocks of `steps` steps (default 1). */
  readonly repeats?: number;
  /** Steps per timing block (default `steps`; must divide `steps`). */
  readonly block?: number;
}

/** What one run measured, before a protocol summarizes it. */
export interface Measured {
  readonly backend: string;
  /** Seconds per step of each timing block, in order. */
  readonly blocks: readonly number[];
  /** The loss of every timed step, in order. */
  readonly losses: Float64Array;
  readonly kernels: number;
  readonly histogram: Readonly<Record<string, number>>;
  readonly tensorsAfter: number;
  readonly posterior: Readonly<Record<string, number>>;
  readonly checksums: Readonly<Record<string, number>>;
}

/** The JSON record of one WORKLOADS.md run (its fields, then extras). */
export interface BenchResult {
  readonly workload: string;
  readonly backend: string;
  readonly steps: number;
  readonly warmup: number;
  readonly sec_per_step: number;
  readonly kernels_per_step: number;
  readonly tensors_after: number;
  readonly final_loss: number;
  readonly loss_last100_mean: number;
  readonly posterior: Readonly<Record<string, number>>;
  readonly data: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly pyro_ms: number;
  readonly ratio_to_pyro: number;
  readonly sec_per_step_blocks: readonly number[];
  readonly peak_rss_mb: number;
  readonly kernel_histogram: Readonly<Record<string, number>>;
}

/** The kernels one call of `fn` launches, by name (from `tf.profile`). */
export async function profileKernels(fn: () => void): Promise<{ readonly count: number; readonly histogram: Record<string, number> }> {
  const info = await tf.profile(fn);
  const histogram: Record<string, number> = {};
  for (const k of info.kernels) histogram[k.name] = (histogram[k.name] ?? 0) + 1;
  return { count: info.kernels.length, histogram };
}

const disposeState = (state: SVIState): void =>
  tf.dispose([...Object.values(state.params), ...Object.values(state.optState).flatMap((slots) => Object.values(slots))]);

/** Run the protocol on prepared data (see the module notes). */
export async function measure(prepare: () => PreparedData, options: BenchOptions): Promise<Measured> {
  const { steps, warmup, seed } = options;
  const repeats = options.repeats ?? 1;
  const block = options.block ?? steps;
  if (block < 1 || steps % block !== 0) throw new Error(`bench: --block ${block} must divide --steps ${steps}.`);
  const prepared = prepare();
  const before = tf.memory().numTensors;
  const { svi, args, argsAt, posterior } = prepared.setup();
  const argsOf = argsAt ?? (() => args);
  let step = 0;
  let state = svi.init(prngKey(seed), ...argsOf(0));
  for (; step < warmup; step++) [state] = svi.update(state, ...argsOf(step));
  const losses = new Float64Array(steps * repeats);
  const blocks: number[] = [];
  for (let b = 0; b < (steps * repeats) / block; b++) {
    const start = performance.now();
    for (let i = b * block; i < (b + 1) * block; i++, step++) {
      const [next, loss] = svi.update(state, ...argsOf(step));
      state = next;
      losses[i] = loss;
    }
    blocks.push((performance.now() - start) / 1000 / block);
  }
  const kernels = await profileKernels(() => {
    [state] = svi.update(state, ...argsOf(step));
  });
  const tensorsAfter = tf.memory().numTensors - before;
  const params = svi.getParams(state);
  const summary = posterior(params);
  tf.dispose(Object.values(params));
  disposeState(state);
  prepared.dispose();
  return { backend: tf.getBackend(), blocks, losses, kernels: kernels.count, histogram: kernels.histogram, tensorsAfter, posterior: summary, checksums: prepared.checksums };
}

const mean = (xs: ArrayLike<number>): number => Array.from(xs).reduce((s, v) => s + v, 0) / xs.length;

/** Run `workload` by WORKLOADS.md's protocol and return its record. */
export async function runWorkload(workload: Workload, options: BenchOptions): Promise<BenchResult> {
  const m = await measure(workload.prepare, options);
  const last = m.losses.subarray(Math.max(0, m.losses.length - 100));
  const secPerStep = mean(m.blocks); // equal blocks: the mean over all timed steps
  return {
    workload: workload.name,
    backend: m.backend,
    steps: options.steps,
    warmup: options.warmup,
    sec_per_step: secPerStep,
    kernels_per_step: m.kernels,
    tensors_after: m.tensorsAfter,
    final_loss: m.losses[m.losses.length - 1] ?? NaN,
    loss_last100_mean: mean(last),
    posterior: m.posterior,
    data: m.checksums,
    seed: options.seed,
    pyro_ms: workload.pyroMs,
    ratio_to_pyro: (secPerStep * 1000) / workload.pyroMs,
    sec_per_step_blocks: m.blocks,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    kernel_histogram: m.histogram,
  };
}

/** The one JSON line of a record (the kernel histogram only when asked for). */
export function jsonLine(result: { readonly kernel_histogram: Readonly<Record<string, number>> }, withHistogram = false): string {
  const { kernel_histogram: histogram, ...record } = result;
  return JSON.stringify(withHistogram ? { ...record, kernel_histogram: histogram } : record);
}
