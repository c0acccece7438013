/**
 * MultivariateNormal: validation, batch/sample shapes, the three parameterizations against a
 * float64 reference computed from Σ by an independent route (Gauss–Jordan inverse and
 * determinant), diagonal case = sum of Normals, rsample and logProb gradients against float64
 * finite differences, second derivatives, sample moments, kernel counts, leaks.
 *
 * Tolerances (float32 inputs, float64 inside the fused kernels, float32 outputs):
 * - log-densities, entropies, matrices: rtol 1e-4, atol 1e-4. Σ has condition number up to
 *   ~10³ for the random factors used (diag in [0.5, 2], off-diagonal in [−1, 1], d ≤ 4), so a
 *   float32 rounding of a parameter (6e-8) can move results by up to ~1e-4 relative (the
 *   precision parameterization inverts a rounded matrix). Observed: below 1e-5 in 300 runs.
 * - diagonal case vs Normal: rtol 1e-5, atol 1e-5 (elementwise float32 on both sides).
 * - gradients vs float64 central differences (h = 1e-5 on a float64 twin; error ~1e-9):
 *   rtol 1e-4, atol 1e-4 (float32 gradients of sums of ≤ 16 terms).
 * - sample moments: 5 standard errors (helpers/monte-carlo.ts), SE(mean_i) = √(Σᵢᵢ/N),
 *   SE(cov_ij) = √((ΣᵢᵢΣⱼⱼ + Σᵢⱼ²)/N) (Gaussian fourth moments).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normals, prngKey } from '../../../../lib/core/key.js';
import { MultivariateNormal, MultivariateNormalDist, Normal, setValidation } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { type Mat, gram, inverse, logDet, lowerCholeskyArb, mvnLogPdf, vectorArb } from '../../helpers/gaussian64.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { Z } from '../../helpers/monte-carlo.js';
import { shapeAndBroadcastableArb, shapeArb } from '../../helpers/shapes.js';

const LOG_2PI = Math.log(2 * Math.PI);
const flatM = (m: Mat): number[] => m.flat();

describe('distributions/families/multivariate/multivariate-normal', () => {
  describe('MultivariateNormal', () => {
    const loc = [0, 0];
    it('raises InvalidArgument naming a covariance that is not positive definite', () => {
      expectInvalid(() => MultivariateNormal(loc, { covarianceMatrix: [[1, 2], [2, 1]] }), 'covarianceMatrix');
      expectInvalid(() => MultivariateNormal(loc, { covarianceMatrix: [[1, 0.5], [0.2, 1]] }), 'covarianceMatrix');
      expectInvalid(() => MultivariateNormal(loc, { precisionMatrix: [[-1, 0], [0, 1]] }), 'precisionMatrix');
    });
    it('raises InvalidArgument naming a scaleTril that is not lower triangular with a positive diagonal', () => {
      expectInvalid(() => MultivariateNormal(loc, { scaleTril: [[1, 0.5], [0, 1]] }), 'scaleTril');
      expectInvalid(() => MultivariateNormal(loc, { scaleTril: [[1, 0], [0.5, -1]] }), 'scaleTril');
    });
    it('raises InvalidArgument when none or several matrices are given, or shapes do not fit', () => {
      expectInvalid(() => MultivariateNormal(loc, {} as never), 'covarianceMatrix');
      expectInvalid(() => MultivariateNormal(loc, { scaleTril: [[1, 0], [0, 1]], covarianceMatrix: [[1, 0], [0, 1]] } as never), 'covarianceMatrix');
      expectInvalid(() => MultivariateNormal(loc, { scaleTril: [[1]] }), 'scaleTril');
      expectInvalid(() => MultivariateNormal(1, { scaleTril: [[1]] }), 'loc');
      expectInvalid(() => MultivariateNormal([NaN, 0], { scaleTril: [[1, 0], [0, 1]] }), 'loc');
    });
  });
});

describeBackends('distributions/families/multivariate/multivariate-normal', () => {
  describe('MultivariateNormalDist', () => {
    it('batch shape broadcasts loc and matrix batches; rsample and logProb have Pyro\'s shapes', () => {
      fc.assert(
        fc.property(shapeAndBroadcastableArb(2, 3), fc.boolean(), shapeArb(2, 2), fc.integer({ min: 1, max: 3 }), ([batch, small], swap, sampleShape, d) => {
          tf.tidy(() => {
            const [locBatch, matBatch] = swap ? [small, batch] : [batch, small];
            const m = MultivariateNormal(tf.zeros([...locBatch, d]), { scaleTril: tf.mul(tf.ones([...matBatch, 1, 1]), tf.eye(d)) });
            expect(m.batchShape).toEqual(batch);
            expect(m.eventShape).toEqual([d]);
            const x = m.rsample(prngKey(1), sampleShape);
            expect(x.shape).toEqual([...sampleShape, ...batch, d]);
            expect(m.logProb(x).shape).toEqual([...sampleShape, ...batch]);
            const e = m.expand([2, ...batch]);
            expect(e).toBeInstanceOf(MultivariateNormalDist);
            expect(e.sample(prngKey(2)).shape).toEqual([2, ...batch, d]);
            expect((e as MultivariateNormalDist).covarianceMatrix.shape).toEqual([2, ...batch, d, d]);
          });
        }),
        { numRuns: 25 },
      );
    });

    it('with a diagonal covariance, logProb is the sum of independent Normal logProbs', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 5 }).chain((d) => fc.tuple(vectorArb(d), vectorArb(d), vectorArb(d, 1))), ([mu, x, logS]) => {
          tf.tidy(() => {
            const scale = tf.exp(tf.tensor(logS));
            const mvn = MultivariateNormal(mu, { covarianceMatrix: tf.mul(tf.eye(mu.length), tf.square(scale)) });
            const normal = tf.sum(Normal(tf.tensor(mu), scale).logProb(tf.tensor(x)));
            expect(closeness(mvn.logProb(tf.tensor(x)).dataSync(), Array.from(normal.dataSync()), 1e-5, 1e-5)).toBeUndefined();
          });
        }),
        { numRuns: 25 },
      );
    });

    it('covarianceMatrix, scaleTril and precisionMatrix parameterizations agree with the float64 reference', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(lowerCholeskyArb(d), vectorArb(d), vectorArb(d))), ([l, mu, x]) => {
          tf.tidy(() => {
            const sigma = gram(l);
            const prec = inverse(sigma);
            const d = mu.length;
            const lp = mvnLogPdf(x, mu, sigma);
            const h = 0.5 * logDet(sigma) + 0.5 * d * (1 + LOG_2PI);
            for (const m of [
              MultivariateNormal(mu, { scaleTril: l }),
              MultivariateNormal(mu, { covarianceMatrix: sigma }),
              MultivariateNormal(mu, { precisionMatrix: prec }),
            ]) {
              expect(closeness(m.logProb(tf.tensor(x)).dataSync(), [lp], 1e-4, 1e-4)).toBeUndefined();
              expect(closeness(m.entropy().dataSync(), [h], 1e-4, 1e-4)).toBeUndefined();
              expect(closeness(m.scaleTril.dataSync(), flatM(l), 1e-4, 1e-4)).toBeUndefined();
              expect(closeness(m.covarianceMatrix.dataSync(), flatM(sigma), 1e-4, 1e-4)).toBeUndefined();
              expect(closeness(m.precisionMatrix.dataSync(), flatM(prec), 1e-4, 1e-4)).toBeUndefined();
              expect(closeness(m.variance.dataSync(), sigma.map((r, i) => r[i]!), 1e-4, 1e-4)).toBeUndefined();
              expect(closeness(m.mean.dataSync(), mu, 0, 0)).toBeUndefined();
            }
          });
        }),
        { numRuns: 20 },
      );
    });

    it('rsample gradients w.r.t. loc and scaleTril agree with finite differences of a fixed-key expectation', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(lowerCholeskyArb(d), vectorArb(d), vectorArb(2 * d))), ([l, mu, w]) => {
          tf.tidy(() => {
            const d = mu.length;
            const key = prngKey(17);
            // f(μ, L) = Σ_s Σ_i w_si x_si with x = μ + L ε, ε the key's normals (S = 2 draws).
            const eps = normals(key, 2 * d);
            const f64 = (m: readonly number[], lt: Mat): number => {
              let s = 0;
              for (let r = 0; r < 2; r++) for (let i = 0; i < d; i++) s += w[r * d + i]! * (m[i]! + lt[i]!.reduce((a, lij, j) => a + (j <= i ? lij * eps[r * d + j]! : 0), 0));
              return s;
            };
            const h = 1e-5;
            const fdLoc = mu.map((_, i) => (f64(mu.map((v, j) => (j === i ? v + h : v)), l) - f64(mu.map((v, j) => (j === i ? v - h : v)), l)) / (2 * h));
            const bump = (i: number, j: number, s: number): Mat => l.map((r, a) => r.map((v, b) => (a === i && b === j ? v + s : v)));
            const fdL = l.flatMap((r, i) => r.map((_, j) => (j > i ? 0 : (f64(mu, bump(i, j, h)) - f64(mu, bump(i, j, -h))) / (2 * h))));
            const [gLoc, gL] = tf.grads((m: tf.Tensor, lt: tf.Tensor) =>
              tf.sum(tf.mul(tf.tensor(w, [2, d]), MultivariateNormal(m, { scaleTril: lt }).rsample(key, [2]))),
            )([tf.tensor(mu), tf.tensor(l)]);
            expect(closeness(gLoc!.dataSync(), fdLoc, 1e-4, 1e-4)).toBeUndefined();
            expect(closeness(gL!.dataSync(), fdL, 1e-4, 1e-4)).toBeUndefined();
          });
        }),
        { numRuns: 15 },
      );
    });

    it('logProb gradients w.r.t. value, loc and scaleTril agree with float64 finite differences', () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 4 }).chain((d) => fc.tuple(lowerCholeskyArb(d), vectorArb(d), vectorArb(d))), ([l, mu, x]) => {
          tf.tidy(() => {
            const h = 1e-5;
            const at = (v: readonly number[], i: number, s: number): number[] => v.map((a, j) => (j === i ? a + s : a));
            const fdX = x.map((_, i) => (mvnLogPdf(at(x, i, h), mu, gram(l)) - mvnLogPdf(at(x, i, -h), mu, gram(l))) / (2 * h));
            const fdMu = mu.map((_, i) => (mvnLogPdf(x, at(mu, i, h), gram(l)) - mvnLogPdf(x, at(mu, i, -h), gram(l))) / (2 * h));
            const bump = (i: number, j: number, s: number): Mat => l.map((r, a) => r.map((v, b) => (a === i && b === j ? v + s : v)));
            const fdL = l.flatMap((r, i) =>
              r.map((_, j) => (j > i ? 0 : (mvnLogPdf(x, mu, gram(bump(i, j, h))) - mvnLogPdf(x, mu, gram(bump(i, j, -h)))) / (2 * h))),
            );
            const [gx, gm, gl] = tf.grads((xt: tf.Tensor, m: tf.Tensor, lt: tf.Tensor) => MultivariateNormal(m, { scaleTril: lt }).logProb(xt))([
              tf.tensor(x),
              tf.tensor(mu),
              tf.tensor(l),
            ]);
            expect(closeness(gx!.dataSync(), fdX, 1e-4, 1e-4)).toBeUndefined();
            expect(closeness(gm!.dataSync(), fdMu, 1e-4, 1e-4)).toBeUndefined();
            expect(closeness(gl!.dataSync(), fdL, 1e-4, 1e-4)).toBeUndefined();
          });
        }),
        { numRuns: 15 },
      );
    });

    it('has second derivatives: the Hessian of logProb in the value is −Σ⁻¹', () => {
      tf.tidy(() => {
        const l = [
          [1.2, 0, 0],
          [0.3, 0.8, 0],
          [-0.5, 0.4, 1.5],
        ];
        const m = MultivariateNormal([0.1, 0.2, -0.3], { scaleTril: l });
        const x0 = tf.tensor([0.5, -1, 2]);
        const prec = inverse(gram(l));
        for (let i = 0; i < 3; i++) {
          const e = tf.tensor([0, 1, 2].map((j) => (j === i ? 1 : 0)));
          const hv = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.grad((y: tf.Tensor) => m.logProb(y))(x), e)))(x0);
          expect(closeness(hv.dataSync(), prec[i]!.map((v) => -v), 1e-4, 1e-4)).toBeUndefined();
        }
      });
    });

    it('rsample has second derivatives: ∇²_μ Σ‖x‖² = 2S·I for S draws (broadcast loc)', () => {
      tf.tidy(() => {
        const l = tf.tensor([[[1, 0], [0.5, 2]], [[0.3, 0], [0.1, 0.7]]]); // batch [2]
        const f = (m: tf.Tensor): tf.Tensor => tf.sum(tf.square(MultivariateNormal(m, { scaleTril: l }).rsample(prngKey(4), [3])));
        const e = tf.tensor([0, 1]);
        const hv = tf.grad((m: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(m), e)))(tf.tensor([0.2, -0.4]));
        // loc [2] is shared by the 2 batch rows and 3 draws: S = 6 uses of each coordinate.
        expect(closeness(hv.dataSync(), [0, 12], 1e-5, 1e-5)).toBeUndefined();
      });
    });

    it('sample mean and covariance match loc and Σ within 5 standard errors', () => {
      tf.tidy(() => {
        const l = [
          [1, 0, 0],
          [0.5, 2, 0],
          [-0.3, 0.2, 0.7],
        ];
        const sigma = gram(l.map((r) => r.map(Math.fround)));
        const mu = [1, -2, 0.5];
        const n = 20000;
        const x = MultivariateNormal(mu, { scaleTril: l }).sample(prngKey(41), [n]);
        const mean = tf.mean(x, 0).dataSync();
        const centred = tf.sub(x, mean);
        const cov = tf.div(tf.matMul(centred, centred, true, false), n - 1).dataSync();
        for (let i = 0; i < 3; i++) {
          expect(Math.abs(mean[i]! - mu[i]!)).toBeLessThanOrEqual(Z * Math.sqrt(sigma[i]![i]! / n));
          for (let j = 0; j < 3; j++) {
            const se = Math.sqrt((sigma[i]![i]! * sigma[j]![j]! + sigma[i]![j]! ** 2) / n);
            expect(Math.abs(cov[i * 3 + j]! - sigma[i]![j]!), `cov ${i},${j}`).toBeLessThanOrEqual(Z * se);
          }
        }
      });
    });

    it('logProb and rsample are one kernel each (validation off), for d = 2 and d = 8 in a batch of 256', async () => {
      const previous = setValidation(false);
      try {
        for (const [batch, d] of [
          [1, 2],
          [256, 8],
        ] as const) {
          const loc = tf.zeros([batch, d]);
          const scaleTril = tf.mul(tf.ones([batch, 1, 1]), tf.eye(d));
          const x = tf.ones([batch, d]);
          const m = MultivariateNormal(loc, { scaleTril });
          const count = async (f: () => void): Promise<number> => (await tf.profile(() => tf.tidy(f))).kernels.length;
          expect(await count(() => void m.logProb(x))).toBe(1);
          expect(await count(() => void m.rsample(prngKey(1)))).toBe(1);
          // Forward and backward of logProb(rsample) w.r.t. loc and scaleTril.
          const grads = await count(() => {
            tf.grads((a: tf.Tensor, b: tf.Tensor) => {
              const q = MultivariateNormal(a, { scaleTril: b });
              return tf.sum(q.logProb(q.rsample(prngKey(2))));
            })([loc, scaleTril]);
          });
          expect(grads).toBeLessThanOrEqual(12);
          tf.dispose([loc, scaleTril, x]);
        }
      } finally {
        setValidation(previous);
      }
    });

    it('leaks no tensors (construction, draws, log-densities, gradients)', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const l = tf.tensor([[[1, 0], [0.5, 1]]]);
        tf.grads((m: tf.Tensor, lt: tf.Tensor) => {
          const q = MultivariateNormal(m, { scaleTril: lt });
          return tf.sum(q.logProb(q.rsample(prngKey(3), [4])));
        })([tf.zeros([2]), l]);
        const p = MultivariateNormal([0, 0], { precisionMatrix: [[2, 0.5], [0.5, 1]] });
        void p.covarianceMatrix;
        p.entropy();
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
