/**
 * Vega-Lite to SVG, headless: compile with `vega-lite`, run the dataflow with `vega`'s `View`
 * (renderer `none`, no browser, no canvas) and serialise its scenegraph with `toSVG()`.
 *
 * @module
 */
import type { TopLevelSpec } from 'vega-lite';

/** The look shared by Ignis's plots: sans-serif text, light grid, white background. */
const CONFIG = {
  background: 'white',
  font: 'Helvetica, Arial, sans-serif',
  axis: { gridColor: '#e8e8e8', labelFontSize: 10, titleFontSize: 11 },
  header: { labelFontSize: 11 },
  view: { stroke: '#ccc' },
} as const;

/**
 * Render a Vega-Lite spec to an SVG string (starting at `<svg`). Asynchronous because vega's
 * dataflow and `toSVG` are. Text is measured by estimate (no canvas in Node), so long labels
 * may be placed loosely. `vega` and `vega-lite` are imported on the first call (~0.2 s), so
 * importing Ignis does not load them.
 *
 * @example
 * ```ts
 * const svg = await vegaLiteToSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point', encoding: { x: { field: 'x', type: 'quantitative' } } });
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  const [{ View, parse }, { compile }] = await Promise.all([import('vega'), import('vega-lite')]);
  const { spec: vgSpec } = compile({ config: CONFIG, ...spec });
  const view = new View(parse(vgSpec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
