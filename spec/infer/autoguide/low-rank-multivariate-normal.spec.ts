import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { LowRankMultivariateNormalDist } from '../../../lib/distributions/families/multivariate/low-rank-multivariate-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoLowRankMultivariateNormal } from '../../../lib/infer/autoguide/index.js';
import { disposeState, valuesOf } from './fixtures.js';

// The chain of multivariate-normal.spec.ts: exact correlation 0.5.
const ys = [2.5, 3.1, 1.9, 2.7];
function* chain(y: tf.Tensor) {
  const x1 = yield* sample('x1', Normal(1, 1));
  const x2 = yield* sample('x2', Normal(x1, 1));
  yield* plate('data', 4, function* () {
    yield* sample('y', Normal(x2, 2), { obs: y });
  });
}

function* wide() {
  yield* plate('k', 10, function* () {
    yield* sample('z', Normal(0, 1));
  });
}

describe('infer/autoguide/low-rank-multivariate-normal', () => {
  describe('AutoLowRankMultivariateNormal', () => {
    it('declares loc, scale (√½·initScale) and covFactor [d, ⌈√d⌉]', () => {
      const guide = AutoLowRankMultivariateNormal(wide);
      const svi = SVI(wide, guide, ClippedAdam({ lr: 0.05 }), TraceELBO());
      const state = svi.init(prngKey(0));
      const p = svi.getParams(state);
      expect(p['AutoLowRankMultivariateNormal.loc']!.shape).toEqual([10]);
      expect(p['AutoLowRankMultivariateNormal.covFactor']!.shape).toEqual([10, 4]);
      valuesOf(p['AutoLowRankMultivariateNormal.scale']).forEach((v) => expect(v).toBeCloseTo(Math.SQRT1_2 * 0.1, 6));
      // covFactor ~ N(0, 1/rank): the 40 entries' mean square is 1/4 ± 0.06 (sd of a χ²₄₀/160).
      const w = valuesOf(p['AutoLowRankMultivariateNormal.covFactor']);
      expect(Math.abs(w.reduce((s, v) => s + v * v, 0) / 40 - 0.25)).toBeLessThan(0.15);
      expect(() => AutoLowRankMultivariateNormal(wide, { rank: 0 })).toThrow(/argument 'rank' must be a positive integer/);
      tf.dispose(Object.values(p));
      disposeState(state);
    });

    it('finds the exact correlation of the chain within 0.1 and maps the base distribution onto its posterior', () => {
      const y = tf.tensor1d(ys);
      const guide = AutoLowRankMultivariateNormal(chain);
      const svi = SVI(chain, guide, ClippedAdam({ lr: 0.05, lrd: 0.997 }), TraceELBO({ numParticles: 8, vectorizeParticles: true }));
      const { params, state } = svi.run(prngKey(2), 1000, [y]);
      const posterior = guide.getPosterior(params) as LowRankMultivariateNormalDist;
      expect(posterior).toBeInstanceOf(LowRankMultivariateNormalDist);
      const cov = valuesOf(posterior.covarianceMatrix);
      expect(Math.abs(cov[1]! / Math.sqrt(cov[0]! * cov[3]!) - 0.5)).toBeLessThan(0.1);
      // getTransform's scaleTril factors the posterior covariance (float32: 1e-5).
      const t = guide.getTransform(params);
      const e0 = valuesOf(t.forward(tf.tensor1d([1, 0])));
      const e1 = valuesOf(t.forward(tf.tensor1d([0, 1])));
      const loc = valuesOf(params['AutoLowRankMultivariateNormal.loc']);
      const l = [e0[0]! - loc[0]!, e1[0]! - loc[0]!, e0[1]! - loc[1]!, e1[1]! - loc[1]!];
      expect(l[1]).toBeCloseTo(0, 6);
      expect(l[0]! ** 2).toBeCloseTo(cov[0]!, 5);
      expect(l[0]! * l[2]!).toBeCloseTo(cov[1]!, 5);
      expect(l[2]! ** 2 + l[3]! ** 2).toBeCloseTo(cov[3]!, 5);
      // Marginal quantiles use scale · √(Σ W² + 1), the marginal sd: the median is loc.
      const q = guide.quantiles(params, [0.5]);
      expect(valuesOf(q.x1)[0]).toBeCloseTo(loc[0]!, 5);
      tf.dispose([y, ...Object.values(params)]);
      disposeState(state);
    });
  });
});
