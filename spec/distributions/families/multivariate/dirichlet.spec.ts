/**
 * Dirichlet: validation, logProb and moments against float64 closed forms, sample shapes and
 * simplex support, sample moments, and the reparameterization gradient (pointwise against
 * normalizing the Gamma family's differentiable draws; in expectation against the exact
 * gradient of a closed-form expectation), leaks.
 *
 * Tolerances:
 * - logProb vs `Σ(αᵢ−1) log xᵢ + log Γ(α₀) − Σ log Γ(αᵢ)` (float64 Lanczos): rtol 1e-5, atol 1e-4
 *   (lgamma of values up to ~40 in float32 is good to ~1e-6 relative; terms cancel).
 * - pointwise gradient vs the composed Gamma route: rtol 1e-4, atol 1e-5 (the reference
 *   normalizes in float32 with tfjs ops; α ≥ 0.3 keeps the Gamma draws far from underflow).
 * - expected gradient: `E[Σ wᵢ xᵢ²]` has the closed form `Σ wᵢ αᵢ(αᵢ+1)/(α₀(α₀+1))`; its
 *   float64 central-difference gradient must lie within 5 standard errors of the Monte Carlo
 *   gradient, the SE estimated from 64 independent parameter copies of 256 draws each.
 * - sample moments: 5 standard errors with Beta marginals' exact fourth moments.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../../lib/core/key.js';
import { Dirichlet, DirichletDist } from '../../../../lib/distributions/families/multivariate/dirichlet.js';
import { gammaDraws } from '../../../../lib/distributions/sampling/implicit-reparam.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { logGamma64 } from '../../helpers/incomplete-gamma.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { Z, columnMoments, withinSE } from '../../helpers/monte-carlo.js';
import { shapeArb } from '../../helpers/shapes.js';

/** Raw moment `E[xᵏ]` of a Beta(a, b) marginal. */
const betaRaw = (a: number, b: number, k: number): number => {
  let m = 1;
  for (let r = 0; r < k; r++) m *= (a + r) / (a + b + r);
  return m;
};

describe('distributions/families/multivariate/dirichlet', () => {
  describe('Dirichlet', () => {
    it('raises InvalidArgument naming a non-positive concentration or a scalar one', () => {
      expectInvalid(() => Dirichlet([1, 0, 2]), 'concentration');
      expectInvalid(() => Dirichlet([1, NaN]), 'concentration');
      expectInvalid(() => Dirichlet(2), 'concentration');
    });
  });
});

describeBackends('distributions/families/multivariate/dirichlet', () => {
  describe('DirichletDist', () => {
    const alphaArb = fc.array(fc.double({ min: 0.3, max: 8, noNaN: true }).map(Math.fround), { minLength: 2, maxLength: 5 });

    it('logProb, mean and variance match the closed forms', () => {
      fc.assert(
        fc.property(alphaArb, fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 5, maxLength: 5 }), (alpha, w) => {
          tf.tidy(() => {
            const k = alpha.length;
            const raw = w.slice(0, k);
            const x = raw.map((v) => v / raw.reduce((s, u) => s + u, 0));
            const xf = x.map(Math.fround);
            const a0 = alpha.reduce((s, a) => s + a, 0);
            const lp =
              alpha.reduce((s, a, i) => s + (a - 1) * Math.log(xf[i]!), 0) + logGamma64(a0) - alpha.reduce((s, a) => s + logGamma64(a), 0);
            const d = Dirichlet(alpha);
            expect(closeness(d.logProb(tf.tensor(x)).dataSync(), [lp], 1e-5, 1e-4)).toBeUndefined();
            expect(closeness(d.mean.dataSync(), alpha.map((a) => a / a0), 1e-5, 1e-6)).toBeUndefined();
            const v = alpha.map((a) => (a * (a0 - a)) / (a0 * a0 * (a0 + 1)));
            expect(closeness(d.variance.dataSync(), v, 1e-5, 1e-6)).toBeUndefined();
          });
        }),
        { numRuns: 25 },
      );
    });

    it('draws lie on the simplex with shape sampleShape + batchShape + [K]', () => {
      fc.assert(
        fc.property(shapeArb(2, 3), shapeArb(2, 3), fc.integer({ min: 1, max: 4 }), (sampleShape, batchShape, k) => {
          tf.tidy(() => {
            const d = Dirichlet(tf.fill([...batchShape, k], 0.7)).expand([2, ...batchShape]);
            expect(d).toBeInstanceOf(DirichletDist);
            const x = d.rsample(prngKey(6), sampleShape);
            expect(x.shape).toEqual([...sampleShape, 2, ...batchShape, k]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, 2, ...batchShape]);
            expect(Array.from(d.support.check(x).dataSync()).every((b) => b === 1)).toBe(true);
          });
        }),
        { numRuns: 20 },
      );
    });

    it('sample means and variances match the closed forms within 5 standard errors', () => {
      tf.tidy(() => {
        const alpha = [0.5, 2, 3];
        const a0 = 5.5;
        const n = 20000;
        const m = columnMoments(Dirichlet(alpha).sample(prngKey(61), [n]));
        alpha.forEach((a, i) => {
          const [m1, m2, m3, m4] = [1, 2, 3, 4].map((k) => betaRaw(a, a0 - a, k)) as [number, number, number, number];
          const v = m2 - m1 * m1;
          const mu4 = m4 - 4 * m3 * m1 + 6 * m2 * m1 * m1 - 3 * m1 ** 4;
          expect(withinSE(m.mean[i]!, m1, Math.sqrt(v / n), `mean ${i}`)).toBeUndefined();
          expect(withinSE(m.variance[i]!, v, Math.sqrt((mu4 - v * v) / n), `variance ${i}`)).toBeUndefined();
        });
      });
    });

    it('rsample gradients equal those of normalizing the Gamma family\'s reparameterized draws (same key)', () => {
      tf.tidy(() => {
        const key = prngKey(13);
        const alpha = tf.tensor([[0.4, 1.5, 3], [2, 0.7, 5]]);
        const w = tf.tensor([1, -2, 0.5]);
        const shape = [4, 2, 3];
        const ours = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(w, tf.square(Dirichlet(a).rsample(key, [4])))))(alpha);
        const composed = tf.grad((a: tf.Tensor) => {
          const g = gammaDraws(key, a, tf.scalar(1), shape, { inverse: false, differentiable: true });
          return tf.sum(tf.mul(w, tf.square(tf.div(g, tf.sum(g, -1, true)))));
        })(alpha);
        expect(closeness(ours.dataSync(), Array.from(composed.dataSync()), 1e-4, 1e-5)).toBeUndefined();
      });
    });

    it('the expected rsample gradient matches finite differences of the exact expectation', () => {
      tf.tidy(() => {
        const alpha = [0.6, 1.5, 4];
        const w = [1, -2, 0.5];
        const copies = 64;
        const draws = 256;
        const exact = (a: number[]): number => {
          const a0 = a.reduce((s, v) => s + v, 0);
          return a.reduce((s, ai, i) => s + (w[i]! * ai * (ai + 1)) / (a0 * (a0 + 1)), 0);
        };
        const h = 1e-6;
        const fd = alpha.map((_, i) => (exact(alpha.map((v, j) => (j === i ? v + h : v))) - exact(alpha.map((v, j) => (j === i ? v - h : v)))) / (2 * h));
        // One parameter copy per row: row b of the gradient is the estimate from its own draws.
        const perCopy = tf.grad((a: tf.Tensor) => tf.div(tf.sum(tf.mul(w, tf.square(Dirichlet(a).rsample(prngKey(14), [draws])))), draws))(
          tf.tile(tf.tensor([alpha]), [copies, 1]),
        );
        const m = columnMoments(perCopy);
        fd.forEach((g, i) => expect(Math.abs(m.mean[i]! - g), `∂/∂α${i}`).toBeLessThanOrEqual(Z * Math.sqrt(m.variance[i]! / copies)));
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        tf.grad((a: tf.Tensor) => {
          const d = Dirichlet(a);
          return tf.sum(d.logProb(d.rsample(prngKey(2), [3])));
        })(tf.tensor([1, 2, 3]));
        Dirichlet([1, 2]).entropy();
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
