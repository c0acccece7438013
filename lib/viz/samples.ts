/**
 * Posterior samples as the plots read them: named scalar marginals, their quantiles and
 * histograms, computed in float64 JS (exact and testable; no kernels).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';

/**
 * Draws by site: a 1-D array of draws (`number[]`, `Float32Array`, `Float64Array`), or a
 * tensor whose first dim indexes draws (as `Predictive` returns), whose other elements become
 * marginals of their own, named `site[i]`, `site[i,j]`, ... (a site with one element per
 * draw, e.g. shape `[n, 1]`, keeps its plain name).
 *
 * @category viz
 * @since 0.1.0
 */
export type PosteriorSamples = Readonly<Record<string, tf.Tensor | Float32Array | Float64Array | readonly number[]>>;

/**
 * One scalar marginal: a label and its draws (non-finite draws kept; callers filter).
 *
 * @category viz
 * @since 0.1.0
 */
export interface Marginal {
  readonly label: string;
  /** The site the marginal belongs to. */
  readonly site: string;
  readonly values: Float64Array;
}

function indexLabel(flat: number, shape: readonly number[]): string {
  const index: number[] = [];
  let rest = flat;
  for (let d = shape.length - 1; d >= 0; d--) {
    index.unshift(rest % shape[d]!);
    rest = Math.floor(rest / shape[d]!);
  }
  return index.join(',');
}

/**
 * Split each site into scalar marginals, in the record's order. Throws past `maxMarginals`.
 *
 * @category viz
 * @since 0.1.0
 */
export function marginals(fn: string, samples: PosteriorSamples, maxMarginals: number): readonly Marginal[] {
  const out: Marginal[] = [];
  for (const [name, draws] of Object.entries(samples)) {
    if (!(draws instanceof tf.Tensor) || draws.rank <= 1) {
      const values = draws instanceof tf.Tensor ? draws.dataSync() : draws;
      out.push({ label: name, site: name, values: Float64Array.from(values) });
      continue;
    }
    const data = draws.dataSync();
    const [n, ...rest] = draws.shape as [number, ...number[]];
    const size = rest.reduce((a, b) => a * b, 1);
    for (let e = 0; e < size; e++) {
      const values = new Float64Array(n);
      for (let s = 0; s < n; s++) values[s] = data[s * size + e]!;
      // a site with one element per draw (shape [n, 1], [n, 1, 1]) is a scalar: labelled by its name
      out.push({ label: size === 1 ? name : `${name}[${indexLabel(e, rest)}]`, site: name, values });
    }
  }
  if (out.length === 0) throw invalidArgument(fn, 'samples', 'must hold at least one site', '{}');
  if (out.length > maxMarginals) {
    throw invalidArgument(
      fn,
      'samples',
      `has ${out.length} scalar marginals, more than maxPanels = ${maxMarginals}`,
      out.slice(0, 4).map((m) => m.label).join(', ') + ', ...',
      'Pass fewer sites (or slice a site’s tensor), or raise maxPanels.',
    );
  }
  return out;
}

/**
 * The finite draws, sorted ascending.
 *
 * @category viz
 * @since 0.1.0
 */
export const sortedFinite = (values: Float64Array): Float64Array => values.filter(Number.isFinite).sort();

/**
 * The `q`-quantile of sorted draws by linear interpolation between order statistics
 * (NumPy's default, `torch.quantile`'s `linear`): with `h = (n − 1) q`,
 * `x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋ + 1] − x[⌊h⌋])`.
 *
 * @category viz
 * @since 0.1.0
 */
export function quantile(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  return a + (h - lo) * (b - a);
}

/**
 * One histogram bin.
 *
 * @category viz
 * @since 0.1.0
 */
export interface Bin {
  readonly start: number;
  readonly end: number;
  readonly count: number;
}

/**
 * `bins` equal-width bins over `[min, max]` of sorted draws (the last bin closed on the
 * right); a constant sample gets one bin of width 1 centred on it.
 *
 * @category viz
 * @since 0.1.0
 */
export function histogram(sorted: Float64Array, bins: number): readonly Bin[] {
  const min = sorted[0]!;
  const max = sorted[sorted.length - 1]!;
  if (!(max > min)) return [{ start: min - 0.5, end: min + 0.5, count: sorted.length }];
  const width = (max - min) / bins;
  const counts = new Array<number>(bins).fill(0);
  for (const v of sorted) counts[Math.min(bins - 1, Math.floor((v - min) / width))]! += 1;
  return counts.map((count, i) => ({ start: min + i * width, end: i === bins - 1 ? max : min + (i + 1) * width, count }));
}

/**
 * Check a positive integer option.
 *
 * @category viz
 * @since 0.1.0
 */
export function checkCount(fn: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw invalidArgument(fn, name, 'must be a positive integer', String(value));
}
