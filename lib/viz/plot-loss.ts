/**
 * `plotLoss`: an SVI loss curve as SVG (Vega-Lite, rendered headless), with an honest y axis
 * and an optional moving average that does not lag.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';
import { invalidArgument } from '../core/errors.js';
import { checkCount } from './samples.js';
import { renderVegaLite } from './vega.js';

/**
 * Options of {@link plotLoss}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface PlotLossOptions {
  /**
   * A logarithmic y axis. A log axis cannot show a loss ≤ 0 (an SVI loss is a negative ELBO,
   * which is negative for densities above 1, as in a VAE): then the curve drawn is
   * `loss − min(loss) + 1`, the distance to the best loss plus one, as the axis title says,
   * and the subtitle gives `min(loss)`.
   */
  readonly logScale?: boolean;
  /**
   * Overlay a centred moving average over this many steps (`true`: about 1/50 of the run, at
   * least 5; rounded up to an odd number), drawn over the raw curve, which is then faded. The
   * window is centred on each step, so the average does not lag the loss (a trailing window
   * of `w` steps lags it by `(w − 1)/2` steps); near either end it averages the steps there are.
   */
  readonly smooth?: boolean | number;
  /** The figure's title (default `'SVI loss'`). */
  readonly title?: string;
  /** Plot size in pixels (default 480 × 240). */
  readonly width?: number;
  readonly height?: number;
}

const smoothingWindow = (smooth: boolean | number | undefined, n: number): number | undefined => {
  if (smooth === undefined || smooth === false) return undefined;
  const window = smooth === true ? Math.max(5, Math.round(n / 50)) : smooth;
  checkCount('plotLoss', 'smooth', window);
  return window % 2 === 1 ? window : window + 1;
};

/**
 * The centred moving average of `values` over an odd `window`: entry `i` is the mean of
 * `values[i − h ..= i + h]` (`h = (window − 1)/2`) clipped to the array, by running sums.
 * A linear sequence is its own centred average away from the ends (no lag).
 *
 * @category viz
 * @since 0.1.0
 */
export function centredMovingAverage(values: readonly number[], window: number): Float64Array {
  const h = Math.floor(window / 2);
  const prefix = new Float64Array(values.length + 1);
  values.forEach((v, i) => (prefix[i + 1] = prefix[i]! + v));
  return Float64Array.from(values, (_, i) => {
    const lo = Math.max(0, i - h);
    const hi = Math.min(values.length, i + h + 1);
    return (prefix[hi]! - prefix[lo]!) / (hi - lo);
  });
}

/**
 * Plot a loss per step (from `SVI.run`), as an SVG string: step on x (from 0), loss on y, a
 * legend naming the curves. Optionally a log y axis (see {@link PlotLossOptions.logScale} for
 * losses ≤ 0) and a centred moving average. Non-finite losses are left out (and the number
 * left out is given in the subtitle). Asynchronous because vega's `toSVG` is.
 *
 * @example
 * ```ts
 * const { losses } = svi.run(key, 2000, [data]);
 * await writeFile('loss.svg', await plotLoss(losses, { logScale: true, smooth: true }));
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function plotLoss(losses: Float64Array | Float32Array | readonly number[], options: PlotLossOptions = {}): Promise<string> {
  const finite = Array.from(losses, (loss, step) => ({ step, loss })).filter((d) => Number.isFinite(d.loss));
  if (finite.length === 0) throw invalidArgument('plotLoss', 'losses', 'must contain at least one finite loss', `${losses.length} values`);
  const window = smoothingWindow(options.smooth, finite.length);
  const min = finite.reduce((m, d) => Math.min(m, d.loss), Infinity);
  const log = options.logScale === true;
  const shifted = log && min <= 0;
  const y = (loss: number): number => (shifted ? loss - min + 1 : loss);
  const smoothed = window === undefined ? undefined : centredMovingAverage(finite.map((d) => d.loss), window);
  const rawLabel = 'loss per step';
  const smoothLabel = `centred moving average (${window ?? 0} steps)`;
  const raw = finite.map((d) => ({ step: d.step, y: y(d.loss) }));
  const average = smoothed === undefined ? undefined : finite.map((d, i) => ({ step: d.step, y: y(smoothed[i]!) }));
  const yTitle = shifted ? 'loss − min(loss) + 1 (log scale)' : log ? 'loss (log scale)' : 'loss';
  const left = losses.length - finite.length;
  const subtitle = [
    ...(shifted ? [`some losses are ≤ 0 (the lowest is ${min.toPrecision(5)}): the log axis shows loss − min(loss) + 1`] : []),
    ...(left > 0 ? [`${left} non-finite losses left out`] : []),
  ];
  const x = { field: 'step', type: 'quantitative', title: 'step' } as const;
  const yAxis = { field: 'y', type: 'quantitative', title: yTitle, scale: log ? { type: 'log' as const } : { zero: false } } as const;
  const color = {
    scale: { domain: average === undefined ? [rawLabel] : [rawLabel, smoothLabel], range: ['#4c78a8', '#e45756'] },
    legend: { orient: 'top-right', title: null, labelLimit: 0, fillColor: 'white' },
  } as const;
  const spec = {
    title: { text: options.title ?? 'SVI loss', ...(subtitle.length === 0 ? {} : { subtitle }) },
    width: options.width ?? 480,
    height: options.height ?? 240,
    layer: [
      {
        data: { values: raw },
        mark: { type: 'line', strokeWidth: 1, opacity: average === undefined ? 1 : 0.35 },
        encoding: { x, y: yAxis, color: { datum: rawLabel, ...color } },
      },
      ...(average === undefined
        ? []
        : [{ data: { values: average }, mark: { type: 'line', strokeWidth: 2 }, encoding: { x, y: yAxis, color: { datum: smoothLabel, ...color } } } as const]),
    ],
  } satisfies TopLevelSpec;
  return renderVegaLite('plotLoss', spec);
}
