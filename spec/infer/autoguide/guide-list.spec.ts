import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { SampleSite } from '../../../lib/core/effect.js';
import { run } from '../../../lib/core/interpret.js';
import { prngKey } from '../../../lib/core/key.js';
import { param, plate, sample } from '../../../lib/core/primitives.js';
import { positive } from '../../../lib/distributions/constraints/index.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { block } from '../../../lib/handlers/block.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoDelta, AutoDiagonalNormal, AutoGuideList, AutoNormal } from '../../../lib/infer/autoguide/index.js';
import { disposeState, valuesOf } from './fixtures.js';

// mu ~ N(0, 10), z ~ N(mu, 1), y_i ~ N(z, 1) (4 observations). Given the data the posterior of
// z is Gaussian; z is guided by hand, mu by AutoNormal.
const ys = [1.2, 0.8, 1.5, 1.1];
function* model(y: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 10));
  const z = yield* sample('z', Normal(mu, 1));
  yield* plate('data', 4, function* () {
    yield* sample('y', Normal(z, 1), { obs: y });
  });
}

function* handGuide(_y: tf.Tensor) {
  const loc = yield* param('z_loc', 0);
  const scale = yield* param('z_scale', 1, { constraint: positive });
  return { z: yield* sample('z', Normal(loc, scale)) };
}

describe('infer/autoguide/guide-list', () => {
  describe('AutoGuideList', () => {
    it('runs an autoguide beside a hand-written guide, each on its own sites', () => {
      const y = tf.tensor1d(ys);
      const guide = AutoGuideList(model, [AutoNormal(block(model, { hide: ['z'] })), handGuide]);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.998 }), TraceELBO({ numParticles: 4, vectorizeParticles: true }));
      const state = svi.init(prngKey(0), y);
      expect(Object.keys(state.params).sort()).toEqual(['AutoNormal.locs.mu', 'AutoNormal.scales.mu', 'z_loc', 'z_scale']);
      const params = svi.getParams(state);
      const trace = run(guide, [y], { key: prngKey(1), params });
      expect([...trace.sites.values()].filter((s) => s.type === 'sample').map((s) => s.name)).toEqual(['mu', 'z']);
      expect(Object.keys(trace.returnValue as object).sort()).toEqual(['mu', 'z']);
      expect(Object.keys(guide.median(params))).toEqual(['mu']);
      expect(guide.setup(y).map((p) => p.sites.map((s) => s.name))).toEqual([['mu']]);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });

    it('fits the hand-written part: z\'s posterior mean within 0.1 of the exact one', () => {
      // Marginally z ~ N(0, 101), so z | y is Gaussian with precision 4 + 1/101 and mean Σy / (4 + 1/101);
      // the final iterate's jitter (lr decayed to 0.01) is a few hundredths.
      const y = tf.tensor1d(ys);
      const guide = AutoGuideList(model).append(AutoNormal(block(model, { hide: ['z'] }))).append(handGuide);
      expect(guide.parts).toHaveLength(2);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.998 }), TraceELBO({ numParticles: 4, vectorizeParticles: true }));
      const { params, state } = svi.run(prngKey(2), 800, [y]);
      const mean = ys.reduce((a, b) => a + b, 0) / (4 + 1 / 101);
      expect(Math.abs(valuesOf(params.z_loc)[0]! - mean)).toBeLessThan(0.1);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });

    it('rejects two autoguides with the same name and accepts distinct names', () => {
      const a = AutoDelta(block(model, { hide: ['z'] }));
      const b = AutoDelta(block(model, { hide: ['mu'] }));
      expect(() => AutoGuideList(model, [a, b])).toThrow(/AutoGuideList: argument 'parts' must have distinct autoguide names.*two parts named 'AutoDelta'/);
      const c = AutoDiagonalNormal(block(model, { hide: ['mu'] }), { name: 'ZGuide' });
      const guide = AutoGuideList(model, [a, c]);
      const y = tf.tensor1d(ys);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05 }), TraceELBO());
      const state = svi.init(prngKey(3), y);
      expect(Object.keys(state.params).sort()).toEqual(['AutoDelta.mu', 'ZGuide.loc', 'ZGuide.scale']);
      const params = svi.getParams(state);
      const trace = run(guide, [y], { key: prngKey(4), params });
      expect((trace.sites.get('_ZGuide_latent') as SampleSite).infer.isAuxiliary).toBe(true);
      expect(Object.keys(guide.quantiles(params, [0.5]))).toEqual(['z']);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });
  });
});
