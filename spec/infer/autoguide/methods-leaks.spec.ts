import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { Adam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoDiagonalNormal, AutoMultivariateNormal, AutoNormal } from '../../../lib/infer/autoguide/index.js';
import { disposeState, f32, seedData, seedModel } from './fixtures.js';

describe('infer/autoguide (methods)', () => {
  const guides = [
    ['AutoMultivariateNormal', () => AutoMultivariateNormal(seedModel)],
    ['AutoDiagonalNormal', () => AutoDiagonalNormal(seedModel)],
    ['AutoNormal', () => AutoNormal(seedModel)],
  ] as const;
  for (const [name, make] of guides) {
    it(`${name}: median and quantiles leave only the tensors they return`, () => {
      const x = f32(seedData(), [100]);
      const guide = make();
      const svi = SVI(seedModel, guide, Adam({ lr: 0.01 }), TraceELBO());
      const state = svi.init(prngKey(0), x);
      const params = svi.getParams(state);
      const before = tf.memory().numTensors;
      const median = guide.median(params);
      const quantiles = guide.quantiles(params, [0.05, 0.5, 0.95]);
      const returned = new Set([...Object.values(median), ...Object.values(quantiles)]);
      const owned = [...returned].filter((t) => !Object.values(params).includes(t));
      expect(tf.memory().numTensors - before).toBe(owned.length);
      expect(quantiles.loc.shape).toEqual([3]);
      tf.dispose([x, ...owned, ...Object.values(params)]);
      disposeState(state);
    });
  }
});
