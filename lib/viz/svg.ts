/**
 * Graphviz in WebAssembly (`@viz-js/viz`): DOT text to SVG in Node or a browser, with no
 * system `dot` binary.
 *
 * @module
 */
import type { Viz } from '@viz-js/viz';
import type { Model } from '../core/effect.js';
import { ignisError } from '../core/errors.js';
import { peerNotFound } from '../peers.js';
import { type RenderModelOptions, renderModel } from './render-model.js';

let graphviz: Promise<Viz> | undefined;

/**
 * The Graphviz instance, loaded and compiled once per process on first use (~0.1 s).
 * `@viz-js/viz` is an optional peer dependency: `MissingDependency` names it when absent.
 */
const viz = (fn: string): Promise<Viz> =>
  (graphviz ??= import('@viz-js/viz').catch(peerNotFound(fn, '@viz-js/viz'))
    .then((m) => m.instance())
    .catch((e: unknown) => {
      graphviz = undefined; // let a later call try again
      throw e;
    }));

/**
 * Lay out DOT text with Graphviz's `dot` engine and return the SVG document, starting at
 * `<svg` (the XML prolog, doctype and generator comment are dropped so it can be inlined
 * in HTML or Markdown; it keeps its `xmlns`, so it is also a valid standalone `.svg` file).
 *
 * Asynchronous because the WebAssembly module is instantiated on the first call; later
 * calls reuse it. Text widths are estimated (no fonts are read), so labels may fit loosely.
 *
 * @example
 * ```ts
 * await writeFile('model.svg', await dotToSvg(renderModel(model, { args: [] })));
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function dotToSvg(dot: string): Promise<string> {
  return layOut('dotToSvg', dot);
}

async function layOut(fn: string, dot: string): Promise<string> {
  const result = (await viz(fn)).render(dot, { format: 'svg', engine: 'dot' });
  if (result.status !== 'success') {
    throw ignisError('InvalidArgument', {
      fn,
      what: 'Graphviz could not lay out the graph',
      detail: result.errors.map((e) => e.message).join('; '),
      hint: 'Check the DOT text (renderModel output is always valid; hand edits may not be).',
    });
  }
  const start = result.output.indexOf('<svg');
  return start < 0 ? result.output : result.output.slice(start);
}

/**
 * `renderModel` drawn to SVG by Graphviz (WebAssembly, no system binary): the model's plate
 * diagram as an SVG string. Asynchronous (see {@link dotToSvg}).
 *
 * @example
 * ```ts
 * const svg = await renderModelSvg(model, { args: [X, y], renderDistributions: true });
 * ```
 * @category viz
 * @since 0.1.0
 */
export async function renderModelSvg<Args extends readonly unknown[]>(
  model: Model<Args, unknown>,
  options: RenderModelOptions<Args>,
): Promise<string> {
  return layOut('renderModelSvg', renderModel(model, options));
}
