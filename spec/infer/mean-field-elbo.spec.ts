/**
 * TraceMeanFieldELBO against closed forms: analytic KLs (diagonal Normal, MVN), the Monte
 * Carlo fallback (Laplace guide, Normal prior: KL and its per-particle variance by quadrature),
 * subsample scaling, auxiliary guides with Deltas (exact equality with TraceELBO), the
 * score-function gradient of a Bernoulli guide (enumeration), SVI on the conjugate
 * Normal–Normal model, the order warning, and tensor leaks.
 *
 * Tolerances: exact values are float32 computations of a few ops summed over ≤ 3 terms,
 * compared with float64 references at 1e-5 relative (2e-5 where a Cholesky solve and
 * log-determinant are involved, as in the golden KL suite). Monte Carlo values are checked
 * within 4 standard errors computed from the reference variance. SVI results within 2%.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { Bernoulli } from '../../lib/distributions/families/discrete/bernoulli.js';
import { setValidation } from '../../lib/distributions/util.js';
import { Delta, Laplace, LogNormal, MultivariateNormal, Normal } from '../../lib/distributions/index.js';
import { type ElboInput, particlePairs, tracePair } from '../../lib/infer/elbo/elbo.js';
import { TraceMeanFieldELBO, TraceELBO } from '../../lib/infer/elbo/index.js';
import { AutoMultivariateNormal } from '../../lib/infer/autoguide/index.js';
import { ClippedAdam } from '../../lib/infer/optim/adam.js';
import { constrain } from '../../lib/infer/params.js';
import { SVI } from '../../lib/infer/svi.js';
import { tensorCountsOverSteps } from './helpers/leaks.js';
import { setWarningSink } from '../../lib/core/warn.js';
import { describeBackends } from '../helpers/backends.js';
import { ROWS, longData, relativeError } from '../helpers/long-sums.js';
import { gram, inverse, logDet, mvnLogPdf } from '../distributions/helpers/gaussian64.js';
import {
  LOG_2PI,
  P0,
  X,
  bernoulliGuide,
  bernoulliLik,
  bernoulliModel,
  integrate,
  klNormal,
  normalGuide,
  normalLp,
  normalModel,
  normalNormal,
  scalar,
  scoreQ,
} from './helpers/elbo64.js';

const LOC = [0.3, -0.2, 1];
const SCALE = [0.8, 1.3, 0.5];
const L1 = [
  [0.9, 0, 0],
  [0.4, 1.2, 0],
  [-0.3, 0.2, 0.7],
];
const SIGMA2 = [
  [2, 0.5, 0.1],
  [0.5, 1.5, -0.3],
  [0.1, -0.3, 1],
];
const LOC2 = [0.5, 0, -1];

const input = (model: ElboInput['model'], guide: ElboInput['guide'], params: ElboInput['params'], key = prngKey(0), maxPlateNesting = 0): ElboInput => ({
  model,
  guide,
  params,
  key,
  args: [],
  maxPlateNesting,
});
const lossOf = (elbo: ReturnType<typeof TraceMeanFieldELBO>, i: ElboInput): number => tf.tidy(() => scalar(elbo.loss(i)));
const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

function* diagModel() {
  yield* sample('z', Normal(0, 1).expand([3]).toEvent(1));
}
function* diagGuide() {
  const loc = yield* param('loc', tf.tensor1d(LOC));
  const scale = yield* param('scale', tf.tensor1d(SCALE), { constraint: positive });
  yield* sample('z', Normal(loc, scale).toEvent(1));
}

describeBackends('infer/elbo/mean-field-elbo', () => {
  describe('TraceMeanFieldELBO', () => {
    it('without a likelihood equals Σ KL(Normal ‖ Normal) in closed form, whatever the key and particles', () => {
      const expected = LOC.reduce((s, m, i) => s + klNormal(m, SCALE[i]!, 0, 1), 0);
      const params = { loc: tf.tensor1d(LOC), scale: tf.tensor1d(SCALE) };
      for (const [elbo, key] of [
        [TraceMeanFieldELBO(), prngKey(1)],
        [TraceMeanFieldELBO(), prngKey(2)],
        [TraceMeanFieldELBO({ numParticles: 4, vectorizeParticles: true }), prngKey(3)],
        [TraceMeanFieldELBO({ numParticles: 3 }), prngKey(4)],
      ] as const) {
        expect(relErr(lossOf(elbo, input(diagModel, diagGuide, params, key)), expected)).toBeLessThan(1e-5);
      }
      tf.dispose(Object.values(params));
    });

    it('with a MultivariateNormal guide against a MultivariateNormal prior equals the float64 Gaussian KL', () => {
      function* model() {
        yield* sample('z', MultivariateNormal(LOC2, { covarianceMatrix: SIGMA2 }));
      }
      function* guide() {
        yield* sample('z', MultivariateNormal(LOC, { scaleTril: L1 }));
      }
      // KL = ½ [tr(Σ₂⁻¹Σ₁) + δᵀΣ₂⁻¹δ − d + log det Σ₂ − log det Σ₁]
      const sigma1 = gram(L1);
      const p2 = inverse(SIGMA2);
      const delta = LOC2.map((m, i) => m - LOC[i]!);
      const trace = p2.reduce((s, row, i) => s + row.reduce((t, v, j) => t + v * sigma1[j]![i]!, 0), 0);
      const maha = delta.reduce((s, di, i) => s + di * p2[i]!.reduce((t, v, j) => t + v * delta[j]!, 0), 0);
      const expected = 0.5 * (trace + maha - 3 + logDet(SIGMA2) - logDet(sigma1));
      expect(relErr(lossOf(TraceMeanFieldELBO(), input(model, guide, {})), expected)).toBeLessThan(2e-5);
    });

    it('falls back to log p − log q where no KL rule exists (Laplace guide, Normal prior): the mean over 20000 particles is the KL within 4 s.e.', () => {
      const [a, b, mu, sigma] = [0.4, 0.6, -0.2, 1.5];
      function* model() {
        yield* sample('z', Normal(mu, sigma));
      }
      function* guide() {
        yield* sample('z', Laplace(a, b));
      }
      // Reference by quadrature of the Laplace density (split at its kink): mean and variance of log q − log p.
      const logQ = (z: number) => -Math.abs(z - a) / b - Math.log(2 * b);
      const term = (z: number) => logQ(z) - normalLp(z, mu, sigma);
      const moment = (f: (z: number) => number) => integrate((z) => Math.exp(logQ(z)) * f(z), a - 40 * b, a) + integrate((z) => Math.exp(logQ(z)) * f(z), a, a + 40 * b);
      const kl = moment(term);
      const closedForm = -(1 + Math.log(2 * b)) + Math.log(sigma) + 0.5 * LOG_2PI + ((a - mu) ** 2 + 2 * b * b) / (2 * sigma * sigma);
      expect(Math.abs(kl - closedForm)).toBeLessThan(1e-9);
      const n = 20000;
      const se = Math.sqrt((moment((z) => term(z) ** 2) - kl * kl) / n);
      const estimate = (key: number) => lossOf(TraceMeanFieldELBO({ numParticles: n, vectorizeParticles: true }), input(model, guide, {}, prngKey(key)));
      const [e1, e2] = [estimate(5), estimate(6)];
      expect(Math.abs(e1 - kl)).toBeLessThan(4 * se);
      expect(Math.abs(e2 - kl)).toBeLessThan(4 * se);
      expect(e1).not.toBe(e2); // a Monte Carlo estimate, not the (nonexistent) closed form
    });

    it('scales the KL of a subsampled plate by size / subsampleSize', () => {
      const locs = Array.from({ length: 10 }, (_, i) => 0.1 * i - 0.4);
      const scales = Array.from({ length: 10 }, (_, i) => 0.5 + 0.07 * i);
      function* model() {
        yield* plate('data', 10, { subsampleSize: 4 }, function* () {
          yield* sample('z', Normal(0.2, 1.1));
        });
      }
      function* guide() {
        const loc = yield* param('loc', tf.tensor1d(locs));
        const scale = yield* param('scale', tf.tensor1d(scales), { constraint: positive });
        yield* plate('data', 10, { subsampleSize: 4 }, function* (idx) {
          yield* sample('z', Normal(tf.gather(loc, idx), tf.gather(scale, idx)));
        });
      }
      const params = { loc: tf.tensor1d(locs), scale: tf.tensor1d(scales) };
      const key = prngKey(7);
      const idx = tf.tidy(() => Array.from(tracePair(model, guide, params, key, []).guide.sites.get('data')!.value.dataSync()));
      expect(idx.length).toBe(4);
      const expected = 2.5 * idx.reduce((s, i) => s + klNormal(locs[i]!, scales[i]!, 0.2, 1.1), 0);
      expect(relErr(lossOf(TraceMeanFieldELBO(), input(model, guide, params, key, 1)), expected)).toBeLessThan(1e-5);
      tf.dispose(Object.values(params));
    });

    describe('with an auxiliary guide (scenario 1b in miniature)', () => {
      const K = 3;
      const params = () => ({ loc: tf.tensor1d(LOC), tril: tf.tensor2d(L1) });
      function* auxiliary() {
        const loc = yield* param('loc', tf.tensor1d(LOC));
        const tril = yield* param('tril', tf.tensor2d(L1));
        return yield* sample('a_aux', MultivariateNormal(loc, { scaleTril: tril }), { infer: { isAuxiliary: true } });
      }
      /** Both losses at one key, and the auxiliary draw the guide made there. */
      function compare(model: ElboInput['model'], guide: ElboInput['guide'], key: number, maxPlateNesting = 0) {
        const p = params();
        const i = input(model, guide, p, prngKey(key), maxPlateNesting);
        const meanField = lossOf(TraceMeanFieldELBO(), i);
        const trace = lossOf(TraceELBO(), i);
        const aux = tf.tidy(() => Array.from(tracePair(model, guide, p, prngKey(key), []).guide.sites.get('a_aux')!.value.dataSync()));
        tf.dispose(Object.values(p));
        return { meanField, trace, aux };
      }
      const logQ = (aux: readonly number[]) => mvnLogPdf(aux, LOC, gram(L1));

      it('gives the same loss as TraceELBO with a Delta(a_aux, { eventDim: 1 }) site, both equal to log q − log p in float64', () => {
        function* model() {
          yield* sample('a', Normal(0, 1).expand([K]).toEvent(1));
        }
        function* guide() {
          const aux = yield* auxiliary();
          yield* sample('a', Delta(aux, { eventDim: 1 }));
        }
        for (const key of [11, 12]) {
          const { meanField, trace, aux } = compare(model, guide, key);
          const expected = logQ(aux) - aux.reduce((s, v) => s + normalLp(v, 0, 1), 0);
          expect(relErr(meanField, expected)).toBeLessThan(2e-5);
          expect(relErr(meanField, trace)).toBeLessThan(1e-5);
        }
      });

      it("gives the same loss as TraceELBO with the user-facing site inside the model's components plate", () => {
        function* model() {
          yield* plate('components', K, function* () {
            yield* sample('a', Normal(0, 1));
          });
        }
        function* guide() {
          const aux = yield* auxiliary();
          yield* plate('components', K, function* () {
            yield* sample('a', Delta(aux));
          });
        }
        const { meanField, trace, aux } = compare(model, guide, 13, 1);
        expect(relErr(meanField, logQ(aux) - aux.reduce((s, v) => s + normalLp(v, 0, 1), 0))).toBeLessThan(2e-5);
        expect(relErr(meanField, trace)).toBeLessThan(1e-5);
      });

      it('counts the logDensity of an Independent(Delta) against a MultivariateNormal prior', () => {
        function* model() {
          yield* sample('a', MultivariateNormal(LOC2, { covarianceMatrix: SIGMA2 }));
        }
        function* guide() {
          const aux = yield* auxiliary();
          yield* sample('a', Delta(aux, { logDensity: tf.mul(aux, 0.5) }).toEvent(1));
        }
        const { meanField, trace, aux } = compare(model, guide, 15);
        const expected = logQ(aux) + 0.5 * aux.reduce((s, u) => s + u, 0) - mvnLogPdf(aux, LOC2, SIGMA2);
        expect(relErr(meanField, expected)).toBeLessThan(2e-5);
        expect(relErr(meanField, trace)).toBeLessThan(1e-5);
      });

      it("counts a Delta's logDensity (an autoguide's log-Jacobian): exp-transformed auxiliary, LogNormal prior", () => {
        function* model() {
          yield* sample('a', LogNormal(0, 1).expand([K]).toEvent(1));
        }
        function* guide() {
          const aux = yield* auxiliary();
          // log q(a) = log q(a_aux) − Σ a_aux for a = exp(a_aux): the Delta carries −Σ a_aux
          yield* sample('a', Delta(tf.exp(aux), { eventDim: 1, logDensity: tf.neg(tf.sum(aux, -1)) }));
        }
        const { meanField, trace, aux } = compare(model, guide, 14);
        const logLogNormal = (v: number) => normalLp(Math.log(v), 0, 1) - Math.log(v);
        const expected = logQ(aux) - aux.reduce((s, u) => s + u, 0) - aux.reduce((s, u) => s + logLogNormal(Math.exp(u)), 0);
        expect(relErr(meanField, expected)).toBeLessThan(2e-5);
        expect(relErr(meanField, trace)).toBeLessThan(1e-5);
      });
    });

    it('gives an unbiased score-function gradient for a Bernoulli guide site (analytic KL plus the likelihood at the draws)', () => {
      const q = 0.45;
      const kl = q * Math.log(q / P0) + (1 - q) * Math.log((1 - q) / (1 - P0));
      const dKL = Math.log(q / P0) - Math.log((1 - q) / (1 - P0));
      // The per-particle gradient of the ELBO the estimator computes, and its expectation by enumeration.
      const g = (z: number) => -dKL + (bernoulliLik(z) - kl) * scoreQ(z, q);
      const elbo = (t: number) => t * bernoulliLik(1) + (1 - t) * bernoulliLik(0) - (t * Math.log(t / P0) + (1 - t) * Math.log((1 - t) / (1 - P0)));
      const h = 1e-6;
      expect(Math.abs(q * g(1) + (1 - q) * g(0) - (elbo(q + h) - elbo(q - h)) / (2 * h))).toBeLessThan(1e-8);
      const n = 6;
      const key = prngKey(21);
      const i = (qt: tf.Tensor) => ({ ...input(bernoulliModel, bernoulliGuide, { q: qt }, key), maxPlateNesting: 0 });
      const zs = tf.tidy(() => {
        const [pair] = particlePairs(i(tf.scalar(q)), { numParticles: n, vectorizeParticles: true });
        return Array.from(pair!.guide.sites.get('z')!.value.dataSync());
      });
      expect(new Set(zs).size).toBe(2); // both values drawn at this key
      const grad = tf.tidy(() => scalar(tf.grad((qt: tf.Tensor) => TraceMeanFieldELBO({ numParticles: n, vectorizeParticles: true }).loss(i(qt)))(tf.scalar(q))));
      const expected = -zs.reduce((s, z) => s + g(z), 0) / n;
      expect(relErr(grad, expected)).toBeLessThan(1e-5);
    });

    it("a guide site outside its model site's plate: ModelGuideMismatch (validation on), else ShapeMismatch when the KL does not fit", () => {
      function* model() {
        yield* plate('items', 3, function* () {
          yield* sample('z', Normal(0, 1));
        });
      }
      function* guide() {
        yield* sample('z', Normal(0.5, 1));
      }
      expect(() => lossOf(TraceMeanFieldELBO(), input(model, guide, {}, prngKey(0), 1))).toThrow(
        /TraceMeanFieldELBO: model and guide shapes disagree at site 'z': the model's Normal has shape \[3\], the guide's Normal has shape \[\]/,
      );
      const previous = setValidation(false);
      try {
        expect(() => lossOf(TraceMeanFieldELBO(), input(model, guide, {}, prngKey(0), 1))).toThrow(
          /TraceMeanFieldELBO: the KL divergence does not fit the guide site at site 'z': KL\(Normal ‖ Normal\) has shape \[3\] but the guide site's batch shape is \[\]/,
        );
      } finally {
        setValidation(previous);
      }
    });
  });
});

describe('infer/elbo/mean-field-elbo', () => {
  afterEach(() => {
    setWarningSink((m) => console.warn(m));
  });

  describe('TraceMeanFieldELBO', () => {
    it('reaches the same optimum as TraceELBO on the Normal–Normal model: the closed-form posterior mean and sd within 2%', () => {
      const x = tf.tensor1d(X);
      const exact = normalNormal(X);
      for (const loss of [TraceMeanFieldELBO({ numParticles: 4, vectorizeParticles: true }), TraceELBO({ numParticles: 4, vectorizeParticles: true })]) {
        const svi = SVI(normalModel, normalGuide, ClippedAdam({ lr: 0.05, lrd: 0.998 }), loss);
        const { params, state } = svi.run(prngKey(0), 1500, [x]);
        expect(relErr(scalar(params.loc), exact.mean), loss.name).toBeLessThan(0.02);
        expect(relErr(scalar(params.scale), exact.sd), loss.name).toBeLessThan(0.02);
        tf.dispose([...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))]);
      }
      x.dispose();
    });

    it('gives the same loss as TraceELBO with AutoMultivariateNormal (its site Deltas carry the log-Jacobians)', () => {
      function* model(x: tf.Tensor) {
        const loc = yield* sample('loc', Normal(0, 10));
        const scale = yield* sample('scale', LogNormal(0, 1));
        yield* plate('data', x.shape[0], function* () {
          yield* sample('obs', Normal(loc, scale), { obs: x });
        });
      }
      const x = tf.tensor1d(X);
      const guide = AutoMultivariateNormal(model);
      const state = SVI(model, guide, ClippedAdam({ lr: 0.01 }), TraceELBO()).init(prngKey(3), x);
      const params = tf.tidy(() => constrain(state.params, state.specs));
      for (const key of [1, 2]) {
        const i: ElboInput = { model, guide, params, key: prngKey(key), args: [x], maxPlateNesting: 1 };
        expect(relErr(lossOf(TraceMeanFieldELBO(), i), lossOf(TraceELBO(), i))).toBeLessThan(1e-5);
      }
      tf.dispose([x, ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))]);
    });

    it('warns once when the guide visits the shared sites in a different order from the model, and not otherwise', () => {
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      function* model() {
        yield* sample('a', Normal(0, 1));
        yield* sample('b', Normal(0, 1));
      }
      const ordered = function* () {
        yield* sample('a', Normal(0.1, 1));
        yield* sample('b', Normal(0.2, 1));
      };
      const swapped = function* () {
        yield* sample('b', Normal(0.2, 1));
        yield* sample('a', Normal(0.1, 1));
      };
      lossOf(TraceMeanFieldELBO(), input(model, ordered, {}));
      expect(warnings).toEqual([]);
      lossOf(TraceMeanFieldELBO(), input(model, swapped, {}));
      lossOf(TraceMeanFieldELBO(), input(model, swapped, {}));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^TraceMeanFieldELBO: Failed to verify mean field restriction on the guide: model sites are visited in the order a, b, guide sites in the order b, a\. To eliminate this warning, ensure model and guide sites occur in the same order\.$/,
      );
    });

    it('keeps tf.memory().numTensors flat over SVI steps (pathwise and score-function paths)', () => {
      const x = tf.tensor1d(X);
      const loss = TraceMeanFieldELBO({ numParticles: 2, vectorizeParticles: true });
      expect(tensorCountsOverSteps(SVI(normalModel, normalGuide, ClippedAdam({ lr: 0.01 }), loss), [x])).toEqual({ atStep10: 0, atStep40: 0 });
      expect(tensorCountsOverSteps(SVI(bernoulliModel, bernoulliGuide, ClippedAdam({ lr: 0.01 }), loss), [])).toEqual({ atStep10: 0, atStep40: 0 });
      x.dispose();
    });
  });
});

describeBackends('infer/elbo/mean-field-elbo (long sums)', () => {
  // 10⁶ latent rows: Σᵢ KL(N(mᵢ, 0.5²) ‖ N(0, 1)), plus a Bernoulli pair that sends the loss down
  // the tensor path (score-function terms), where the KL sums are reduced by totalOfTerms.
  const data = longData();
  const locs = Float32Array.from(data, (v) => 0.1 * v);
  function* model() {
    yield* sample('c', Bernoulli({ probs: 0.5 }));
    yield* plate('rows', ROWS, function* () {
      yield* sample('z', Normal(0, 1));
    });
  }

  for (const [path, scored] of [['fused', false], ['tensor', true]] as const) {
    it(`Σ KL over 10⁶ rows (${path} path) is within 1e-6 relative of a float64 reference`, () => {
      const m = tf.tensor1d(locs);
      function* guide() {
        if (scored) yield* sample('c', Bernoulli({ probs: 0.5 }));
        yield* plate('rows', ROWS, function* () {
          yield* sample('z', Normal(m, 0.5));
        });
      }
      const fixed = function* () {
        yield* plate('rows', ROWS, function* () {
          yield* sample('z', Normal(0, 1));
        });
      };
      let expected = 0;
      for (const mi of locs) expected += klNormal(mi, 0.5, 0, 1);
      // KL(Bernoulli(½) ‖ Bernoulli(½)) = 0
      const loss = tf.tidy(() => TraceMeanFieldELBO().loss({ model: scored ? model : fixed, guide, params: {}, key: prngKey(2), args: [], maxPlateNesting: 1 }).dataSync()[0]!);
      expect(relativeError(loss, expected)).toBeLessThan(1e-6);
      m.dispose();
    });
  }
});
