/**
 * Laws of the continuous scalar families (spec/distributions/helpers/continuous-families.ts):
 * shapes of draws and densities for random batch and sample shapes, `expand`/`toEvent`
 * composition, fixed-key finite differences of reparameterized draws, moments of draws,
 * parameter validation, and memory. The table includes the second wave's families; what a family
 * lacks as in Pyro (`lacks`: VonMises has no `rsample`, SkewLogistic no moments, …) is skipped.
 *
 * Tolerances, each with its reason:
 * - fixed-key FD: `f(θ) = mean(rsample(key, [64]))` against `(f(θ + h) − f(θ − h)) / 2h`,
 *   h = 1e-3 (1 + |θ|). The draws are float32, so the FD carries a rounding error of about
 *   `4 ε₃₂ |f| / h` ≈ 5e-4 |f|; allowed `|g − FD| ≤ 2e-3 (|FD| + |f|)`.
 * - `expand`/`toEvent`: the summed log-density against a sum of the same float32 values,
 *   rtol 1e-5 (sums of ≤ 12 terms).
 * - moments: n = 20 000 draws; sample mean within 5 standard errors `5σ/√n` of the closed-form
 *   mean, sample variance within 5 standard errors `5 √((m₄ − s⁴)/n)` (m₄ the sample fourth
 *   central moment) of the closed-form variance. Families without a mean or variance
 *   (Cauchy, HalfCauchy, SkewLogistic) are checked by their empirical CDF at the quartiles, within
 *   `5 √(q(1 − q)/n)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../../lib/core/errors.js';
import { prngKey } from '../../../../lib/core/key.js';
import { type Shape, sizeOf, tryBroadcastShapes } from '../../../../lib/core/shape.js';
import {
  AsymmetricLaplace,
  Beta,
  Cauchy,
  Chi2,
  type Distribution,
  Exponential,
  Gamma,
  Gumbel,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  Kumaraswamy,
  Laplace,
  Logistic,
  LogNormal,
  Pareto,
  SkewLogistic,
  StudentT,
  Uniform,
  VonMises,
  Weibull,
} from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { makeParams as makeRangeParams, shapeCases, smallShape } from '../../helpers/broadcast-params.js';
import { FAMILIES, type FamilyCase } from '../../helpers/continuous-families.js';

/** Whether the family has `member` (Pyro's wave-2 families lack some; they raise NotImplemented). */
const has = (family: FamilyCase, member: NonNullable<FamilyCase['lacks']>[number]): boolean => !(family.lacks ?? []).includes(member);

/** The moments and entropy the family has. */
const moments = (family: FamilyCase, d: Distribution): tf.Tensor[] =>
  [
    ['mean', () => d.mean],
    ['variance', () => d.variance],
    ['stddev', () => d.stddev],
    ['entropy', () => d.entropy()],
  ].flatMap(([name, get]) => (has(family, name as 'mean') ? [(get as () => tf.Tensor)()] : []));

/** Parameters of `family` with the given shapes, values uniform in each parameter's range. */
const makeParams = (family: FamilyCase, shapes: readonly Shape[], seed: number): tf.Tensor[] => makeRangeParams(family.params, shapes, seed);

describeBackends('distributions/continuous laws', () => {
  describe('shapes', () => {
    for (const family of FAMILIES) {
      it(`${family.family}: draws are sampleShape + batchShape, logProb is sampleShape + batchShape, moments are batchShape`, () => {
        fc.assert(
          fc.property(shapeCases(family.params.length), ({ sampleShape, shapes, seed }) => {
            tf.tidy(() => {
              const d = family.build(makeParams(family, shapes, seed));
              const expectedBatch = tryBroadcastShapes(...shapes)!;
              expect(d.batchShape).toEqual(expectedBatch);
              expect(d.eventShape).toEqual([]);
              const x = d.sample(prngKey(seed), sampleShape);
              expect(x.shape).toEqual([...sampleShape, ...expectedBatch]);
              if (has(family, 'rsample')) expect(d.rsample(prngKey(seed), sampleShape).shape).toEqual([...sampleShape, ...expectedBatch]);
              expect(d.logProb(x).shape).toEqual([...sampleShape, ...expectedBatch]);
              for (const m of moments(family, d)) expect(m.shape).toEqual(expectedBatch);
            });
          }),
          { numRuns: 15, seed: 1 },
        );
      });
    }
  });

  describe('expand and toEvent', () => {
    for (const family of FAMILIES) {
      it(`${family.family}: expand keeps the family; toEvent(k) of an expanded distribution sums k rightmost log-densities`, () => {
        fc.assert(
          fc.property(smallShape, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 1000 }), (batch, extra, seed) => {
            tf.tidy(() => {
              const d = family.build(makeParams(family, family.params.map(() => batch), seed));
              const expanded = d.expand([extra, ...batch]);
              expect(expanded.family).toBe(family.family);
              expect(expanded.constructor).toBe(d.constructor);
              expect(expanded.batchShape).toEqual([extra, ...batch]);
              const x = expanded.sample(prngKey(seed), [2]);
              expect(x.shape).toEqual([2, extra, ...batch]);
              const lp = expanded.logProb(x);
              expect(Array.from(lp.dataSync())).toEqual(Array.from(d.logProb(x).dataSync()));
              const k = batch.length + 1;
              const event = expanded.toEvent(k);
              expect(event.batchShape).toEqual([]);
              expect(event.eventShape).toEqual([extra, ...batch]);
              const lpData = Array.from(lp.dataSync());
              const block = extra * sizeOf(batch);
              const summed = [0, 1].map((i) => lpData.slice(i * block, (i + 1) * block).reduce((s, v) => s + v, 0));
              const got = event.logProb(x).dataSync();
              summed.forEach((s, i) => expect(Math.abs(got[i]! - s)).toBeLessThanOrEqual(1e-5 * (1 + Math.abs(s))));
            });
          }),
          { numRuns: 10, seed: 2 },
        );
      });
    }
  });

  describe('rsample gradients (pathwise parameters, fixed key)', () => {
    for (const family of FAMILIES) {
      if (family.pathwise.length === 0) continue;
      it(`${family.family}: d/dθ mean(rsample(key)) equals central differences with the same key`, () => {
        tf.tidy(() => {
          const theta = family.params.map((s) => 0.5 * (s.min + s.max));
          const f = (ps: readonly tf.Tensor[]): tf.Tensor => tf.mean(family.build(ps).rsample(prngKey(21), [64]));
          for (const j of family.pathwise) {
            const grad = tf.grad((t: tf.Tensor) => f(theta.map((v, i) => (i === j ? t : tf.scalar(v)))))(tf.scalar(theta[j]!)).dataSync()[0]!;
            const h = 1e-3 * (1 + Math.abs(theta[j]!));
            const at = (v: number): number => f(theta.map((w, i) => tf.scalar(i === j ? v : w))).dataSync()[0]!;
            const fd = (at(theta[j]! + h) - at(theta[j]! - h)) / (2 * h);
            expect(Math.abs(grad - fd), `${family.params[j]!.name}: ${grad} vs ${fd}`).toBeLessThanOrEqual(2e-3 * (Math.abs(fd) + Math.abs(at(theta[j]!))));
          }
        });
      });
    }
  });

  describe('moments of draws', () => {
    const n = 20_000;
    const withMoments: readonly Distribution[] = [
      LogNormal(0.3, 0.5),
      HalfNormal(2),
      StudentT(12, 1, 2),
      Laplace(-1, 0.7),
      Gamma(2.5, 1.5),
      Gamma(0.4, 2),
      InverseGamma(6, 2),
      Beta(0.5, 2),
      Beta(3, 4),
      Exponential(3),
      Uniform(-1, 2),
      Gumbel(1, 2),
      Logistic(-0.5, 0.8),
      AsymmetricLaplace(0.5, 1.5, 2),
      Weibull(2, 0.8),
      Weibull(1, 4),
      Pareto(1.5, 6),
      Kumaraswamy(0.5, 2),
      Kumaraswamy(3, 0.7),
      Chi2(0.7),
      Chi2(5),
    ];
    for (const [i, d] of withMoments.entries()) {
      it(`${d.family}: sample mean and variance within 5 standard errors of the closed forms (case ${i})`, () => {
        const x = Float64Array.from(d.sample(prngKey(300 + i), [n]).dataSync());
        const [mean, variance] = [d.mean.dataSync()[0]!, d.variance.dataSync()[0]!];
        const m = x.reduce((s, v) => s + v, 0) / n;
        const s2 = x.reduce((s, v) => s + (v - m) ** 2, 0) / (n - 1);
        const m4 = x.reduce((s, v) => s + (v - m) ** 4, 0) / n;
        expect(Math.abs(m - mean), `mean ${m} vs ${mean}`).toBeLessThan(5 * Math.sqrt(variance / n));
        expect(Math.abs(s2 - variance), `variance ${s2} vs ${variance}`).toBeLessThan(5 * Math.sqrt((m4 - s2 * s2) / n));
      });
    }
    for (const [i, d] of [Cauchy(-1, 0.5), HalfCauchy(2), SkewLogistic(1, 0.5, 0.3), SkewLogistic(0, 2, 4)].entries()) {
      it(`${d.family}: empirical CDF at the quartiles within 5 standard errors`, () => {
        tf.tidy(() => {
          const x = Array.from(d.sample(prngKey(400 + i), [n]).dataSync());
          for (const q of [0.25, 0.5, 0.75]) {
            const at = d.icdf(tf.scalar(q)).dataSync()[0]!;
            const ecdf = x.reduce((c, v) => c + (v <= at ? 1 : 0), 0) / n;
            expect(Math.abs(ecdf - q), `q=${q}`).toBeLessThan(5 * Math.sqrt((q * (1 - q)) / n));
          }
        });
      });
    }
  });

  describe('parameter validation', () => {
    it('raises InvalidArgument naming the distribution and the argument', () => {
      const cases: readonly [() => unknown, string, string][] = [
        [() => LogNormal(0, 0), 'LogNormal', 'scale'],
        [() => LogNormal(NaN, 1), 'LogNormal', 'loc'],
        [() => HalfNormal(-1), 'HalfNormal', 'scale'],
        [() => HalfCauchy(0), 'HalfCauchy', 'scale'],
        [() => Cauchy(0, -2), 'Cauchy', 'scale'],
        [() => StudentT(0, 0, 1), 'StudentT', 'df'],
        [() => StudentT(-1), 'StudentT', 'df'],
        [() => StudentT(3, 0, 0), 'StudentT', 'scale'],
        [() => Laplace(0, [1, 0]), 'Laplace', 'scale'],
        [() => Gamma(0, 1), 'Gamma', 'concentration'],
        [() => Gamma(1, -1), 'Gamma', 'rate'],
        [() => InverseGamma(-2, 1), 'InverseGamma', 'concentration'],
        [() => InverseGamma(2, 0), 'InverseGamma', 'rate'],
        [() => Beta(0, 1), 'Beta', 'concentration1'],
        [() => Beta(1, -0.5), 'Beta', 'concentration0'],
        [() => Exponential(0), 'Exponential', 'rate'],
        [() => Uniform(1, 1), 'Uniform', 'low'],
        [() => Uniform([0, 2], [1, 1]), 'Uniform', 'low'],
        [() => Uniform(0, Infinity), 'Uniform', 'high'],
        [() => Gumbel(NaN, 1), 'Gumbel', 'loc'],
        [() => Gumbel(0, 0), 'Gumbel', 'scale'],
        [() => Logistic(0, -1), 'Logistic', 'scale'],
        [() => SkewLogistic(0, 0, 1), 'SkewLogistic', 'scale'],
        [() => SkewLogistic(0, 1, -2), 'SkewLogistic', 'asymmetry'],
        [() => AsymmetricLaplace(Infinity, 1, 1), 'AsymmetricLaplace', 'loc'],
        [() => AsymmetricLaplace(0, 1, 0), 'AsymmetricLaplace', 'asymmetry'],
        [() => Weibull(0, 1), 'Weibull', 'scale'],
        [() => Weibull(1, [1, -1]), 'Weibull', 'concentration'],
        [() => Pareto(-1, 1), 'Pareto', 'scale'],
        [() => Pareto(1, Infinity), 'Pareto', 'alpha'],
        [() => Kumaraswamy(1, 0), 'Kumaraswamy', 'concentration0'],
        [() => Chi2(-1), 'Chi2', 'df'],
        [() => VonMises(NaN, 1), 'VonMises', 'loc'],
        [() => VonMises(0, -1), 'VonMises', 'concentration'],
      ];
      for (const [make, fn, arg] of cases) {
        let thrown: unknown;
        try {
          tf.tidy(() => void make());
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${fn} ${arg}`).toBeInstanceOf(IgnisError);
        expect((thrown as IgnisError).tag).toBe('InvalidArgument');
        expect((thrown as IgnisError).message).toMatch(new RegExp(`^${fn}: argument '${arg}'`));
      }
    });
  });

  describe('memory', () => {
    it('leaks no tensors across construction, draws, densities, moments and gradients', () => {
      const before = tf.memory().numTensors;
      for (const family of FAMILIES) {
        tf.tidy(() => {
          const ps = makeParams(family, family.params.map(() => [3]), 5);
          const d = family.build(ps);
          const x = d.sample(prngKey(1), [2]);
          d.logProb(x);
          void moments(family, d);
          tf.grads((...qs: tf.Tensor[]) => tf.sum(family.build(qs).logProb(x)))(ps);
          if (has(family, 'rsample')) tf.grads((...qs: tf.Tensor[]) => tf.sum(family.build(qs).rsample(prngKey(2), [2])))(ps);
        });
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
