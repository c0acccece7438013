/**
 * `plotPairs`: a pair plot (corner plot) of posterior samples as SVG — histograms on the
 * diagonal, one scatter plot per pair below it (Vega-Lite, rendered headless).
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { invalidArgument } from '../core/errors.js';
import { type PosteriorSamples, checkCount, histogram, marginals, sortedFinite } from './samples.js';
import { renderVegaLite } from './vega.js';

/**
 * Options of {@link plotPairs}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface PlotPairsOptions {
  /** At most this many draws are scattered, every k-th one (default 500; each point is ~0.3 kB of SVG). */
  readonly maxPoints?: number;
  /** Histogram bins on the diagonal (default 20). */
  readonly bins?: number;
  /** The most variables before raising `InvalidArgument` (default 8, i.e. 28 scatter plots). */
  readonly maxPanels?: number;
  /** The side of each cell in pixels (default 130). */
  readonly cellSize?: number;
  /** The figure's title (default `'Posterior pairs'`); the subtitle says what the cells show. */
  readonly title?: string;
}

/**
 * Plot every pair of scalar marginals against each other (each element of a tensor-valued
 * site is its own variable, `site[i]`), to see correlations between latents: variable `i`'s
 * histogram on the diagonal, the scatter of draws of `j` (x) against `i` (y) for `j < i`
 * below it. All sites must have the same number of draws (draw `s` of each site comes from
 * the same joint sample); draws with a non-finite value are left out, and at most
 * `maxPoints` evenly spaced draws are scattered. Asynchronous because vega's `toSVG` is.
 *
 * @example
 * ```ts
 * await writeFile('pairs.svg', await plotPairs({ loc: samples.loc, scale: samples.scale }));
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function plotPairs(samples: PosteriorSamples, options: PlotPairsOptions = {}): Promise<string> {
  const fn = 'plotPairs';
  const maxPoints = options.maxPoints ?? 500;
  const bins = options.bins ?? 20;
  const size = options.cellSize ?? 130;
  checkCount(fn, 'maxPoints', maxPoints);
  checkCount(fn, 'bins', bins);
  const vars = marginals(fn, samples, options.maxPanels ?? 8);
  const n = vars[0]!.values.length;
  const uneven = vars.find((v) => v.values.length !== n);
  if (uneven !== undefined) {
    throw invalidArgument(fn, 'samples', `must have the same number of draws per variable (${vars[0]!.label}: ${n})`, `${uneven.label}: ${uneven.values.length}`);
  }
  const finite = Array.from({ length: n }, (_, s) => s).filter((s) => vars.every((v) => Number.isFinite(v.values[s])));
  if (finite.length === 0) throw invalidArgument(fn, 'samples', 'must hold at least one draw with all values finite', `${n} draws`);
  const stride = Math.ceil(finite.length / maxPoints);
  // Field names are v0, v1, ... because Vega-Lite reads '.' and '[' in field names as paths.
  const points = finite
    .filter((_, i) => i % stride === 0)
    .map((s) => Object.fromEntries(vars.map((v, k) => [`v${k}`, v.values[s]!])));
  const axis = (k: number, titled: boolean) => ({
    field: `v${k}`,
    type: 'quantitative' as const,
    title: vars[k]!.label,
    scale: { zero: false },
    axis: titled ? {} : { title: null },
  });
  const cell = (i: number, j: number) =>
    i === j
      ? {
          width: size,
          height: size,
          data: { values: histogram(sortedFinite(Float64Array.from(finite, (s) => vars[i]!.values[s]!)), bins).map((b) => ({ ...b })) },
          mark: { type: 'rect' as const, color: '#4c78a8', stroke: 'white', strokeWidth: 0.5 },
          encoding: {
            x: { field: 'start', type: 'quantitative' as const, title: i === vars.length - 1 ? vars[i]!.label : null, scale: { zero: false } },
            x2: { field: 'end' },
            y: { field: 'count', type: 'quantitative' as const, title: null, axis: null },
            y2: { datum: 0 },
          },
        }
      : {
          width: size,
          height: size,
          mark: { type: 'point' as const, filled: true, size: 8, opacity: 0.35, color: '#4c78a8' },
          encoding: { x: axis(j, i === vars.length - 1), y: axis(i, j === 0) },
        };
  const shown = Math.ceil(finite.length / stride);
  const spec = {
    title: {
      text: options.title ?? 'Posterior pairs',
      subtitle: `diagonal: histogram of each variable; below: one point per draw (${shown} of ${n} draws)`,
    },
    data: { values: points },
    vconcat: vars.map((_, i) => ({ hconcat: Array.from({ length: i + 1 }, (_, j) => cell(i, j)) })),
  } satisfies TopLevelSpec;
  return renderVegaLite(fn, spec);
}
