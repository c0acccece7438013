/**
 * Draws grouped by chain, element by element: the layout every diagnostic reads. A site's
 * samples `[C, N, ...shape]` hold `E = Π shape` scalar quantities; {@link elementChains} gives
 * the `C` chains of one of them.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../../core/errors.js';

/**
 * A site's draws as plain data, `[chains, draws, ...shape]` row-major.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface ChainDraws {
  readonly data: ArrayLike<number>;
  readonly chains: number;
  readonly draws: number;
  /** The site's own shape (without the chain and draw dims). */
  readonly shape: readonly number[];
}

/** `Π shape`. */
export const elementsOf = (d: ChainDraws): number => d.shape.reduce((a, b) => a * b, 1);

/**
 * The draws of `t` with chains along `chainDim` and draws along `sampleDim` (Pyro's defaults
 * 0 and 1; they must be the two leading dims in either order), or a single chain
 * `[draws, ...shape]` when `groupByChain` is false.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function chainDrawsOf(fn: string, t: tf.Tensor, groupByChain = true, chainDim = 0, sampleDim = 1): ChainDraws {
  const data = t.dataSync();
  if (!groupByChain) {
    if (t.rank < 1) throw invalidArgument(fn, 'samples', 'must have a leading draw dim', `shape [${t.shape.join(', ')}]`);
    return { data, chains: 1, draws: t.shape[0], shape: t.shape.slice(1) };
  }
  if (t.rank < 2) throw invalidArgument(fn, 'samples', 'must be [chains, draws, ...] (group by chain)', `shape [${t.shape.join(', ')}]`);
  const dims = [chainDim, sampleDim].map((d) => (d < 0 ? d + t.rank : d));
  if (dims[0] === 0 && dims[1] === 1) return { data, chains: t.shape[0], draws: t.shape[1]!, shape: t.shape.slice(2) };
  if (dims[0] === 1 && dims[1] === 0) {
    const [n, c] = [t.shape[0], t.shape[1]!];
    const e = t.size / (n * c);
    const out = new Float64Array(t.size);
    for (let i = 0; i < n; i++) for (let k = 0; k < c; k++) for (let j = 0; j < e; j++) out[(k * n + i) * e + j] = data[(i * c + k) * e + j]!;
    return { data: out, chains: c, draws: n, shape: t.shape.slice(2) };
  }
  throw invalidArgument(fn, 'chainDim/sampleDim', 'must be the two leading dims (0 and 1)', `${chainDim}, ${sampleDim}`);
}

/**
 * The chains of element `j`: `C` arrays of `N` draws.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function elementChains(d: ChainDraws, j: number): readonly Float64Array[] {
  const e = elementsOf(d);
  return Array.from({ length: d.chains }, (_, c) => {
    const out = new Float64Array(d.draws);
    const base = c * d.draws * e + j;
    for (let i = 0; i < d.draws; i++) out[i] = d.data[base + i * e]!;
    return out;
  });
}

/** All draws of element `j`, pooled over chains and sorted. */
export function pooledSorted(d: ChainDraws, j: number): Float64Array {
  const pooled = new Float64Array(d.chains * d.draws);
  elementChains(d, j).forEach((c, k) => pooled.set(c, k * d.draws));
  return pooled.sort();
}
