/**
 * SCALE.md's protocol and record: `warmup` untimed steps, then `repeats` blocks of `steps` timed
 * steps; `ms_per_step` is the median block's, `loss_tail_mean` the mean one-sample −ELBO over the
 * last block, compared with Pyro's (`loss_rel_diff`).
 */
import { type BenchOptions, measure } from '../protocol.js';
import type { ScaleConfig } from './configs.js';

/** The JSON record of one scale run. */
export interface ScaleResult {
  readonly workload: string;
  readonly backend: string;
  readonly warmup: number;
  readonly steps: number;
  readonly repeats: number;
  readonly ms_per_step: number;
  readonly kernels_per_step: number;
  readonly tensors_after: number;
  readonly loss_tail_mean: number;
  readonly final_loss: number;
  readonly posterior: Readonly<Record<string, number>>;
  readonly data: Readonly<Record<string, number>>;
  readonly seed: number;
  readonly pyro_ms_1t: number;
  readonly pyro_ms_2t: number;
  readonly ratio_to_pyro_1t: number;
  readonly ratio_to_pyro_2t: number;
  readonly pyro_loss_tail_mean: number;
  readonly loss_rel_diff: number;
  readonly ms_per_step_blocks: readonly number[];
  readonly peak_rss_mb: number;
  readonly kernel_histogram: Readonly<Record<string, number>>;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const h = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2;
};

/** The protocol's settings for `config`, with any of them overridden. */
export const scaleOptions = (config: ScaleConfig, overrides: Partial<BenchOptions> = {}): BenchOptions => ({
  steps: config.steps,
  warmup: config.warmup,
  repeats: config.repeats,
  seed: 0,
  ...overrides,
});

/** Run `config` by SCALE.md's protocol. */
export async function runScale(config: ScaleConfig, options: BenchOptions): Promise<ScaleResult> {
  const m = await measure(config.prepare, { ...options, block: options.steps });
  const tail = m.losses.subarray(m.losses.length - options.steps);
  const lossTail = tail.reduce((s, v) => s + v, 0) / tail.length;
  const ms = median(m.blocks) * 1000;
  return {
    workload: config.name,
    backend: m.backend,
    warmup: options.warmup,
    steps: options.steps,
    repeats: options.repeats ?? 1,
    ms_per_step: ms,
    kernels_per_step: m.kernels,
    tensors_after: m.tensorsAfter,
    loss_tail_mean: lossTail,
    final_loss: m.losses[m.losses.length - 1] ?? NaN,
    posterior: m.posterior,
    data: m.checksums,
    seed: options.seed,
    pyro_ms_1t: config.pyroMs1,
    pyro_ms_2t: config.pyroMs2,
    ratio_to_pyro_1t: ms / config.pyroMs1,
    ratio_to_pyro_2t: ms / config.pyroMs2,
    pyro_loss_tail_mean: config.pyroLoss,
    loss_rel_diff: lossTail / config.pyroLoss - 1,
    ms_per_step_blocks: m.blocks.map((b) => b * 1000),
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    kernel_histogram: m.histogram,
  };
}
