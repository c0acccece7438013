import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../lib/core/interpret.js';
import { prngKey, splitKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { Bernoulli } from '../../lib/distributions/families/discrete/bernoulli.js';
import { MultivariateNormal } from '../../lib/distributions/families/multivariate/multivariate-normal.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { setWarningSink } from '../../lib/core/warn.js';
import { describeBackends } from '../helpers/backends.js';
import { ROWS, longData, normalLogLik, relativeError } from '../helpers/long-sums.js';

const normalLp = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * Math.log(2 * Math.PI);

function* model(y: tf.Tensor) {
  const z = yield* sample('z', Normal(0, 1));
  const w = yield* plate('items', 2, function* () {
    return yield* sample('w', Normal(z, 2));
  });
  yield* plate('items', 2, function* () {
    yield* sample('y', Normal(w, 0.5), { obs: y });
  });
}

function* guide(_y: tf.Tensor) {
  const loc = yield* param('loc', tf.tensor1d([0.3, -0.2]));
  const scale = yield* param('scale', tf.tensor1d([0.8, 1.3]), { constraint: positive });
  yield* sample('z', Normal(0.1, 0.9));
  yield* plate('items', 2, function* () {
    yield* sample('w', Normal(loc, scale));
  });
}

describe('infer/elbo/trace-elbo', () => {
  afterEach(() => {
    setWarningSink((m) => console.warn(m));
  });

  describe('TraceELBO', () => {
    it('equals a float64 ELBO computed independently from the same draws (float32 tolerance 1e-5 relative)', () => {
      const y = tf.tensor1d([0.7, -1.1]);
      const params = { loc: tf.tensor1d([0.3, -0.2]), scale: tf.tensor1d([0.8, 1.3]) };
      const key = prngKey(42);
      const loss = tf.tidy(() => TraceELBO().loss({ model, guide, params, key, args: [y], maxPlateNesting: 1 }).dataSync()[0]!);
      // Re-draw the guide with the same key the ELBO uses for it, read z and w, and compute in float64.
      const [guideKey] = splitKey(key, 2);
      const { z, w } = tf.tidy(() => {
        const t = run(guide, [y], { key: guideKey!, params });
        return { z: t.sites.get('z')!.value.dataSync()[0]!, w: Array.from(t.sites.get('w')!.value.dataSync()) };
      });
      const logP = normalLp(z, 0, 1) + w.reduce((a, wi, i) => a + normalLp(wi, z, 2) + normalLp([0.7, -1.1][i]!, wi, 0.5), 0);
      const logQ = normalLp(z, 0.1, 0.9) + w.reduce((a, wi, i) => a + normalLp(wi, [0.3, -0.2][i]!, [0.8, 1.3][i]!), 0);
      const expected = -(logP - logQ);
      expect(Math.abs(loss - expected)).toBeLessThan(1e-5 * Math.abs(expected));
      tf.dispose([y, params.loc, params.scale]);
    });

    it('averages particles: vectorized and looped particles estimate the same ELBO', () => {
      const y = tf.tensor1d([0.7, -1.1]);
      const params = { loc: tf.tensor1d([0.3, -0.2]), scale: tf.tensor1d([0.8, 1.3]) };
      const estimate = (vectorizeParticles: boolean) =>
        tf.tidy(() => TraceELBO({ numParticles: 4000, vectorizeParticles }).loss({ model, guide, params, key: prngKey(7), args: [y], maxPlateNesting: 1 }).dataSync()[0]!);
      // Both are Monte Carlo means of the same quantity; per-particle sd is ~3, so 4000 particles give sd ≈ 0.05.
      expect(Math.abs(estimate(true) - estimate(false))).toBeLessThan(0.3);
      tf.dispose([y, params.loc, params.scale]);
    });

    it("raises ModelGuideMismatch on scenario 1's plated Normal vs a guide MultivariateNormal", () => {
      const K = 3;
      const B = 4;
      function* plated() {
        yield* plate('mini_batch', B, { dim: -1 }, function* () {
          yield* plate('components', K, { dim: -2 }, function* () {
            yield* sample('a', Normal(0, 1));
          });
        });
      }
      function* mvnGuide() {
        yield* plate('mini_batch', B, { dim: -1 }, function* () {
          yield* sample('a', MultivariateNormal(tf.zeros([B, K]), { scaleTril: tf.eye(K) }));
        });
      }
      const loss = () => tf.tidy(() => TraceELBO().loss({ model: plated, guide: mvnGuide, params: {}, key: prngKey(0), args: [], maxPlateNesting: 2 }));
      expect(loss).toThrow(/TraceELBO: model and guide event dims disagree at site 'a': the model's Normal has event dim 0 .* the guide's MultivariateNormal has event dim 1/);
    });

    it('rejects a guide plate the model lacks and warns about missing and extra sites', () => {
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      function* m() {
        yield* sample('a', Normal(0, 1));
        yield* sample('b', Normal(0, 1));
      }
      function* g() {
        yield* sample('a', Normal(0, 1));
        yield* sample('extra', Normal(0, 1));
        yield* sample('aux', Normal(0, 1), { infer: { isAuxiliary: true } });
      }
      tf.tidy(() => {
        TraceELBO().loss({ model: m, guide: g, params: {}, key: prngKey(0), args: [], maxPlateNesting: 0 });
      });
      expect(warnings.join('\n')).toMatch(/found latent sites in the model but not in the guide: b\./);
      expect(warnings.join('\n')).toMatch(/found sites in the guide but not in the model: extra\./);
      expect(warnings.join('\n')).not.toMatch(/: extra, aux|'aux'|\baux\b,/);
      function* plateGuide() {
        yield* plate('stray', 2, function* () {
          yield* sample('a', Normal(0, 1));
        });
      }
      expect(() => tf.tidy(() => TraceELBO().loss({ model: m, guide: plateGuide, params: {}, key: prngKey(0), args: [], maxPlateNesting: 1 }))).toThrow(
        /TraceELBO: the guide has a plate the model lacks: plate 'stray'/,
      );
    });
  });
});

describeBackends('infer/elbo/trace-elbo (long sums)', () => {
  it('the score-function path’s value over 10⁶ rows is within 1e-6 relative of a float64 reference', () => {
    const data = longData();
    const x = tf.tensor1d(data);
    function* bernoulliModel(obs: tf.Tensor) {
      const z = yield* sample('z', Bernoulli({ probs: 0.3 }));
      yield* plate('data', ROWS, function* () {
        yield* sample('obs', Normal(tf.mul(z, 2), 1.5), { obs });
      });
    }
    function* bernoulliGuide(_obs: tf.Tensor) {
      yield* sample('z', Bernoulli({ probs: 0.6 }));
    }
    const key = prngKey(5);
    const loss = tf.tidy(() => TraceELBO().loss({ model: bernoulliModel, guide: bernoulliGuide, params: {}, key, args: [x], maxPlateNesting: 1 }).dataSync()[0]!);
    const [guideKey] = splitKey(key, 2);
    const z = tf.tidy(() => run(bernoulliGuide, [x], { key: guideKey! }).sites.get('z')!.value.dataSync()[0]!);
    const expected = -(Math.log(z === 1 ? 0.3 : 0.7) + normalLogLik(data, 2 * z, 1.5) - Math.log(z === 1 ? 0.6 : 0.4));
    expect(relativeError(loss, expected)).toBeLessThan(1e-6);
    x.dispose();
  });
});
