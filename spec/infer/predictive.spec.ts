import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { prngKey } from '../../lib/core/key.js';
import { deterministic, param, plate, sample } from '../../lib/core/primitives.js';
import { positive } from '../../lib/distributions/constraints/index.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { Predictive } from '../../lib/infer/predictive.js';
import { setWarningSink } from '../../lib/core/warn.js';

/** Column means and variances of a [N, ...] tensor flattened to [N, k] (float64). */
function moments(t: tf.Tensor): { mean: number[]; variance: number[] } {
  const n = t.shape[0] ?? 1;
  const k = t.size / n;
  const data = t.dataSync();
  const mean = Array.from({ length: k }, (_, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += data[i * k + j]!;
    return s / n;
  });
  const variance = mean.map((m, j) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += (data[i * k + j]! - m) ** 2;
    return s / (n - 1);
  });
  return { mean, variance };
}

/**
 * Monte Carlo tolerances: a sample mean of N draws with variance v is within 5·√(v/N) of the
 * truth (Gaussian: fails with probability < 1e-6 per check); a sample variance within
 * 5·v·√(2/(N−1)) (its sd for Gaussian draws).
 */
const meanTol = (v: number, n: number): number => 5 * Math.sqrt(v / n);
const varTol = (v: number, n: number): number => 5 * v * Math.sqrt(2 / (n - 1));

// mu ~ N(1, 2²); y_i ~ N(mu, 0.5²), i < 3; double = 2 mu. Marginally y_i ~ N(1, 4.25).
function* model(y?: tf.Tensor) {
  const mu = yield* sample('mu', Normal(1, 2));
  yield* deterministic('double', tf.mul(mu, 2));
  yield* plate('data', 3, function* () {
    yield* sample('y', Normal(mu, 0.5), y === undefined ? {} : { obs: y });
  });
  return mu;
}

const N = 4000;

describe('infer/predictive', () => {
  afterEach(() => {
    setWarningSink((m) => console.warn(m));
  });

  describe('Predictive', () => {
    for (const parallel of [false, true]) {
      describe(parallel ? 'parallel' : 'looped', () => {
        it('draws the prior predictive: sample dim leftmost, Pyro-padded shapes, moments of the closed form', () => {
          const out = Predictive(model, { numSamples: N, parallel })(prngKey(0));
          expect(Object.keys(out).sort()).toEqual(['double', 'mu', 'y']);
          expect(out.mu!.shape).toEqual([N, 1]);
          expect(out.double!.shape).toEqual([N, 1]);
          expect(out.y!.shape).toEqual([N, 3]);
          const mu = moments(out.mu!);
          expect(Math.abs(mu.mean[0]! - 1)).toBeLessThan(meanTol(4, N));
          expect(Math.abs(mu.variance[0]! - 4)).toBeLessThan(varTol(4, N));
          const y = moments(out.y!);
          y.mean.forEach((m) => expect(Math.abs(m - 1)).toBeLessThan(meanTol(4.25, N)));
          y.variance.forEach((v) => expect(Math.abs(v - 4.25)).toBeLessThan(varTol(4.25, N)));
          // deterministic sites come back, equal to their definition (float32 product by 2 is exact)
          expect(Array.from(out.double!.dataSync())).toEqual(Array.from(out.mu!.dataSync()).map((m) => 2 * m));
          tf.dispose(Object.values(out));
        });

        it('draws the posterior predictive of a fixed guide: mean and variance of the closed form', () => {
          // Guide q(mu) = N(0.7, 0.3²) ⇒ y_i ~ N(0.7, 0.3² + 0.5²), Cov(y_0, y_1) = 0.3².
          function* guide(_y?: tf.Tensor) {
            const loc = yield* param('loc', 0);
            const scale = yield* param('scale', 1, { constraint: positive });
            yield* sample('mu', Normal(loc, scale));
          }
          const params = { loc: tf.scalar(0.7), scale: tf.scalar(0.3) };
          const out = Predictive(model, { guide, params, numSamples: N, parallel })(prngKey(1));
          expect(Object.keys(out).sort()).toEqual(['double', 'mu', 'y']); // with a guide: every site
          const y = moments(out.y!);
          const v = 0.09 + 0.25;
          y.mean.forEach((m) => expect(Math.abs(m - 0.7)).toBeLessThan(meanTol(v, N)));
          y.variance.forEach((s) => expect(Math.abs(s - v)).toBeLessThan(varTol(v, N)));
          const mu = moments(out.mu!);
          expect(Math.abs(mu.mean[0]! - 0.7)).toBeLessThan(meanTol(0.09, N));
          expect(Math.abs(mu.variance[0]! - 0.09)).toBeLessThan(varTol(0.09, N));
          // Cov(y_0, y_1) = Var(mu): the mean of (y_0 − ȳ_0)(y_1 − ȳ_1) within 5 sd; for jointly Gaussian
          // y_0, y_1 the product has variance v² + Cov², so the mean's sd is √(v² + Cov²)/√N.
          const d = out.y!.dataSync();
          let cov = 0;
          for (let i = 0; i < N; i++) cov += (d[3 * i]! - y.mean[0]!) * (d[3 * i + 1]! - y.mean[1]!);
          expect(Math.abs(cov / (N - 1) - 0.09)).toBeLessThan(5 * Math.sqrt((v * v + 0.09 * 0.09) / N));
          tf.dispose([...Object.values(out), params.loc, params.scale]);
        });

        it('conditions on posterior samples and by default returns only the other sites', () => {
          const mus = tf.linspace(-3, 3, 500);
          const out = Predictive(model, { posteriorSamples: { mu: mus }, parallel })(prngKey(2));
          expect(Object.keys(out).sort()).toEqual(['double', 'y']);
          expect(out.y!.shape).toEqual([500, 3]);
          // y − mu ~ N(0, 0.25) draw by draw
          const residual = tf.sub(out.y!, tf.reshape(mus, [500, 1]));
          const r = moments(tf.reshape(residual, [1500, 1]));
          expect(Math.abs(r.mean[0]!)).toBeLessThan(meanTol(0.25, 1500));
          expect(Math.abs(r.variance[0]! - 0.25)).toBeLessThan(varTol(0.25, 1500));
          expect(Array.from(out.double!.dataSync())).toEqual(Array.from(mus.dataSync()).map((m) => 2 * m));
          tf.dispose([mus, residual, ...Object.values(out)]);
        });

        it('returns observed sites as their observations, and the sites asked for (_RETURN included)', () => {
          const y = tf.tensor1d([1, 2, 3]);
          const out = Predictive(model, { numSamples: 5, returnSites: ['y', '_RETURN'], parallel })(prngKey(3), y);
          expect(Object.keys(out)).toEqual(['y', '_RETURN']);
          expect(Array.from(out.y!.dataSync())).toEqual([1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
          expect(out._RETURN!.shape).toEqual([5]);
          tf.dispose([y, ...Object.values(out)]);
        });

        it('lays out nested plates with the sample dim leftmost', () => {
          function* nested() {
            const g = yield* sample('g', Normal(0, 1));
            yield* plate('cols', 3, function* () {
              const c = yield* sample('c', Normal(g, 1));
              yield* plate('rows', 2, function* () {
                yield* sample('x', Normal(c, 1));
              });
            });
          }
          const out = Predictive(nested, { numSamples: 7, parallel })(prngKey(4));
          expect(out.g!.shape).toEqual([7, 1, 1]);
          expect(out.c!.shape).toEqual([7, 1, 3]);
          expect(out.x!.shape).toEqual([7, 2, 3]);
          tf.dispose(Object.values(out));
        });

        it('gives the same samples for the same key and leaks no tensor', () => {
          const predict = Predictive(model, { numSamples: 20, parallel });
          const before = tf.memory().numTensors;
          const a = predict(prngKey(5));
          const b = predict(prngKey(5));
          expect(Array.from(a.y!.dataSync())).toEqual(Array.from(b.y!.dataSync()));
          tf.dispose([...Object.values(a), ...Object.values(b)]);
          expect(tf.memory().numTensors).toBe(before);
        });
      });
    }

    it('draws the same distribution in parallel and in a loop (two-sample check of mean and variance)', () => {
      const looped = Predictive(model, { numSamples: N })(prngKey(6));
      const parallel = Predictive(model, { numSamples: N, parallel: true })(prngKey(7));
      const a = moments(looped.y!);
      const b = moments(parallel.y!);
      // difference of two independent estimates: √2 times one estimate's sd
      a.mean.forEach((m, j) => expect(Math.abs(m - b.mean[j]!)).toBeLessThan(Math.SQRT2 * meanTol(4.25, N)));
      a.variance.forEach((v, j) => expect(Math.abs(v - b.variance[j]!)).toBeLessThan(Math.SQRT2 * varTol(4.25, N)));
      tf.dispose([...Object.values(looped), ...Object.values(parallel)]);
    });

    it('passes params to the model too', () => {
      function* withParam() {
        const w = yield* param('w', 0);
        yield* sample('z', Normal(w, 0.001));
      }
      const w = tf.scalar(5);
      const out = Predictive(withParam, { numSamples: 3, params: { w } })(prngKey(8));
      Array.from(out.z!.dataSync()).forEach((z) => expect(Math.abs(z - 5)).toBeLessThan(0.01));
      tf.dispose([w, ...Object.values(out)]);
    });

    it('validates its options', () => {
      const mus = tf.zeros([4]);
      function* guide() {
        yield* sample('mu', Normal(0, 1));
      }
      expect(() => Predictive(model, {})).toThrow(/Predictive: argument 'numSamples' is required without posterior samples/);
      expect(() => Predictive(model, { numSamples: 0 })).toThrow(/argument 'numSamples' must be a positive integer/);
      expect(() => Predictive(model, { guide, posteriorSamples: { mu: mus } })).toThrow(/cannot be given together with a guide/);
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      const out = Predictive(model, { posteriorSamples: { mu: mus }, numSamples: 9 })(prngKey(9));
      expect(warnings).toEqual(["Predictive: the posterior samples' leading dim 4 differs from numSamples = 9; using 4."]);
      expect(out.y!.shape).toEqual([4, 3]);
      expect(() => Predictive(model, { numSamples: 2, returnSites: ['nope'] })(prngKey(10))).toThrow(IgnisError);
      expect(() => Predictive(model, { numSamples: 2, returnSites: ['nope'] })(prngKey(10))).toThrow(/Predictive: no such site in the model at site 'nope'/);
      tf.dispose([mus, ...Object.values(out)]);
    });

    it('checks params against the model and guide: none read is ParamMismatch (nothing leaks); some missing, or none given for a guide with params, a warning', () => {
      function* guided() {
        const loc = yield* param('loc', 0);
        const scale = yield* param('scale', 1, { constraint: positive });
        yield* sample('mu', Normal(loc, scale));
      }
      const other = { w: tf.scalar(1) };
      const before = tf.memory().numTensors;
      expect(() => Predictive(model, { guide: guided, params: other, numSamples: 2 })(prngKey(11))).toThrow(
        /^Predictive: the params given match no param the model reads: given 'w'; read 'loc', 'scale', which take their initial values\. Pass the params of this model/,
      );
      expect(tf.memory().numTensors).toBe(before);
      const warnings: string[] = [];
      setWarningSink((m) => warnings.push(m));
      const partial = { loc: tf.scalar(1) };
      tf.dispose(Object.values(Predictive(model, { guide: guided, params: partial, numSamples: 2 })(prngKey(12))));
      tf.dispose(Object.values(Predictive(model, { guide: guided, numSamples: 2 })(prngKey(13))));
      expect(warnings).toEqual([
        "Predictive: param 'scale' is not among the params given; it takes its initial value.",
        "Predictive: no params given: the guide's params 'loc', 'scale' take their initial values. Pass params (e.g. RunResult.params).",
      ]);
      tf.dispose([...Object.values(other), ...Object.values(partial)]);
    });
  });
});
