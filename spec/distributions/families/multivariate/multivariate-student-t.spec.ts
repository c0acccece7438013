/**
 * MultivariateStudentT: validation, shapes (batch broadcast of df, loc and scaleTril; sample,
 * expand, toEvent), logProb against a float64 closed form computed from Σ = L Lᵀ by an
 * independent route (Gauss–Jordan inverse and determinant), the density normalizing on a polar
 * grid (d = 2), sample moments, the reparameterization gradient in `df`, leaks. The golden
 * values are in golden-wave2.spec.ts.
 *
 * References and tolerances:
 * - logProb vs `log Γ((ν+d)/2) − log Γ(ν/2) − (d/2) log(νπ) − ½ log|Σ| − ((ν+d)/2) log(1 + rᵀΣ⁻¹r/ν)`
 *   (float64, lgamma by Lanczos): rtol 1e-5, atol 1e-4 (Σ's condition number reaches ~10³ for
 *   these factors, as in the MultivariateNormal spec; float32 rounding of the inputs moves the
 *   Mahalanobis term by up to ~1e-4 absolute).
 * - normalization: `∫ p = ∫∫ p(μ + L r u(θ)) |L| r dr dθ` with `r = s/(1 − s)`, midpoint rule,
 *   1600 × 64 points (the integrand is smooth; the rule's error is below 1e-5 for ν ≥ 1);
 *   tolerance 1e-4 (float32 densities summed).
 * - moments: `E[x] = μ`, `Cov[x] = ν/(ν − 2) Σ`, and with `κ = ν²/((ν − 2)(ν − 4))`,
 *   `Var[xᵢxⱼ] = κ (ΣᵢᵢΣⱼⱼ + 2Σᵢⱼ²) − (ν/(ν − 2))² Σᵢⱼ²` (t fourth moments) for the standard errors;
 *   5 standard errors.
 * - `∂/∂ν E[‖x − μ‖²] = −2d/(ν − 2)²` for `L = I` (`E[‖x − μ‖²] = dν/(ν − 2)`): the rsample
 *   gradient of 32 independent copies, 5 standard errors of their mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../../lib/core/key.js';
import { MultivariateStudentT, MultivariateStudentTDist, klDivergence } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { type Mat, gram, inverse, logDet, lowerCholeskyArb, vectorArb } from '../../helpers/gaussian64.js';
import { logGamma64 } from '../../helpers/incomplete-gamma.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { columnMoments, withinSE } from '../../helpers/monte-carlo.js';
import { shapeAndBroadcastableArb, shapeArb } from '../../helpers/shapes.js';

/** The float64 log-density from Σ (see the header). */
function mvtLogPdf(x: readonly number[], nu: number, mu: readonly number[], sigma: Mat): number {
  const d = x.length;
  const r = x.map((v, i) => v - mu[i]!);
  const p = inverse(sigma);
  const maha = r.reduce((s, ri, i) => s + ri * p[i]!.reduce((t, pij, j) => t + pij * r[j]!, 0), 0);
  const norm = logGamma64((nu + d) / 2) - logGamma64(nu / 2) - (d / 2) * Math.log(nu * Math.PI) - 0.5 * logDet(sigma);
  return norm - ((nu + d) / 2) * Math.log1p(maha / nu);
}

describe('distributions/families/multivariate/multivariate-student-t', () => {
  describe('MultivariateStudentT', () => {
    const l = [[1, 0], [0.5, 2]];
    it('raises InvalidArgument naming df, loc or scaleTril', () => {
      expectInvalid(() => MultivariateStudentT(0, [0, 0], l), 'df');
      expectInvalid(() => MultivariateStudentT([2, NaN], [0, 0], l), 'df');
      expectInvalid(() => MultivariateStudentT(3, 0, [[1]]), 'loc');
      expectInvalid(() => MultivariateStudentT(3, [Infinity, 0], l), 'loc');
      expectInvalid(() => MultivariateStudentT(3, [0, 0, 0], l), 'scaleTril');
      expectInvalid(() => MultivariateStudentT(3, [0, 0], [[1, 0.5], [0, 1]]), 'scaleTril');
      expectInvalid(() => MultivariateStudentT([3, 4, 5], [0, 0], [l, l]), 'parameters');
    });

    it('a factory that throws leaks none of the tensors it made from numbers and arrays', () => {
      const before = tf.memory().numTensors;
      for (const f of [() => MultivariateStudentT(0, [0, 0], l), () => MultivariateStudentT(3, [0, 0], [[1, 0.5], [0, 1]]), () => MultivariateStudentT(3, [NaN, 0], l)]) {
        expect(f).toThrow();
      }
      expect(tf.memory().numTensors).toBe(before);
    });

    it('validates scaleTril (a negative diagonal), which Pyro 1.8.6 skips (its golden case returns NaN)', () => {
      expectInvalid(() => MultivariateStudentT(3, [0, 0], [[1, 0], [0.5, -1]]), 'scaleTril');
    });

    it('has no entropy (as Pyro 1.8.6) and no KL rule (as torch)', () => {
      tf.tidy(() => {
        const d = MultivariateStudentT(4, [0, 0], l);
        for (const f of [() => d.entropy(), () => klDivergence(d, MultivariateStudentT(5, [0, 1], l))]) {
          expect(f).toThrow(expect.objectContaining({ tag: 'NotImplemented' }));
        }
      });
    });
  });
});

describeBackends('distributions/families/multivariate/multivariate-student-t', () => {
  describe('MultivariateStudentTDist', () => {
    it("broadcasts df, loc and scaleTril batches; sample, logProb, expand and toEvent have Pyro's shapes", () => {
      fc.assert(
        fc.property(shapeAndBroadcastableArb(2, 3), fc.integer({ min: 0, max: 2 }), shapeArb(2, 2), fc.integer({ min: 1, max: 3 }), ([batch, small], who, sampleShape, d) => {
          tf.tidy(() => {
            const shapes = [small, small, small].map((s, k) => (k === who ? batch : s));
            const m = MultivariateStudentT(tf.fill(shapes[0]!, 5), tf.zeros([...shapes[1]!, d]), tf.mul(tf.ones([...shapes[2]!, 1, 1]), tf.eye(d)));
            expect([m.batchShape, m.eventShape]).toEqual([batch, [d]]);
            const x = m.rsample(prngKey(1), sampleShape);
            expect(x.shape).toEqual([...sampleShape, ...batch, d]);
            const lp = m.logProb(x);
            expect(lp.shape).toEqual([...sampleShape, ...batch]);
            const e = m.expand([2, ...batch]);
            expect(e).toBeInstanceOf(MultivariateStudentTDist);
            expect(e.sample(prngKey(2)).shape).toEqual([2, ...batch, d]);
            expect((e as MultivariateStudentTDist).scaleTril.shape).toEqual([2, ...batch, d, d]);
            const i = m.toEvent(batch.length);
            expect(i.eventShape).toEqual([...batch, d]);
            const summed = tf.sum(lp, batch.map((_, k) => sampleShape.length + k));
            expect(closeness(i.logProb(x).dataSync(), Array.from(summed.dataSync()), 1e-6, 1e-5)).toBeUndefined();
          });
        }),
        { numRuns: 25 },
      );
    });

    it('logProb matches the float64 closed form', () => {
      const caseArb = fc.integer({ min: 1, max: 4 }).chain((d) =>
        fc.tuple(fc.double({ min: 0.3, max: 30, noNaN: true }).map(Math.fround), vectorArb(d), vectorArb(d), lowerCholeskyArb(d)),
      );
      fc.assert(
        fc.property(caseArb, ([nu, mu, x, l]) => {
          tf.tidy(() => {
            const lp = MultivariateStudentT(nu, mu, l).logProb(tf.tensor(x));
            expect(closeness(lp.dataSync(), [mvtLogPdf(x, nu, mu, gram(l))], 1e-5, 1e-4)).toBeUndefined();
          });
        }),
        { numRuns: 50 },
      );
    });

    it('d = 2: the density integrates to 1 (polar grid)', () => {
      const [ns, nt] = [1600, 64];
      const mu = [1, -0.5];
      const l = [[1.5, 0], [0.6, 0.8]];
      const points = new Float32Array(ns * nt * 2);
      const weights = new Float64Array(ns * nt);
      for (let a = 0; a < ns; a++) {
        const s = (a + 0.5) / ns;
        const r = s / (1 - s);
        for (let b = 0; b < nt; b++) {
          const theta = (2 * Math.PI * (b + 0.5)) / nt;
          const [u, v] = [r * Math.cos(theta), r * Math.sin(theta)];
          const k = a * nt + b;
          points[2 * k] = mu[0]! + l[0]![0]! * u;
          points[2 * k + 1] = mu[1]! + l[1]![0]! * u + l[1]![1]! * v;
          // dx = |L| r dr dθ, dr = ds/(1 − s)²
          weights[k] = 1.5 * 0.8 * r * (1 / ns / (1 - s) ** 2) * ((2 * Math.PI) / nt);
        }
      }
      for (const nu of [1, 4, 30]) {
        tf.tidy(() => {
          const p = tf.exp(MultivariateStudentT(nu, mu, l).logProb(tf.tensor(points, [ns * nt, 2]))).dataSync();
          const integral = weights.reduce((acc, w, k) => acc + w * p[k]!, 0);
          expect(Math.abs(integral - 1), `ν = ${nu}: ${integral}`).toBeLessThan(1e-4);
        });
      }
    });

    it('sample mean and covariance are μ and ν/(ν − 2) L Lᵀ (5 SE)', () => {
      tf.tidy(() => {
        const [nu, n] = [8, 20000];
        const mu = [1, -2, 0.5];
        const l = [[1, 0, 0], [0.5, 1.5, 0], [-0.3, 0.2, 0.7]];
        const sigma = gram(l);
        const x = MultivariateStudentT(nu, mu, l).sample(prngKey(5), [n]);
        const { mean } = columnMoments(x);
        const c = nu / (nu - 2);
        const kappa = (nu * nu) / ((nu - 2) * (nu - 4));
        const products = tf.mul(tf.expandDims(tf.sub(x, mu), -1), tf.expandDims(tf.sub(x, mu), -2));
        const cov = columnMoments(tf.reshape(products, [n, 9])).mean;
        for (let i = 0; i < 3; i++) {
          expect(withinSE(mean[i]!, mu[i]!, Math.sqrt((c * sigma[i]![i]!) / n), `mean ${i}`)).toBeUndefined();
          for (let j = 0; j < 3; j++) {
            const se = Math.sqrt((kappa * (sigma[i]![i]! * sigma[j]![j]! + 2 * sigma[i]![j]! ** 2) - (c * sigma[i]![j]!) ** 2) / n);
            expect(withinSE(cov[i * 3 + j]!, c * sigma[i]![j]!, se, `cov ${i}${j}`)).toBeUndefined();
          }
        }
      });
    });

    it('rsample is differentiable in df: ∂/∂ν E[‖x − μ‖²] = −2d/(ν − 2)² (32 copies, 5 SE)', () => {
      const [nu, d, copies, n] = [10, 2, 32, 512];
      const grads = tf.tidy(() => {
        const df = tf.fill([copies], nu);
        const g = tf.grad((v: tf.Tensor) => tf.div(tf.sum(tf.square(MultivariateStudentT(v, tf.zeros([d]), tf.eye(d)).rsample(prngKey(9), [n]))), n))(df);
        return Array.from(g.dataSync());
      });
      const mean = grads.reduce((a, b) => a + b, 0) / copies;
      const se = Math.sqrt(grads.reduce((a, b) => a + (b - mean) ** 2, 0) / (copies - 1) / copies);
      expect(withinSE(mean, (-2 * d) / (nu - 2) ** 2, se, '∂E/∂ν')).toBeUndefined();
    });

    it('leaks no tensors (construction, draws, log-densities, gradients)', () => {
      const before = tf.memory().numTensors;
      const m = MultivariateStudentT(4, [0, 1], [[1, 0], [0.5, 2]]);
      const x = m.rsample(prngKey(0), [3]);
      const g = tf.grad((loc: tf.Tensor) => tf.sum(MultivariateStudentT(m.df, loc, m.unbroadcastedScaleTril).logProb(x)))(m.loc);
      tf.dispose([x, g, m.logProb(x), m.df, m.loc, m.unbroadcastedScaleTril]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
