import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { LogNormal } from '../../../lib/distributions/families/continuous/log-normal.js';
import { MultivariateNormalDist } from '../../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoLaplaceApproximation } from '../../../lib/infer/autoguide/index.js';
import { disposeState, valuesOf } from './fixtures.js';

// x1 ~ N(1, 1), x2 ~ N(x1, 1), y_i ~ N(x2, 2²) (i = 1..4): a Gaussian posterior with precision
// P = [[2, −1], [−1, 2]] and mean P⁻¹ [1, Σy/4], in closed form (float64 here).
const ys = [2.5, 3.1, 1.9, 2.7];
function* chain(y: tf.Tensor) {
  const x1 = yield* sample('x1', Normal(1, 1));
  const x2 = yield* sample('x2', Normal(x1, 1));
  yield* plate('data', 4, function* () {
    yield* sample('y', Normal(x2, 2), { obs: y });
  });
}
const precision = [2, -1, -1, 2];
const det = 3;
const exactCov = [2 / det, 1 / det, 1 / det, 2 / det];
const b = [1, ys.reduce((s, v) => s + v, 0) / 4];
const exactMean = [(2 * b[0]! + b[1]!) / det, (b[0]! + 2 * b[1]!) / det];

describe('infer/autoguide/laplace', () => {
  describe('AutoLaplaceApproximation', () => {
    it('finds the MAP point and the exact posterior covariance of a Gaussian model', () => {
      const y = tf.tensor1d(ys);
      const guide = AutoLaplaceApproximation(chain);
      const svi = SVI(chain, guide, ClippedAdam({ lr: 0.05, lrd: 0.995 }), TraceELBO());
      const { params, state } = svi.run(prngKey(0), 600, [y]);
      expect(Object.keys(params)).toEqual(['AutoLaplaceApproximation.loc']);
      // The MAP of a point-mass guide converges deterministically (no sampling noise): 1e-3.
      valuesOf(params['AutoLaplaceApproximation.loc']).forEach((v, i) => expect(v).toBeCloseTo(exactMean[i]!, 3));
      const laplace = guide.laplaceApproximation(params, y);
      expect(laplace.guide.guideName).toBe('AutoMultivariateNormal');
      const posterior = laplace.guide.getPosterior(laplace.params) as MultivariateNormalDist;
      expect(posterior).toBeInstanceOf(MultivariateNormalDist);
      // The Hessian of a Gaussian log-density is exact in float32 at any point: 1e-5 relative.
      valuesOf(posterior.covarianceMatrix).forEach((v, i) => expect(Math.abs(v - exactCov[i]!)).toBeLessThan(1e-5 * Math.abs(exactCov[i]!) + 1e-6));
      expect(valuesOf(laplace.params['AutoMultivariateNormal.scaleTril'])[0]).toBe(1);
      expect(valuesOf(posterior.mean)).toEqual(valuesOf(params['AutoLaplaceApproximation.loc']));
      expect(precision).toHaveLength(4);
      tf.dispose([y, ...Object.values(params), ...Object.values(laplace.params)]);
      disposeState(state);
    });

    it('includes the log-Jacobian: LogNormal(0, 1) is N(0, 1) in unconstrained space', () => {
      // p_u(u) = LogNormal(e^u; 0, 1) · e^u = N(u; 0, 1): MAP u = 0 (scale 1), Hessian 1, variance 1.
      function* model() {
        yield* sample('scale', LogNormal(0, 1));
      }
      const guide = AutoLaplaceApproximation(model);
      const svi = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.99 }), TraceELBO());
      const { params, state } = svi.run(prngKey(1), 400, []);
      expect(valuesOf(guide.median(params).scale)[0]).toBeCloseTo(1, 3);
      const laplace = guide.laplaceApproximation(params);
      expect(valuesOf(laplace.params['AutoMultivariateNormal.scale'])[0]).toBeCloseTo(1, 4);
      const q = laplace.guide.quantiles(laplace.params, [0.5]);
      expect(valuesOf(q.scale)[0]).toBeCloseTo(1, 3);
      tf.dispose([...Object.values(params), ...Object.values(laplace.params), ...Object.values(q)]);
      disposeState(state);
    });

    it('has no transform (a point estimate) and says what to call instead', () => {
      const guide = AutoLaplaceApproximation(chain);
      const y = tf.tensor1d(ys);
      guide.setup(y);
      expect(() => guide.getTransform({ 'AutoLaplaceApproximation.loc': tf.zeros([2]) })).toThrow(/laplaceApproximation/);
      y.dispose();
    });
  });
});
