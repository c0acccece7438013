/**
 * RenyiELBO against closed forms on the conjugate Normal–Normal model (evidence, posterior,
 * ELBO) and the enumerable Bernoulli–Normal model (exact finite-n bound and its gradient).
 *
 * Tolerances: values recomputed in float64 from the drawn particles agree to 2e-5 relative
 * (float32 log-densities summed over ≤ 20 data points, then a logsumexp); one particle equals
 * TraceELBO to 1e-6 relative (the same sums; logsumexp of one element and the 1/(1−α) scaling
 * are exact up to the last ulp). Monte Carlo comparisons use 4 standard errors from reference
 * variances (quadrature) or from the samples themselves (Welch's statistic). SVI within 2%.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { prngKey } from '../../lib/core/key.js';
import { plate, sample } from '../../lib/core/primitives.js';
import { Delta, Normal } from '../../lib/distributions/index.js';
import { type ElboInput, particlePairs } from '../../lib/infer/elbo/elbo.js';
import { type ELBO, RenyiELBO, TraceELBO } from '../../lib/infer/elbo/index.js';
import { ClippedAdam } from '../../lib/infer/optim/adam.js';
import { SVI } from '../../lib/infer/svi.js';
import { describeBackends } from '../helpers/backends.js';
import { ROWS, longData, normalLogLik, relativeError } from '../helpers/long-sums.js';
import {
  PRIOR_SD,
  X,
  bernoulliGuide,
  bernoulliLik,
  bernoulliModel,
  integrate,
  klNormal,
  logPrior,
  logQ,
  normalGuide,
  normalLp,
  normalModel,
  normalNormal,
  scalar,
  scoreQ,
} from './helpers/elbo64.js';
import { tensorCountsOverSteps } from './helpers/leaks.js';

const EXACT = normalNormal(X);
const relErr = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
const lossOf = (elbo: ELBO, i: ElboInput): number => tf.tidy(() => scalar(elbo.loss(i)));

/** The Normal–Normal ELBO input with the guide at (loc, scale). */
function normalInput(x: tf.Tensor, loc: number, scale: number, key: number): ElboInput {
  return { model: normalModel, guide: normalGuide, params: { loc: tf.scalar(loc), scale: tf.scalar(scale) }, key: prngKey(key), args: [x], maxPlateNesting: 1 };
}

/** `(1/(1−α)) (logsumexp((1−α) w) − log n)` in float64. */
function bound64(w: readonly number[], alpha: number): number {
  const a = w.map((v) => (1 - alpha) * v);
  const m = Math.max(...a);
  return (m + Math.log(a.reduce((s, v) => s + Math.exp(v - m), 0)) - Math.log(w.length)) / (1 - alpha);
}

describeBackends('infer/elbo/renyi-elbo', () => {
  describe('RenyiELBO', () => {
    it('with one particle equals TraceELBO at the same key, for every alpha', () => {
      const x = tf.tensor1d(X);
      for (const [alpha, key] of [
        [0, 1],
        [0.5, 2],
        [-1, 3],
        [2, 4],
      ] as const) {
        const i = normalInput(x, 2.5, 0.4, key);
        expect(relErr(lossOf(RenyiELBO({ alpha, numParticles: 1 }), i), lossOf(TraceELBO(), i))).toBeLessThan(1e-6);
        tf.dispose(Object.values(i.params));
      }
      x.dispose();
    });

    it('reduces vectorized particles to one log-weight each: equals the bound recomputed in float64 from the drawn particles', () => {
      const x = tf.tensor1d(X);
      const n = 5;
      for (const alpha of [0, 0.3]) {
        const i = normalInput(x, 2.8, 0.4, 7);
        const mus = tf.tidy(() => Array.from(particlePairs(i, { numParticles: n, vectorizeParticles: true })[0]!.guide.sites.get('mu')!.value.dataSync()));
        expect(mus).toHaveLength(n);
        const w = mus.map((mu) => normalLp(mu, 0, PRIOR_SD) + X.reduce((s, xi) => s + normalLp(xi, mu, 1), 0) - normalLp(mu, 2.8, 0.4));
        expect(relErr(lossOf(RenyiELBO({ alpha, numParticles: n, vectorizeParticles: true }), i), -bound64(w, alpha))).toBeLessThan(2e-5);
        tf.dispose(Object.values(i.params));
      }
      x.dispose();
    });

    it('gives an unbiased score-function gradient (VIMCO baselines) for a Bernoulli guide: per draw as in float64, in expectation the gradient of the exact bound', () => {
      const n = 3;
      const q = 0.45;
      const w = (z: number, t: number) => bernoulliLik(z) + logPrior(z) - logQ(z, t);
      /** The estimator's gradient of the bound at draws `zs` (pathwise part through log q, score part with leave-one-out baselines). */
      const gradient = (zs: readonly number[], alpha: number): number => {
        const ws = zs.map((z) => w(z, q));
        const f = bound64(ws, alpha);
        const soft = ws.map((v) => Math.exp((1 - alpha) * (v - f) - Math.log(n)));
        const total = ws.reduce((s, v) => s + v, 0);
        const baselines = ws.map((v, i) => bound64(ws.map((u, j) => (j === i ? (total - v) / (n - 1) : u)), alpha));
        return zs.reduce((s, z, i) => s - soft[i]! * scoreQ(z, q) + (f - baselines[i]!) * scoreQ(z, q), 0);
      };
      const configs = Array.from({ length: 2 ** n }, (_, c) => Array.from({ length: n }, (_, i) => (c >> i) & 1));
      const prob = (zs: readonly number[], t: number) => zs.reduce((p, z) => p * (z === 1 ? t : 1 - t), 1);
      for (const alpha of [0, 0.5]) {
        const exactBound = (t: number) => configs.reduce((s, zs) => s + prob(zs, t) * bound64(zs.map((z) => w(z, t)), alpha), 0);
        const h = 1e-6;
        const expected = configs.reduce((s, zs) => s + prob(zs, q) * gradient(zs, alpha), 0);
        expect(Math.abs(expected - (exactBound(q + h) - exactBound(q - h)) / (2 * h))).toBeLessThan(1e-7);
        for (const key of [31, 32, 33]) {
          const i = (qt: tf.Tensor): ElboInput => ({ model: bernoulliModel, guide: bernoulliGuide, params: { q: qt }, key: prngKey(key), args: [], maxPlateNesting: 0 });
          const zs = tf.tidy(() => Array.from(particlePairs(i(tf.scalar(q)), { numParticles: n, vectorizeParticles: true })[0]!.guide.sites.get('z')!.value.dataSync()));
          const loss = RenyiELBO({ alpha, numParticles: n, vectorizeParticles: true });
          const grad = tf.tidy(() => scalar(tf.grad((qt: tf.Tensor) => loss.loss(i(qt)))(tf.scalar(q))));
          expect(Math.abs(grad + gradient(zs, alpha))).toBeLessThan(1e-5 * Math.max(1, Math.abs(grad)));
        }
      }
    });
  });
});

describe('infer/elbo/renyi-elbo', () => {
  describe('RenyiELBO', () => {
    it('rejects alpha = 1 (use TraceELBO) and invalid particle counts', () => {
      expect(() => RenyiELBO({ alpha: 1 })).toThrow(IgnisError);
      expect(() => RenyiELBO({ alpha: 1 })).toThrow("RenyiELBO: argument 'alpha' must be a finite number other than 1: got 1. For alpha = 1 (the standard ELBO) use TraceELBO.");
      expect(() => RenyiELBO({ alpha: Number.NaN })).toThrow(/argument 'alpha'/);
      expect(() => RenyiELBO({ numParticles: 0 })).toThrow(/RenyiELBO: argument 'numParticles' must be a positive integer/);
      expect(RenyiELBO()).toMatchObject({ name: 'RenyiELBO', numParticles: 2, vectorizeParticles: false });
    });

    it('with alpha = 0 and 1000 particles lies between the ELBO (TraceELBO, 1000 particles) and log p(x)', () => {
      const x = tf.tensor1d(X);
      const [loc, scale] = [EXACT.mean + 0.15, 0.3];
      const n = 1000;
      // Log-weights w = log p(x) + log π(z) − log q(z) with π the posterior: moments by quadrature.
      const logRatio = (z: number) => normalLp(z, EXACT.mean, EXACT.sd) - normalLp(z, loc, scale);
      const underQ = (f: (z: number) => number) => integrate((z) => Math.exp(normalLp(z, loc, scale)) * f(z), loc - 12 * scale, loc + 12 * scale);
      const elbo = EXACT.logEvidence - klNormal(loc, scale, EXACT.mean, EXACT.sd);
      expect(Math.abs(underQ(logRatio) - (elbo - EXACT.logEvidence))).toBeLessThan(1e-9);
      const elboSe = Math.sqrt((underQ((z) => logRatio(z) ** 2) - (elbo - EXACT.logEvidence) ** 2) / n);
      // IWAE: log of the mean of n weights π/q (mean 1): delta-method standard error.
      const iwaeSe = Math.sqrt((underQ((z) => Math.exp(2 * logRatio(z))) - 1) / n);
      const i = normalInput(x, loc, scale, 5);
      const iwae = -lossOf(RenyiELBO({ alpha: 0, numParticles: n, vectorizeParticles: true }), i);
      const traceElbo = -lossOf(TraceELBO({ numParticles: n, vectorizeParticles: true }), i);
      expect(Math.abs(traceElbo - elbo)).toBeLessThan(4 * elboSe);
      expect(iwae).toBeGreaterThan(traceElbo);
      expect(iwae).toBeGreaterThan(elbo);
      expect(iwae).toBeLessThan(EXACT.logEvidence + 4 * iwaeSe);
      expect(EXACT.logEvidence - iwae).toBeLessThan(0.05 * (EXACT.logEvidence - elbo)); // most of the KL gap is closed
      tf.dispose([x, ...Object.values(i.params)]);
    });

    it('vectorized and looped particles estimate the same bound (Welch statistic < 4 over 150 keys each)', () => {
      const x = tf.tensor1d(X);
      const keys = Array.from({ length: 150 }, (_, k) => 100 + k);
      const estimates = (vectorizeParticles: boolean) =>
        keys.map((key) => {
          const i = normalInput(x, EXACT.mean + 0.2, 0.15, key);
          const value = -lossOf(RenyiELBO({ alpha: 0, numParticles: 4, vectorizeParticles }), i);
          tf.dispose(Object.values(i.params));
          return value;
        });
      const moments = (v: readonly number[]) => {
        const m = v.reduce((s, a) => s + a, 0) / v.length;
        return { m, se2: v.reduce((s, a) => s + (a - m) ** 2, 0) / (v.length - 1) / v.length };
      };
      const [a, b] = [moments(estimates(true)), moments(estimates(false))];
      expect(Math.abs(a.m - b.m) / Math.sqrt(a.se2 + b.se2)).toBeLessThan(4);
      x.dispose();
    });

    it('trains the Normal–Normal guide to the closed-form posterior mean (within 2%)', () => {
      // The posterior is in the guide family, so q = π maximizes the bound. The scale converges
      // much more slowly than the mean under IWAE (the bound is flat in q near the optimum: the
      // proposal gradient's signal-to-noise ratio falls with the number of particles,
      // Rainforth et al. 2018), so only the mean is asserted here.
      const x = tf.tensor1d(X);
      const svi = SVI(normalModel, normalGuide, ClippedAdam({ lr: 0.05, lrd: 0.998 }), RenyiELBO({ alpha: 0, numParticles: 4, vectorizeParticles: true }));
      const { params, state } = svi.run(prngKey(0), 1500, [x]);
      expect(relErr(scalar(params.loc), EXACT.mean)).toBeLessThan(0.02);
      expect(scalar(params.scale)).toBeLessThan(1); // moving down from its initial value 1 towards 0.224
      tf.dispose([x, ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState).flatMap((o) => Object.values(o))]);
    });

    it('keeps tf.memory().numTensors flat over SVI steps (looped, vectorized, score-function)', () => {
      const x = tf.tensor1d(X);
      for (const vectorizeParticles of [false, true]) {
        const loss = RenyiELBO({ alpha: 0.5, numParticles: 3, vectorizeParticles });
        expect(tensorCountsOverSteps(SVI(normalModel, normalGuide, ClippedAdam({ lr: 0.01 }), loss), [x])).toEqual({ atStep10: 0, atStep40: 0 });
        expect(tensorCountsOverSteps(SVI(bernoulliModel, bernoulliGuide, ClippedAdam({ lr: 0.01 }), loss), [])).toEqual({ atStep10: 0, atStep40: 0 });
      }
      x.dispose();
    });
  });
});

describeBackends('infer/elbo/renyi-elbo (long sums)', () => {
  it('each particle’s log-weight over 10⁶ rows is reduced in float64: the bound is within 1e-6 relative of a float64 reference', () => {
    // A Delta guide: both particles carry the same weight w = log p(loc, x), so the bound is w.
    const data = longData();
    const x = tf.tensor1d(data);
    const loc = Math.fround(2.9);
    function* model(obs: tf.Tensor) {
      const l = yield* sample('loc', Normal(0, 10));
      yield* plate('data', ROWS, function* () {
        yield* sample('obs', Normal(l, 1.5), { obs });
      });
    }
    function* guide(_obs: tf.Tensor) {
      yield* sample('loc', Delta(tf.scalar(loc)));
    }
    const expected = -(normalLogLik([loc], 0, 10) + normalLogLik(data, loc, 1.5));
    for (const vectorizeParticles of [true, false]) {
      const loss = tf.tidy(() =>
        RenyiELBO({ alpha: 0, numParticles: 2, vectorizeParticles }).loss({ model, guide, params: {}, key: prngKey(4), args: [x], maxPlateNesting: 1 }).dataSync()[0]!,
      );
      expect(relativeError(loss, expected)).toBeLessThan(1e-6);
    }
    x.dispose();
  });
});
