/**
 * `summary`: Pyro's / NumPyro's / ArviZ's table of posterior statistics per scalar marginal —
 * mean, standard deviation and quantiles — as data (`columns`, `rows`) and as text
 * ({@link formatSummary}, NumPyro's `print_summary` layout).
 *
 * The table is a list of columns and rows of named statistics, so that diagnostics computed
 * from several chains (`n_eff`, `r_hat`) can join it as further columns.
 *
 * @module
 */
import { invalidArgument } from '../core/errors.js';
import { type PosteriorSamples, marginals, quantile } from './samples.js';

/**
 * Options of {@link summary}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface SummaryOptions {
  /** Quantile levels, one column each, named `5%`, `50%`, ... (default `[0.05, 0.5, 0.95]`). */
  readonly probs?: readonly number[];
}

/**
 * One row of a {@link Summary}: a scalar marginal (`loc`, or `w[1,0]` for an element of a
 * tensor-valued site) and its statistics by column name.
 *
 * @category viz
 * @since 0.1.0
 */
export interface SummaryRow {
  /** The marginal's label: the site name, with the element's index for tensor-valued sites. */
  readonly label: string;
  /** The site it belongs to. */
  readonly site: string;
  /** The value of every column of the table. */
  readonly stats: Readonly<Record<string, number>>;
}

/**
 * A table of posterior statistics: `columns` in order (`mean`, `sd`, then one per quantile),
 * one row per scalar marginal in the samples' order.
 *
 * @category viz
 * @since 0.1.0
 */
export interface Summary {
  readonly columns: readonly string[];
  readonly rows: readonly SummaryRow[];
}

/** `0.05` → `5%`, `0.025` → `2.5%`. */
const percent = (q: number): string => `${+(100 * q).toPrecision(6)}%`;

/**
 * Summarize posterior draws: for every scalar marginal, the mean, the standard deviation
 * `sd = √(Σ (xᵢ − x̄)² / (n − 1))` (the unbiased variance's root, as ArviZ's `sd`; 0 for one
 * draw) and the quantiles at `probs` (linear interpolation between order statistics, as
 * NumPy's default and `torch.quantile`), computed in float64. A marginal with a NaN draw has
 * NaN statistics (nothing is dropped silently). Draws come first in every site, as
 * `Predictive` returns them.
 *
 * @example
 * ```ts
 * const samples = Predictive(model, { guide, params, numSamples: 1000, returnSites: ['loc', 'scale'] })(key, x);
 * console.log(formatSummary(summary(samples)));
 * //          mean     sd      5%     50%    95%
 * //   loc   3.198  0.099   3.036   3.198  3.361
 * // scale  0.9321  0.069  0.8242  0.9321  1.054
 * ```
 * @category viz
 * @since 0.1.0
 */
export function summary(samples: PosteriorSamples, options: SummaryOptions = {}): Summary {
  const probs = options.probs ?? [0.05, 0.5, 0.95];
  const bad = probs.find((q) => !(q >= 0 && q <= 1));
  if (bad !== undefined) throw invalidArgument('summary', 'probs', 'must lie in [0, 1]', String(bad));
  const rows = marginals('summary', samples, Infinity).map((m) => {
    const n = m.values.length;
    if (n === 0) throw invalidArgument('summary', 'samples', `must hold at least one draw for '${m.label}'`, 'none');
    const mean = m.values.reduce((a, b) => a + b, 0) / n;
    const sd = n < 2 ? 0 : Math.sqrt(m.values.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
    const nan = m.values.some(Number.isNaN);
    const sorted = Float64Array.from(m.values).sort();
    const quantiles = probs.map((q) => [percent(q), nan ? Number.NaN : quantile(sorted, q)] as const);
    return { label: m.label, site: m.site, stats: Object.fromEntries([['mean', mean], ['sd', sd], ...quantiles]) };
  });
  return { columns: ['mean', 'sd', ...probs.map(percent)], rows };
}

/** A number in at most `digits` significant digits, without trailing exponent noise. */
const show = (x: number, digits: number): string => (Number.isFinite(x) ? String(+x.toPrecision(digits)) : String(x));

/**
 * A {@link Summary} as a text table: right-aligned columns, the labels on the left, numbers
 * to `digits` significant digits (default 4).
 *
 * @example
 * ```ts
 * console.log(formatSummary(summary({ loc: draws })));
 * ```
 * @category viz
 * @since 0.1.0
 */
export function formatSummary(table: Summary, options: { readonly digits?: number } = {}): string {
  const digits = options.digits ?? 4;
  const cells = table.rows.map((r) => [r.label, ...table.columns.map((c) => show(r.stats[c] ?? Number.NaN, digits))]);
  const header = ['', ...table.columns];
  const widths = header.map((h, j) => Math.max(h.length, ...cells.map((row) => row[j]!.length)));
  const line = (row: readonly string[]): string => row.map((cell, j) => cell.padStart(widths[j]!)).join('  ');
  return [line(header), ...cells.map(line)].join('\n');
}
