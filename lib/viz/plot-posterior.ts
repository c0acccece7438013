/**
 * `plotPosterior`: one panel per scalar marginal — a histogram or a density — with its
 * quantiles as vertical rules, as SVG (Vega-Lite, rendered headless).
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { invalidArgument } from '../core/errors.js';
import { type PosteriorSamples, checkCount, histogram, marginals, quantile, sortedFinite } from './samples.js';
import { renderVegaLite } from './vega.js';

/**
 * Options of {@link plotPosterior}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface PlotPosteriorOptions {
  /** Quantile levels drawn as dashed rules (default `[0.05, 0.5, 0.95]`; `[]` for none). */
  readonly quantiles?: readonly number[];
  /** `histogram` (default) or `density` (a Gaussian KDE by Vega's `density` transform, Scott's bandwidth). */
  readonly kind?: 'histogram' | 'density';
  /** Number of equal-width histogram bins per panel (default 30). */
  readonly bins?: number;
  /** Panels per row (default 3). */
  readonly columns?: number;
  /** The most panels to draw before raising `InvalidArgument` (default 36). */
  readonly maxPanels?: number;
  /** The figure's title (default `'Posterior marginals'`); the subtitle explains the dashed rules. */
  readonly title?: string;
}

/**
 * Plot posterior marginals, one panel per scalar (each element of a tensor-valued site is
 * its own panel, `site[i]`; a scalar site is labelled by its name), with independent axes, as
 * an SVG string. A subtitle says what the dashed rules are (`dashed lines: 5%, 50%, 95%
 * quantiles`). Histograms are binned
 * and quantiles computed in JS (float64; linear interpolation between order statistics, as
 * NumPy and `torch.quantile`), so the rules sit exactly at the reported quantiles.
 * Non-finite draws are left out. Asynchronous because vega's `toSVG` is.
 *
 * @example
 * ```ts
 * const samples = Predictive(model, { guide, params, numSamples: 1000 })(key, data);
 * await writeFile('posterior.svg', await plotPosterior({ loc: samples.loc, scale: samples.scale }));
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function plotPosterior(samples: PosteriorSamples, options: PlotPosteriorOptions = {}): Promise<string> {
  const fn = 'plotPosterior';
  const levels = options.quantiles ?? [0.05, 0.5, 0.95];
  const bins = options.bins ?? 30;
  checkCount(fn, 'bins', bins);
  const bad = levels.find((q) => !(q >= 0 && q <= 1));
  if (bad !== undefined) throw invalidArgument(fn, 'quantiles', 'must lie in [0, 1]', String(bad));
  const panels = marginals(fn, samples, options.maxPanels ?? 36).map((m) => ({ label: m.label, sorted: sortedFinite(m.values) }));
  const empty = panels.find((p) => p.sorted.length === 0);
  if (empty !== undefined) throw invalidArgument(fn, 'samples', `must hold finite draws for '${empty.label}'`, 'none');
  const density = options.kind === 'density';
  const rows = panels.flatMap(({ label, sorted }) => [
    ...(density
      ? Array.from(sorted, (value) => ({ kind: 'draw', site: label, value }))
      : histogram(sorted, bins).map((b) => ({ kind: 'bin', site: label, start: b.start, end: b.end, count: b.count }))),
    ...levels.map((q) => ({ kind: 'quantile', site: label, q, value: quantile(sorted, q) })),
  ]);
  const value = { field: 'value', type: 'quantitative' as const, title: 'value', scale: { zero: false } };
  const shape = density
    ? {
        transform: [{ filter: "datum.kind === 'draw'" }, { density: 'value', groupby: ['site'], as: ['value', 'density'] as [string, string] }],
        mark: { type: 'area' as const, color: '#4c78a8', opacity: 0.6, line: true },
        encoding: { x: value, y: { field: 'density', type: 'quantitative' as const, title: 'density' } },
      }
    : {
        transform: [{ filter: "datum.kind === 'bin'" }],
        mark: { type: 'rect' as const, color: '#4c78a8', stroke: 'white', strokeWidth: 0.5 },
        encoding: {
          x: { field: 'start', type: 'quantitative' as const, title: 'value', scale: { zero: false } },
          x2: { field: 'end' },
          y: { field: 'count', type: 'quantitative' as const, title: 'count' },
          y2: { datum: 0 },
        },
      };
  const rules = {
    transform: [{ filter: "datum.kind === 'quantile'" }],
    mark: { type: 'rule' as const, color: '#e45756', strokeDash: [4, 2], strokeWidth: 1.5 },
    encoding: { x: value, tooltip: [{ field: 'q', type: 'quantitative' as const }, { field: 'value', type: 'quantitative' as const }] },
  };
  const percent = (q: number): string => `${+(100 * q).toPrecision(6)}%`;
  const subtitle =
    levels.length === 0
      ? `${density ? 'Gaussian kernel density estimate' : `histogram, ${bins} bins`} per panel`
      : `${density ? 'kernel density' : `histogram (${bins} bins)`}; dashed red lines: the ${levels.map(percent).join(', ')} ${levels.length === 1 ? 'quantile' : 'quantiles'}`;
  const spec = {
    title: { text: options.title ?? 'Posterior marginals', subtitle },
    data: { values: rows },
    facet: { field: 'site', type: 'nominal', title: null, sort: panels.map((p) => p.label) },
    columns: Math.min(options.columns ?? 3, panels.length),
    spec: { width: 180, height: 110, layer: [shape, rules] },
    resolve: { scale: { x: 'independent', y: 'independent' } },
  } satisfies TopLevelSpec;
  return renderVegaLite(fn, spec);
}
