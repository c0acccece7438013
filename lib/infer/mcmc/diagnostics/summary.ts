/**
 * Pyro's `mcmc.summary()` table: per scalar element of every site, the mean, standard
 * deviation (ddof 1), median (the lower median, as torch), the `prob` highest posterior density
 * interval (labelled `5.0%` / `95.0%` for `prob = 0.9`, as Pyro labels it), Pyro's effective
 * sample size and split R-hat; after the table, the number of divergences.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../../core/errors.js';
import { meanOf, varianceOf } from './autocovariance.js';
import { type ChainDraws, chainDrawsOf, elementChains, elementsOf } from './chains.js';
import { hpdiSorted, lowerMedian } from './intervals.js';
import { pyroEss, pyroSplitRHat } from './pyro-stats.js';

/**
 * One row of the summary: one scalar element of a site.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface SummaryRow {
  /** `site` or `site[i,j]`. */
  readonly name: string;
  readonly site: string;
  readonly index: readonly number[];
  readonly mean: number;
  readonly std: number;
  readonly median: number;
  /** The HPDI's lower and upper ends. */
  readonly lower: number;
  readonly upper: number;
  /** Pyro's effective sample size. */
  readonly nEff: number;
  /** Pyro's split R-hat (NaN with fewer than 4 draws per chain). */
  readonly rHat: number;
}

/**
 * Options of {@link summary}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface SummaryOptions {
  /** The HPDI's probability mass (default 0.9). */
  readonly prob?: number;
  /** Whether samples are `[chains, draws, ...]` (default true) or `[draws, ...]`. */
  readonly groupByChain?: boolean;
}

/** The multi-index of flat element `j` of `shape`. */
function indexOf(shape: readonly number[], j: number): number[] {
  const out = new Array<number>(shape.length);
  for (let k = shape.length - 1; k >= 0; k--) {
    out[k] = j % shape[k]!;
    j = Math.floor(j / shape[k]!);
  }
  return out;
}

/** The summary rows of one site's draws. */
export function summaryRows(site: string, draws: ChainDraws, prob: number): readonly SummaryRow[] {
  return Array.from({ length: elementsOf(draws) }, (_, j) => {
    const chains = elementChains(draws, j);
    const pooled = new Float64Array(draws.chains * draws.draws);
    chains.forEach((c, k) => pooled.set(c, k * draws.draws));
    const sorted = Float64Array.from(pooled).sort();
    const [lower, upper] = hpdiSorted(sorted, prob);
    const index = indexOf(draws.shape, j);
    return {
      name: index.length === 0 ? site : `${site}[${index.join(',')}]`,
      site,
      index,
      mean: meanOf(pooled),
      std: Math.sqrt(varianceOf(pooled, 1)),
      median: lowerMedian(sorted),
      lower,
      upper,
      nEff: draws.draws >= 2 ? pyroEss(chains) : NaN,
      rHat: draws.draws >= 4 ? pyroSplitRHat(chains) : NaN,
    };
  });
}

/**
 * The summary statistics of every site of `samples` (Pyro's `pyro.infer.mcmc.util.summary`),
 * one row per scalar element.
 *
 * @example
 * ```ts
 * const rows = summary(result.chainSamples);
 * rows.find((r) => r.name === 'tau')?.nEff;
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function summary(samples: Readonly<Record<string, tf.Tensor>>, options: SummaryOptions = {}): readonly SummaryRow[] {
  const prob = options.prob ?? 0.9;
  if (!(prob > 0 && prob < 1)) throw invalidArgument('summary', 'prob', 'must be in (0, 1)', String(options.prob));
  return Object.entries(samples).flatMap(([site, t]) => summaryRows(site, chainDrawsOf('summary', t, options.groupByChain ?? true), prob));
}

const fixed = (x: number): string => (Number.isNaN(x) ? 'nan' : x === Infinity ? 'inf' : x === -Infinity ? '-inf' : x.toFixed(2));

/**
 * The rows as Pyro prints them: names right-aligned (at least 10 wide), seven columns of width 9
 * with two decimals, a blank line before and after, then `Number of divergences: n` when
 * `divergences` is given.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function formatSummary(rows: readonly SummaryRow[], options: { readonly prob?: number; readonly divergences?: number } = {}): string {
  const prob = options.prob ?? 0.9;
  const width = Math.max(10, ...rows.map((r) => r.name.length));
  const lo = `${(50 * (1 - prob)).toFixed(1)}%`;
  const hi = `${(50 * (1 + prob)).toFixed(1)}%`;
  const header = ['', 'mean', 'std', 'median', lo, hi, 'n_eff', 'r_hat'].map((h, i) => h.padStart(i === 0 ? width : 9)).join(' ');
  const lines = rows.map((r) => [r.name.padStart(width), ...[r.mean, r.std, r.median, r.lower, r.upper, r.nEff, r.rHat].map((x) => fixed(x).padStart(9))].join(' '));
  const table = ['', header, ...lines, ''].join('\n');
  return options.divergences === undefined ? table : `${table}\nNumber of divergences: ${options.divergences}`;
}
