import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { positive } from '../../../lib/distributions/constraints/index.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoDelta } from '../../../lib/infer/autoguide/index.js';
import { disposeState, f32, seedData, seedModel, valuesOf } from './fixtures.js';

/**
 * The MAP of the seed example in constrained space, in float64: setting the gradient of
 * log N(loc; 0, 10) + log LogNormal(s; 0, 1) + Σ log N(xᵢ; loc, s) to zero gives
 * loc = (Σx / s²) / (1/100 + N/s²) and s² = Σ(xᵢ − loc)² / (N + 1 + log s); iterate to a fixed point.
 */
function seedMap(x: Float64Array): { loc: number; scale: number } {
  const xs = Array.from(x, Math.fround);
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  let loc = sum / n;
  let scale = 1;
  for (let i = 0; i < 200; i++) {
    loc = sum / scale ** 2 / (1 / 100 + n / scale ** 2);
    const ss = xs.reduce((a, v) => a + (v - loc) ** 2, 0);
    scale = Math.sqrt(ss / (n + 1 + Math.log(scale)));
  }
  return { loc, scale };
}

describe('infer/autoguide/delta', () => {
  describe('AutoDelta', () => {
    it('declares one param per site, constrained to its support', () => {
      const x = f32(seedData(), [100]);
      const guide = AutoDelta(seedModel);
      const svi = SVI(seedModel, guide, ClippedAdam({ lr: 0.05 }), TraceELBO());
      const state = svi.init(prngKey(0), x);
      expect(Object.keys(state.params).sort()).toEqual(['AutoDelta.loc', 'AutoDelta.scale']);
      expect(state.specs['AutoDelta.scale']!.constraint).toBe(positive);
      disposeState(state);
      x.dispose();
    });

    it('finds the MAP point in constrained space (1e-3 relative: a point-mass guide has no sampling noise)', () => {
      const data = seedData();
      const x = f32(data, [100]);
      const exact = seedMap(data);
      const guide = AutoDelta(seedModel);
      const svi = SVI(seedModel, guide, ClippedAdam({ lr: 0.05, lrd: 0.995 }), TraceELBO());
      const { params, state } = svi.run(prngKey(0), 1000, [x]);
      const m = guide.median(params);
      expect(Math.abs(valuesOf(m.loc)[0]! - exact.loc) / exact.loc).toBeLessThan(1e-3);
      expect(Math.abs(valuesOf(m.scale)[0]! - exact.scale) / exact.scale).toBeLessThan(1e-3);
      tf.dispose([x, ...Object.values(params)]);
      disposeState(state);
    });
  });
});
