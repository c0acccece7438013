import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { regression, regressionData } from './fixtures.js';
import { parseSvg } from './helpers/svg.js';
import { renderReadmeFigures } from './render-readme-figures.js';

describe('spec/viz/render-readme-figures', () => {
  describe('renderReadmeFigures', () => {
    it('writes the model diagram, loss curve, posterior and pairs as well-formed SVG files', async () => {
      const dir = await mkdtemp(join(tmpdir(), 'ignis-figures-'));
      const [X, y] = regressionData();
      try {
        const written = await renderReadmeFigures(dir, {
          name: 'reg',
          model: regression,
          args: [X, y] as const,
          losses: [30, 20, 12, 11, 10.5],
          samples: { b: [0.1, 0.3, 0.2, 0.25], sigma: [1, 1.2, 0.9, 1.1] },
        });
        expect(written.map((p) => p.slice(dir.length + 1))).toEqual(['reg-model.svg', 'reg-loss.svg', 'reg-posterior.svg', 'reg-pairs.svg']);
        for (const path of written) parseSvg(await readFile(path, 'utf8'));
      } finally {
        tf.dispose([X, y]);
        await rm(dir, { recursive: true });
      }
    });
  });
});
