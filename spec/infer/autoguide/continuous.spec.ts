import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { PlateSite, SampleSite } from '../../../lib/core/effect.js';
import { run } from '../../../lib/core/interpret.js';
import { prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { Bernoulli } from '../../../lib/distributions/families/discrete/bernoulli.js';
import { LogNormal } from '../../../lib/distributions/families/continuous/log-normal.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { block } from '../../../lib/handlers/block.js';
import { TraceMeanFieldELBO } from '../../../lib/infer/elbo/mean-field-elbo.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { Adam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { AutoDiagonalNormal, AutoMultivariateNormal, AutoNormal, SiteDeltaDist } from '../../../lib/infer/autoguide/index.js';
import { hierModel, seedData, seedModel, f32, valuesOf } from './fixtures.js';

const LOG_2PI = Math.log(2 * Math.PI);
const normalLp = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;

function* logNormalModel() {
  yield* sample('s', LogNormal(0.5, 0.8));
}

describe('infer/autoguide/continuous', () => {
  describe('the guide density', () => {
    const params = { 'AutoDiagonalNormal.loc': tf.tensor1d([0.2]), 'AutoDiagonalNormal.scale': tf.tensor1d([0.6]) };

    it('is q(u) on the auxiliary site and −log|det J| on the Delta site, so log q(s) = log q(u) − u exactly', () => {
      const guide = AutoDiagonalNormal(logNormalModel);
      const trace = run(guide, [], { key: prngKey(0), params });
      const latent = trace.sites.get('_AutoDiagonalNormal_latent') as SampleSite;
      const site = trace.sites.get('s') as SampleSite;
      expect(latent.infer.isAuxiliary).toBe(true);
      expect(site.fn).toBeInstanceOf(SiteDeltaDist);
      const u = valuesOf(latent.value)[0]!;
      expect(valuesOf(site.value)[0]).toBeCloseTo(Math.exp(u), 5);
      // float32: 1e-5 relative.
      expect(valuesOf(latent.fn.logProb(latent.value))[0]).toBeCloseTo(normalLp(u, 0.2, 0.6), 5);
      expect(valuesOf(site.fn.logProb(site.value))[0]).toBeCloseTo(-u, 6);
    });

    it('makes TraceELBO and TraceMeanFieldELBO agree and estimate −KL(q_u ‖ p_u) without bias', () => {
      // p_u = N(0.5, 0.8) (LogNormal pushed to log space, Jacobian included), q_u = N(0.2, 0.6):
      // ELBO = −KL = −[log(0.8/0.6) + (0.6² + 0.3²)/(2·0.8²) − ½].
      const kl = Math.log(0.8 / 0.6) + (0.36 + 0.09) / (2 * 0.64) - 0.5;
      const guide = AutoDiagonalNormal(logNormalModel);
      const input = { model: logNormalModel, guide, params, key: prngKey(1), args: [], maxPlateNesting: 0 };
      const trace = TraceELBO({ numParticles: 4000, vectorizeParticles: true }).loss(input).dataSync()[0]!;
      const meanField = TraceMeanFieldELBO({ numParticles: 4000, vectorizeParticles: true }).loss(input).dataSync()[0]!;
      expect(meanField).toBeCloseTo(trace, 5);
      // log p_u − log q_u has sd ≈ 0.4 here: 4000 particles give sd 0.006; 0.03 is 5 sd.
      expect(Math.abs(trace - kl)).toBeLessThan(0.03);
    });
  });

  describe('plates and particles', () => {
    function* local(y: tf.Tensor) {
      const mu = yield* sample('mu', Normal(0, 1));
      yield* plate('items', 3, function* () {
        const z = yield* sample('z', LogNormal(mu, 1));
        yield* sample('y', Normal(z, 1), { obs: y });
      });
    }

    it('samples local sites inside the model\'s plates, also under vectorized particles', () => {
      const y = tf.tensor1d([0.5, 1.5, 2.5]);
      const guide = AutoMultivariateNormal(local);
      const proto = guide.setup(y);
      expect(proto.latentDim).toBe(4);
      expect([...proto.plates.keys()]).toEqual(['items']);
      const svi = SVI(local, guide, Adam({ lr: 0.01 }), TraceELBO({ numParticles: 5, vectorizeParticles: true }));
      let state = svi.init(prngKey(0), y);
      [state] = svi.update(state, y);
      const loss = svi.evaluate(state, y);
      expect(Number.isFinite(loss)).toBe(true);
      const params = svi.getParams(state);
      const trace = run(guide, [y], { key: prngKey(2), params });
      expect((trace.sites.get('z') as SampleSite).plates.map((f) => f.name)).toEqual(['items']);
      expect(trace.sites.get('z')!.value.shape).toEqual([3]);
      expect(guide.quantiles(params, [0.1, 0.9]).z.shape).toEqual([2, 3]);
      expect(guide.unpackLatent(guide.sampleLatent(params, prngKey(3), [7])).z.shape).toEqual([7, 3]);
      y.dispose();
    });

    it('uses the subsample indices given by createPlates', () => {
      function* model(idx: tf.Tensor) {
        const mu = yield* sample('mu', Normal(0, 1));
        yield* plate('groups', 10, { subsample: idx }, function* () {
          yield* sample('theta', Normal(mu, 1));
        });
      }
      const idx = tf.tensor1d([7, 2, 5], 'int32');
      const guide = AutoNormal(model, { createPlates: (i: tf.Tensor) => ({ groups: i }) });
      const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
      const state = svi.init(prngKey(0), idx);
      const params = svi.getParams(state);
      expect(params['AutoNormal.locs.theta']!.shape).toEqual([10]);
      const trace = run(guide, [idx], { key: prngKey(1), params });
      expect(valuesOf((trace.sites.get('groups') as PlateSite).value)).toEqual([7, 2, 5]);
      idx.dispose();
    });
  });

  describe('errors', () => {
    it('rejects discrete latent sites, naming them', () => {
      function* model() {
        yield* sample('coin', Bernoulli({ probs: 0.3 }));
      }
      const svi = SVI(model, AutoNormal(model), Adam({ lr: 0.01 }), TraceELBO());
      expect(() => svi.init(prngKey(0))).toThrow(/AutoNormal: discrete latent sites are not supported at site 'coin'/);
    });

    it('rejects latent sites in subsampled plates for the joint guides, pointing to AutoNormal', () => {
      const guide = AutoMultivariateNormal(hierModel(4));
      expect(() => guide.setup(tf.zeros([10]), tf.ones([10]))).toThrow(/not supported by continuous autoguides at site 'theta'.*'groups' \(4 of 10\).*AutoNormal/);
    });

    it('rejects a model without latent sites', () => {
      function* observedOnly() {
        yield* sample('y', Normal(0, 1), { obs: tf.scalar(0.5) });
      }
      expect(() => AutoMultivariateNormal(observedOnly).setup()).toThrow(/AutoMultivariateNormal: the model has no continuous latent sites to guide/);
    });

    it('asks for the model arguments when a method needs the prototype first', () => {
      expect(() => AutoMultivariateNormal(seedModel).median({})).toThrow(/AutoMultivariateNormal\.median: the guide has not traced its model yet\. Run the guide once/);
    });

    it('names a missing parameter', () => {
      const guide = AutoDiagonalNormal(seedModel);
      guide.setup(f32(seedData(), [100]));
      expect(() => guide.median({})).toThrow(/parameter 'AutoDiagonalNormal\.loc' is missing from the params/);
    });

    it('leaves blocked sites to others', () => {
      const guide = AutoDiagonalNormal(block(seedModel, { hide: ['scale'] }));
      expect(guide.setup(f32(seedData(), [100])).sites.map((s) => s.name)).toEqual(['loc']);
    });
  });
});
