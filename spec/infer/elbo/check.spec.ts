import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { param, plate, sample } from '../../../lib/core/primitives.js';
import { MultivariateNormal } from '../../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { tracePair } from '../../../lib/infer/elbo/elbo.js';
import { checkModelGuideMatch } from '../../../lib/infer/elbo/check.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';

const data = (): tf.Tensor => tf.tensor1d([1, 2, 3, 4, 5]);

function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  yield* plate('data', 5, function* () {
    yield* sample('obs', Normal(loc, 1), { obs: x });
  });
}

describe('infer/elbo/check', () => {
  describe('checkModelGuideMatch (through the ELBO and tracePair)', () => {
    it("a guide loc of batch [3] against the scalar model site is a ModelGuideMismatch at 'loc', not a shape error at 'obs' downstream", () => {
      function* guide(_x: tf.Tensor) {
        const m = yield* param('m', tf.zeros([3]));
        yield* sample('loc', Normal(m, 1));
      }
      tf.tidy(() => {
        const loss = () => TraceELBO().loss({ model, guide, params: {}, key: prngKey(0), args: [data()], maxPlateNesting: 1 });
        expect(loss).toThrow(/^TraceELBO: model and guide shapes disagree at site 'loc': the model's Normal has shape \[\], the guide's Normal has shape \[3\] \(batch \+ event\)\. Give the guide site/);
        expect(loss).toThrow(/\nModel:\n(.|\n)*\nGuide:\n/);
      });
    });

    it("an event-dim mismatch that breaks the model downstream is reported at the latent, with both event dims", () => {
      function* guide(_x: tf.Tensor) {
        yield* sample('loc', MultivariateNormal(tf.zeros([2]), { scaleTril: tf.eye(2) }));
      }
      tf.tidy(() => {
        expect(() => tracePair(model, guide, {}, prngKey(1), [data()], 'SVI.update')).toThrow(
          /^SVI\.update: model and guide event dims disagree at site 'loc': the model's Normal has event dim 0 \(event shape \[\]\), the guide's MultivariateNormal has event dim 1/,
        );
      });
    });

    it('shapes agree from the right with missing leading dims counted as 1 (Pyro): [1] against [] passes, [2] against [1] does not', () => {
      function* scalarModel() {
        yield* sample('z', Normal(0, 1));
      }
      function* guideOf(shape: number[]) {
        yield* sample('z', Normal(tf.zeros(shape), 1));
      }
      tf.tidy(() => {
        const pair = (shape: number[]) => tracePair(scalarModel, function* () {
          yield* guideOf(shape);
        }, {}, prngKey(2), []);
        const { model: m1, guide: g1 } = pair([1]);
        expect(() => checkModelGuideMatch(m1, g1, 'test')).not.toThrow();
        const { model: m2, guide: g2 } = pair([2]);
        expect(() => checkModelGuideMatch(m2, g2, 'test')).toThrow(/shapes disagree at site 'z': the model's Normal has shape \[\], the guide's Normal has shape \[2\]/);
      });
    });
  });
});
