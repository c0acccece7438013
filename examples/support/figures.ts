/**
 * The README's figures, produced by the code: scenario 2's model diagram and loss curve (from
 * a full run of examples/scenario2-auto-mvn.ts) and scenario 1's model-and-guide diagram.
 *
 * `npm run figures` rewrites them under docs/; spec/examples/figures.spec.ts regenerates them
 * and checks that the committed files have the same structure (elements and texts).
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { renderModelSvg } from '../../lib/index.js';
import { B, K, O, makeModels } from '../scenario1-mvn-guide.js';
import { main as scenario2 } from '../scenario2-auto-mvn.js';
import { isMain } from './cli.js';

/** The figure files, in the order they are written. */
export const FIGURES = ['scenario2-model.svg', 'scenario2-loss.svg', 'scenario1-model.svg'] as const;

/** Write the figures into `dir`; throws if scenario 2's checks fail (a figure of a failed fit is no figure). */
export async function renderFigures(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const scratch = await mkdtemp(join(tmpdir(), 'ignis-figures-'));
  try {
    const code = await scenario2(['--plot', scratch, '--no-progress']);
    if (code !== 0) throw new Error('scenario 2 failed its checks; no figures written');
    for (const name of ['scenario2-model.svg', 'scenario2-loss.svg']) await copyFile(join(scratch, name), join(dir, name));
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  // The diagram depends on the shapes only: any loadings and data of the right sizes do.
  const { model, guideAuxiliary, dispose } = makeModels(Array.from({ length: K }, () => new Array<number>(O).fill(1)));
  const x = tf.zeros([B, O]);
  const svg = await renderModelSvg(model, { args: [x], guide: guideAuxiliary, renderDistributions: true, renderShapes: true });
  await writeFile(join(dir, 'scenario1-model.svg'), svg);
  tf.dispose(x);
  dispose();
}

if (isMain(import.meta.url)) {
  const dir = process.argv[2] ?? 'docs';
  await renderFigures(dir);
  for (const name of FIGURES) console.log(`wrote ${join(dir, name)}`);
}
