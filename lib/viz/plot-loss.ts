/**
 * `plotLoss`: an SVI loss curve as SVG (Vega-Lite, rendered headless).
 *
 * @module
 */
import { invalidArgument } from '../core/errors.js';
import { checkCount } from './samples.js';
import { vegaLiteToSvg } from './vega.js';

/**
 * Options of {@link plotLoss}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface PlotLossOptions {
  /**
   * A logarithmic y axis. When some loss is ≤ 0 (an SVI loss is a negative ELBO, which can be
   * negative) a symmetric-log axis is used instead, which is linear near 0.
   */
  readonly logScale?: boolean;
  /**
   * Overlay a trailing moving average over this many steps (`true`: about 1/50 of the run,
   * at least 5), drawn over the raw curve, which is then faded.
   */
  readonly smooth?: boolean | number;
  readonly title?: string;
  /** Plot size in pixels (default 480 × 240). */
  readonly width?: number;
  readonly height?: number;
}

const smoothingWindow = (smooth: boolean | number | undefined, n: number): number | undefined => {
  if (smooth === undefined || smooth === false) return undefined;
  const window = smooth === true ? Math.max(5, Math.round(n / 50)) : smooth;
  checkCount('plotLoss', 'smooth', window);
  return window;
};

/**
 * Plot a loss per step (from `SVI.run`), as an SVG string: step on x (from 0), loss on y;
 * optionally a log y axis and a moving-average line (computed by Vega-Lite's `window`
 * transform: the mean of the last `smooth` finite losses). Non-finite losses are left out.
 * Asynchronous because vega's `toSVG` is.
 *
 * @example
 * ```ts
 * const { losses } = await svi.run(key, 2000, [data]);
 * await writeFile('loss.svg', await plotLoss(losses, { logScale: true, smooth: true }));
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function plotLoss(losses: Float64Array | Float32Array | readonly number[], options: PlotLossOptions = {}): Promise<string> {
  const values = Array.from(losses, (loss, step) => ({ step, loss })).filter((d) => Number.isFinite(d.loss));
  if (values.length === 0) throw invalidArgument('plotLoss', 'losses', 'must contain at least one finite loss', `${losses.length} values`);
  const window = smoothingWindow(options.smooth, values.length);
  const positive = values.every((d) => d.loss > 0);
  const scale = options.logScale === true ? { type: positive ? ('log' as const) : ('symlog' as const) } : { zero: false };
  const x = { field: 'step', type: 'quantitative' as const, title: 'step' };
  const raw = {
    mark: { type: 'line' as const, color: '#4c78a8', strokeWidth: 1, opacity: window === undefined ? 1 : 0.35 },
    encoding: { x, y: { field: 'loss', type: 'quantitative' as const, title: options.logScale === true ? 'loss (log scale)' : 'loss', scale } },
  };
  const smoothed = {
    transform: [{ window: [{ op: 'mean' as const, field: 'loss', as: 'smoothed' }], frame: [-((window ?? 1) - 1), 0] as [number, number], sort: [{ field: 'step' }] }],
    mark: { type: 'line' as const, color: '#e45756', strokeWidth: 2 },
    encoding: { x, y: { field: 'smoothed', type: 'quantitative' as const } },
  };
  return vegaLiteToSvg({
    ...(options.title === undefined ? {} : { title: options.title }),
    width: options.width ?? 480,
    height: options.height ?? 240,
    data: { values },
    layer: window === undefined ? [raw] : [raw, smoothed],
  });
}
