/**
 * Vega-Lite to SVG, headless: compile with `vega-lite`, run the dataflow with `vega`'s `View`
 * (renderer `none`, no browser, no canvas) and serialise its scenegraph with `toSVG()`.
 * Both are optional peer dependencies, imported on the first plot.
 *
 * @module
 */
import { peerNotFound } from '../peers.js';

/**
 * A Vega-Lite specification (vega-lite's `TopLevelSpec`). Typed structurally, as any object,
 * so that Ignis's declarations do not require `vega-lite` to be installed; Ignis's own plots
 * check their specs against `TopLevelSpec`, and vega-lite validates at run time.
 *
 * @category viz
 * @since 0.1.0
 */
export type VegaLiteSpec = object;

/** The look shared by Ignis's plots: sans-serif text, light grid, white background. */
const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { gridColor: '#e8e8e8', labelFontSize: 10, titleFontSize: 11 },
  header: { labelFontSize: 11 },
  legend: { labelFontSize: 10, titleFontSize: 11 },
  title: { fontSize: 13, subtitleFontSize: 11, subtitleColor: '#555' },
  view: { stroke: '#ccc' },
} as const;

/**
 * Render a Vega-Lite spec to an SVG string (starting at `<svg`). Asynchronous because vega's
 * dataflow and `toSVG` are. Text is measured by estimate (no canvas in Node), so long labels
 * may be placed loosely. `vega` and `vega-lite` (optional peer dependencies) are imported on
 * the first call (~0.2 s), so importing Ignis does not load them; when they are not installed
 * the call raises `MissingDependency` with the command to install them.
 *
 * @example
 * ```ts
 * const svg = await vegaLiteToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function vegaLiteToSvg(spec: VegaLiteSpec): Promise<string> {
  return renderVegaLite('vegaLiteToSvg', spec);
}

/** {@link vegaLiteToSvg} for the plot `fn` (named in the error when vega is missing). */
export async function renderVegaLite(fn: string, spec: VegaLiteSpec): Promise<string> {
  const [{ View, parse }, { compile }] = await Promise.all([import('vega').catch(peerNotFound(fn, 'vega')), import('vega-lite').catch(peerNotFound(fn, 'vega-lite'))]);
  const { spec: vgSpec } = compile({ config: CONFIG, ...(spec as Parameters<typeof compile>[0]) });
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
