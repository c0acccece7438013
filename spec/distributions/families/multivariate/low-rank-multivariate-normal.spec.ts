/**
 * LowRankMultivariateNormal: validation, shapes, equality with the dense MultivariateNormal of
 * covariance `W Wᵀ + D` (logProb, entropy, variance, covariance, precision, scaleTril), rsample
 * gradients against float64 finite differences of a fixed-key expectation, sample moments, leaks.
 *
 * Tolerances: both sides are float32 results of float64-inside kernels on the same rounded
 * parameters; W entries in [−1, 1], D in [0.5, 2.5], d ≤ 5, so Σ is well conditioned (κ < 50):
 * rtol 1e-4, atol 1e-4. Gradients vs float64 central differences of the linear map
 * `μ + W ε₁ + √D ε₂` (h = 1e-5): rtol 1e-4, atol 1e-4. Moments: 5 standard errors.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normals, prngKey } from '../../../../lib/core/key.js';
import {
  LowRankMultivariateNormal,
  LowRankMultivariateNormalDist,
  MultivariateNormal,
} from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { vectorArb } from '../../helpers/gaussian64.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { Z } from '../../helpers/monte-carlo.js';
import { shapeArb } from '../../helpers/shapes.js';

describe('distributions/families/multivariate/low-rank-multivariate-normal', () => {
  describe('LowRankMultivariateNormal', () => {
    it('raises InvalidArgument naming a non-positive covDiag or mismatched shapes', () => {
      expectInvalid(() => LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 0]), 'covDiag');
      expectInvalid(() => LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 1, 1]), 'covDiag');
      expectInvalid(() => LowRankMultivariateNormal([0, 0], [1, 1], [1, 1]), 'covFactor');
      expectInvalid(() => LowRankMultivariateNormal([0, 0], [[1], [NaN]], [1, 1]), 'covFactor');
      expectInvalid(() => LowRankMultivariateNormal(0, [[1]], [1]), 'loc');
    });
  });
});

/** (d, m, loc, W, D, x) with W entries in [−1, 1] and D in [0.5, 2.5]. */
const lowRankArb = fc
  .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 3 }))
  .chain(([d, m]) =>
    fc.tuple(vectorArb(d), vectorArb(d * m, 1), vectorArb(d, 1).map((v) => v.map((a) => Math.fround(1.5 + a))), vectorArb(d), fc.constant(m)),
  );

describeBackends('distributions/families/multivariate/low-rank-multivariate-normal', () => {
  describe('LowRankMultivariateNormalDist', () => {
    it('equals the dense MultivariateNormal with Σ = W Wᵀ + D', () => {
      fc.assert(
        fc.property(lowRankArb, ([mu, w, diag, x, m]) => {
          tf.tidy(() => {
            const d = mu.length;
            const wT = tf.tensor(w, [d, m]);
            const lr = LowRankMultivariateNormal(mu, wT, diag);
            const dense = MultivariateNormal(mu, { covarianceMatrix: tf.add(tf.matMul(wT, wT, false, true), tf.mul(tf.eye(d), tf.tensor(diag))) });
            const pairs: [tf.Tensor, tf.Tensor][] = [
              [lr.logProb(tf.tensor(x)), dense.logProb(tf.tensor(x))],
              [lr.entropy(), dense.entropy()],
              [lr.variance, dense.variance],
              [lr.covarianceMatrix, dense.covarianceMatrix],
              [lr.precisionMatrix, dense.precisionMatrix],
              [lr.scaleTril, dense.scaleTril],
              [lr.mean, dense.mean],
            ];
            for (const [a, b] of pairs) {
              expect(a.shape).toEqual(b.shape);
              expect(closeness(a.dataSync(), Array.from(b.dataSync()), 1e-4, 1e-4)).toBeUndefined();
            }
          });
        }),
        { numRuns: 25 },
      );
    });

    it('batch shape broadcasts loc, covFactor and covDiag; rsample and logProb have Pyro\'s shapes', () => {
      fc.assert(
        fc.property(shapeArb(2, 3), shapeArb(2, 2), fc.integer({ min: 1, max: 3 }), (batch, sampleShape, d) => {
          tf.tidy(() => {
            const q = LowRankMultivariateNormal(tf.zeros([...batch, d]), tf.ones([d, 2]), tf.ones([1, d]));
            const expected = batch.length === 0 ? [1] : batch;
            expect(q.batchShape).toEqual(expected);
            const x = q.rsample(prngKey(1), sampleShape);
            expect(x.shape).toEqual([...sampleShape, ...expected, d]);
            expect(q.logProb(x).shape).toEqual([...sampleShape, ...expected]);
            const e = q.expand([2, ...expected]);
            expect(e).toBeInstanceOf(LowRankMultivariateNormalDist);
            expect(e.sample(prngKey(1)).shape).toEqual([2, ...expected, d]);
          });
        }),
        { numRuns: 20 },
      );
    });

    it('rsample gradients agree with finite differences of a fixed-key expectation', () => {
      tf.tidy(() => {
        const mu = [0.5, -1, 0];
        const w = [1, 0.2, 0.5, -0.3, 0, 0.8];
        const diag = [0.5, 1, 2];
        const key = prngKey(8);
        const weights = [1, -2, 0.5];
        // x = μ + W ε₁ + √D ε₂ with ε₁ (2 values) then ε₂ (3 values) from the key.
        const eps = normals(key, 5);
        const f64 = (m: number[], wf: number[], dg: number[]): number =>
          weights.reduce((s, c, i) => s + c * (m[i]! + wf[2 * i]! * eps[0]! + wf[2 * i + 1]! * eps[1]! + Math.sqrt(dg[i]!) * eps[2 + i]!), 0);
        const h = 1e-5;
        const fd = (v: number[], f: (u: number[]) => number): number[] =>
          v.map((_, i) => (f(v.map((a, j) => (j === i ? a + h : a))) - f(v.map((a, j) => (j === i ? a - h : a)))) / (2 * h));
        const [gm, gw, gd] = tf.grads((m: tf.Tensor, wt: tf.Tensor, dg: tf.Tensor) =>
          tf.sum(tf.mul(tf.tensor(weights), LowRankMultivariateNormal(m, wt, dg).rsample(key))),
        )([tf.tensor(mu), tf.tensor(w, [3, 2]), tf.tensor(diag)]);
        expect(closeness(gm!.dataSync(), fd(mu, (u) => f64(u, w, diag)), 1e-4, 1e-4)).toBeUndefined();
        expect(closeness(gw!.dataSync(), fd(w, (u) => f64(mu, u, diag)), 1e-4, 1e-4)).toBeUndefined();
        expect(closeness(gd!.dataSync(), fd(diag, (u) => f64(mu, w, u)), 1e-4, 1e-4)).toBeUndefined();
      });
    });

    it('sample mean and covariance match loc and W Wᵀ + D within 5 standard errors', () => {
      tf.tidy(() => {
        const w = tf.tensor([[1, 0.2], [0.5, -0.3], [0, 0.8]]);
        const diag = tf.tensor([0.5, 1, 2]);
        const sigma = tf.add(tf.matMul(w, w, false, true), tf.mul(tf.eye(3), diag)).arraySync() as number[][];
        const n = 20000;
        const x = LowRankMultivariateNormal([1, 2, 3], w, diag).sample(prngKey(51), [n]);
        const mean = tf.mean(x, 0).dataSync();
        const centred = tf.sub(x, mean);
        const cov = tf.div(tf.matMul(centred, centred, true, false), n - 1).dataSync();
        for (let i = 0; i < 3; i++) {
          expect(Math.abs(mean[i]! - (i + 1))).toBeLessThanOrEqual(Z * Math.sqrt(sigma[i]![i]! / n));
          for (let j = 0; j < 3; j++) {
            const se = Math.sqrt((sigma[i]![i]! * sigma[j]![j]! + sigma[i]![j]! ** 2) / n);
            expect(Math.abs(cov[i * 3 + j]! - sigma[i]![j]!), `cov ${i},${j}`).toBeLessThanOrEqual(Z * se);
          }
        }
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        tf.grads((m: tf.Tensor, w: tf.Tensor) => {
          const q = LowRankMultivariateNormal(m, w, [1, 2]);
          return tf.sum(q.logProb(q.rsample(prngKey(3), [4])));
        })([tf.zeros([2]), tf.ones([2, 1])]);
        const q = LowRankMultivariateNormal([0, 0], [[1], [1]], [1, 1]);
        void q.scaleTril;
        void q.precisionMatrix;
        q.entropy();
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
