/**
 * The benchmark protocol of shared/bench/WORKLOADS.md: build the data, then the guide, run
 * `warmup` untimed steps, count the kernels of one `svi.update` with `tf.profile`, time `steps`
 * steps, and report one record (printed as one JSON line by `run.ts`).
 *
 * Timing on a shared machine: with `repeats` > 1 the timed loop runs that many times (the state
 * carries on) and `sec_per_step` is the fastest block, `sec_per_step_blocks` lists them all.
 */
import * as tf from '@tensorflow/tfjs-core';
import { prngKey, type SVIState } from '../../lib/index.js';
import type { Workload } from './workload.js';

/** Options of one benchmark run. */
export interface BenchOptions {
  readonly steps: number;
  readonly warmup: number;
  readonly seed: number;
  /** Timed blocks of `steps` steps (default 1); the fastest is reported. */
  readonly repeats?: number;
}

/** The JSON record of one run (WORKLOADS.md's fields, then extras). */
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

/** Run `workload` by the protocol and return its record. */
export async function runWorkload(workload: Workload, options: BenchOptions): Promise<BenchResult> {
  const { steps, warmup, seed } = options;
  const repeats = options.repeats ?? 1;
  const prepared = workload.prepare();
  const before = tf.memory().numTensors;
  const { svi, args, posterior } = prepared.setup();
  let state = svi.init(prngKey(seed), ...args);
  for (let i = 0; i < warmup; i++) [state] = svi.update(state, ...args);
  const kernels = await profileKernels(() => {
    [state] = svi.update(state, ...args);
  });
  const losses = new Float64Array(steps);
  const blocks: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    for (let i = 0; i < steps; i++) {
      const [next, loss] = svi.update(state, ...args);
      state = next;
      losses[i] = loss;
    }
    blocks.push((performance.now() - start) / 1000 / steps);
  }
  const tensorsAfter = tf.memory().numTensors - before;
  const params = svi.getParams(state);
  const summary = posterior(params);
  tf.dispose(Object.values(params));
  disposeState(state);
  prepared.dispose();
  const last = losses.subarray(Math.max(0, steps - 100));
  const secPerStep = Math.min(...blocks);
  return {
    workload: workload.name,
    backend: tf.getBackend(),
    steps,
    warmup,
    sec_per_step: secPerStep,
    kernels_per_step: kernels.count,
    tensors_after: tensorsAfter,
    final_loss: losses[steps - 1] ?? NaN,
    loss_last100_mean: last.reduce((s, v) => s + v, 0) / last.length,
    posterior: summary,
    data: prepared.checksums,
    seed,
    pyro_ms: workload.pyroMs,
    ratio_to_pyro: (secPerStep * 1000) / workload.pyroMs,
    sec_per_step_blocks: blocks,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    kernel_histogram: kernels.histogram,
  };
}

/** The one JSON line of a record (the kernel histogram only when asked for). */
export function jsonLine(result: BenchResult, withHistogram = false): string {
  const { kernel_histogram: histogram, ...record } = result;
  return JSON.stringify(withHistogram ? { ...record, kernel_histogram: histogram } : record);
}
