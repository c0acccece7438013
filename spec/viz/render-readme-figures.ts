/**
 * Write the README's figures as SVG files: a model's plate diagram (and, when given, its
 * guide's), its SVI loss curve, and posterior marginals and pairs.
 *
 * As a library: `await renderReadmeFigures(dir, { name, model, args, losses, samples })`.
 * As a script (the fixtures' regression and scenario-1 models; losses and samples from JSON
 * files when given, e.g. written by an example run):
 *
 * ```sh
 * npx tsx spec/viz/render-readme-figures.ts OUT_DIR [--losses losses.json] [--samples samples.json]
 * ```
 *
 * `losses.json` is an array of numbers; `samples.json` an object of arrays of draws by site.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend } from '../../lib/backend.js';
import type { Model } from '../../lib/core/effect.js';
import { plotLoss } from '../../lib/viz/plot-loss.js';
import { plotPairs } from '../../lib/viz/plot-pairs.js';
import { plotPosterior } from '../../lib/viz/plot-posterior.js';
import type { RenderModelOptions } from '../../lib/viz/render-model.js';
import type { PosteriorSamples } from '../../lib/viz/samples.js';
import { renderModelSvg } from '../../lib/viz/svg.js';
import { B, regression, regressionData, scenario1, scenario1Guide } from './fixtures.js';

/** What to draw for one model; every field but `name`, `model` and `args` is optional. */
export interface FigureSet<Args extends readonly unknown[]> {
  /** File-name prefix: `NAME-model.svg`, `NAME-loss.svg`, `NAME-posterior.svg`, `NAME-pairs.svg`. */
  readonly name: string;
  readonly model: Model<Args, unknown>;
  readonly args: Args;
  readonly render?: Omit<RenderModelOptions<Args>, 'args'>;
  readonly losses?: Float64Array | readonly number[];
  readonly samples?: PosteriorSamples;
}

/** Write the figures of `set` into `dir` (created if missing); returns the paths written. */
export async function renderReadmeFigures<Args extends readonly unknown[]>(dir: string, set: FigureSet<Args>): Promise<readonly string[]> {
  await mkdir(dir, { recursive: true });
  const figures: [string, Promise<string>][] = [
    ['model', renderModelSvg(set.model, { renderDistributions: true, ...set.render, args: set.args })],
  ];
  if (set.losses !== undefined) figures.push(['loss', plotLoss(set.losses, { logScale: true, smooth: true })]);
  if (set.samples !== undefined) {
    figures.push(['posterior', plotPosterior(set.samples)], ['pairs', plotPairs(set.samples)]);
  }
  const written: string[] = [];
  for (const [kind, svg] of figures) {
    const path = join(dir, `${set.name}-${kind}.svg`);
    await writeFile(path, await svg);
    written.push(path);
  }
  return written;
}

async function readJson(args: readonly string[], flag: string): Promise<unknown> {
  const at = args.indexOf(flag);
  return at < 0 || args[at + 1] === undefined ? undefined : (JSON.parse(await readFile(args[at + 1]!, 'utf8')) as unknown);
}

async function main(args: readonly string[]): Promise<void> {
  const dir = args[0];
  if (dir === undefined || dir.startsWith('--')) throw new Error('usage: render-readme-figures.ts OUT_DIR [--losses FILE] [--samples FILE]');
  await useBackend('cpu');
  const losses = (await readJson(args, '--losses')) as number[] | undefined;
  const samples = (await readJson(args, '--samples')) as Record<string, number[]> | undefined;
  const [X, y] = regressionData();
  const data = tf.zeros([B]);
  const written = [
    ...(await renderReadmeFigures(dir, {
      name: 'regression',
      model: regression,
      args: [X, y] as const,
      render: { renderShapes: true },
      ...(losses === undefined ? {} : { losses }),
      ...(samples === undefined ? {} : { samples }),
    })),
    ...(await renderReadmeFigures(dir, { name: 'scenario1', model: scenario1, args: [data] as const, render: { guide: scenario1Guide, renderParams: true } })),
  ];
  tf.dispose([X, y, data]);
  for (const path of written) console.log(path);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await main(process.argv.slice(2));
}
