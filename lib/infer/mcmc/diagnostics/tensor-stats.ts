/**
 * The diagnostics on tensors, as Pyro's `pyro.ops.stats` takes them: samples with a chain dim and
 * a draw dim (default `[chains, draws, ...shape]`), one result per element of `shape`.
 *
 * - {@link effectiveSampleSize}: Pyro's estimator (default), or the rank-normalized bulk / tail
 *   ESS of Vehtari et al. (2021);
 * - {@link splitGelmanRubin}: Pyro's split R-hat (default), or the rank-normalized one;
 * - {@link hpdi}: the highest posterior density interval along a dim.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../../core/errors.js';
import { chainDrawsOf, elementChains, elementsOf } from './chains.js';
import { hpdiSorted } from './intervals.js';
import { pyroEss, pyroSplitRHat } from './pyro-stats.js';
import { bulkEss, rankRHat, tailEss } from './rank-stats.js';

/**
 * Options of the chain diagnostics.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface ChainStatOptions {
  /** The chain dim (default 0). */
  readonly chainDim?: number;
  /** The draw dim (default 1). */
  readonly sampleDim?: number;
}

/** Apply `stat` to every element's chains of `x`. */
function perElement(fn: string, x: tf.Tensor, options: ChainStatOptions, minDraws: number, stat: (chains: readonly Float64Array[]) => number): tf.Tensor {
  const d = chainDrawsOf(fn, x, true, options.chainDim ?? 0, options.sampleDim ?? 1);
  if (d.draws < minDraws) throw invalidArgument(fn, 'samples', `must have at least ${minDraws} draws per chain`, String(d.draws));
  const out = Float32Array.from({ length: elementsOf(d) }, (_, j) => stat(elementChains(d, j)));
  return tf.tensor(out, [...d.shape], 'float32');
}

/**
 * The effective sample size of each element of `x` (`[chains, draws, ...]`).
 *
 * `method: 'pyro'` (default) is Pyro's `effective_sample_size` (Geyer's initial monotone
 * sequence over the chains' autocorrelations, no splitting); `'bulk'` and `'tail'` are the
 * rank-normalized split estimators of Vehtari et al. (2021), as ArviZ computes them.
 *
 * @example
 * ```ts
 * const ess = effectiveSampleSize(result.chainSamples.mu); // a scalar tensor
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function effectiveSampleSize(x: tf.Tensor, options: ChainStatOptions & { readonly method?: 'pyro' | 'bulk' | 'tail' } = {}): tf.Tensor {
  const method = options.method ?? 'pyro';
  const stat = method === 'pyro' ? pyroEss : method === 'bulk' ? bulkEss : method === 'tail' ? tailEss : undefined;
  if (stat === undefined) throw invalidArgument('effectiveSampleSize', 'method', "must be 'pyro', 'bulk' or 'tail'", String(method));
  return perElement('effectiveSampleSize', x, options, method === 'pyro' ? 2 : 4, stat);
}

/**
 * The split R-hat of each element of `x` (`[chains, draws, ...]`, at least 4 draws).
 *
 * `method: 'pyro'` (default) is Pyro's `split_gelman_rubin`; `'rank'` is the rank-normalized,
 * folded split R-hat of Vehtari et al. (2021) (the larger of the bulk and tail values).
 *
 * @example
 * ```ts
 * const rHat = splitGelmanRubin(result.chainSamples.mu, { method: 'rank' });
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function splitGelmanRubin(x: tf.Tensor, options: ChainStatOptions & { readonly method?: 'pyro' | 'rank' } = {}): tf.Tensor {
  const method = options.method ?? 'pyro';
  if (method !== 'pyro' && method !== 'rank') throw invalidArgument('splitGelmanRubin', 'method', "must be 'pyro' or 'rank'", String(method));
  return perElement('splitGelmanRubin', x, options, 4, method === 'pyro' ? pyroSplitRHat : rankRHat);
}

/**
 * The narrowest interval holding a `prob` share of the draws along `dim` (Pyro's `hpdi`): a
 * tensor with the lower and upper ends stacked along `dim` (size 2).
 *
 * @example
 * ```ts
 * const [lo, hi] = hpdi(result.samples.mu, 0.9).arraySync() as number[];
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function hpdi(x: tf.Tensor, prob = 0.9, dim = 0): tf.Tensor {
  if (!(prob > 0 && prob < 1)) throw invalidArgument('hpdi', 'prob', 'must be in (0, 1)', String(prob));
  const axis = dim < 0 ? dim + x.rank : dim;
  if (!(axis >= 0 && axis < x.rank)) throw invalidArgument('hpdi', 'dim', `must be a dim of the samples (rank ${x.rank})`, String(dim));
  const n = x.shape[axis]!;
  const inner = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  const outer = x.size / (n * inner);
  const data = x.dataSync();
  const out = new Float32Array(outer * 2 * inner);
  const fiber = new Float64Array(n);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      for (let k = 0; k < n; k++) fiber[k] = data[(o * n + k) * inner + i]!;
      fiber.sort();
      const [lo, hi] = hpdiSorted(fiber, prob);
      out[(o * 2 + 0) * inner + i] = lo;
      out[(o * 2 + 1) * inner + i] = hi;
    }
  }
  return tf.tensor(out, x.shape.map((s, i) => (i === axis ? 2 : s)), 'float32');
}
