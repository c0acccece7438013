/**
 * Poisson: validation, logProb closed form, sample shapes, moments and frequencies, leaks.
 *
 * Tolerances: logProb vs `k log λ − λ − Σ log j` in float64: rtol 1e-5 with atol 1e-4 (values
 * up to ~100 in magnitude; float32 lgamma of k + 1 ≤ 61 is good to ~1e-6 relative).
 * Moments: 5 standard errors (helpers/monte-carlo.ts) with SE(mean) = √(λ/N) and
 * SE(variance) = √((λ + 2λ²)/N) (Poisson: μ₄ = λ + 3λ²).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../../lib/core/errors.js';
import { prngKey } from '../../../../lib/core/key.js';
import { Poisson, PoissonDist } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { columnMoments, frequencies, withinSE } from '../../helpers/monte-carlo.js';
import { shapeArb } from '../../helpers/shapes.js';

const logFactorial = (n: number): number => {
  let s = 0;
  for (let j = 2; j <= n; j++) s += Math.log(j);
  return s;
};

describe('distributions/families/discrete/poisson', () => {
  describe('Poisson', () => {
    it('raises InvalidArgument naming a negative or non-finite rate', () => {
      expectInvalid(() => Poisson([1, -0.5]), 'rate');
      expectInvalid(() => Poisson(NaN), 'rate');
      expectInvalid(() => Poisson(Infinity), 'rate');
    });
  });
});

describeBackends('distributions/families/discrete/poisson', () => {
  describe('PoissonDist', () => {
    it('logProb(k) = k log λ − λ − log k!', () => {
      fc.assert(
        fc.property(fc.double({ min: 0.05, max: 40, noNaN: true }), fc.integer({ min: 0, max: 60 }), (rate, k) => {
          tf.tidy(() => {
            const expected = k * Math.log(Math.fround(rate)) - Math.fround(rate) - logFactorial(k);
            expect(closeness(Poisson(rate).logProb(tf.scalar(k)).dataSync(), [expected], 1e-5, 1e-4)).toBeUndefined();
          });
        }),
        { numRuns: 30 },
      );
    });

    it('rate 0 is the point mass at 0; non-integer or negative values are rejected', () => {
      tf.tidy(() => {
        expect(Array.from(Poisson(0).logProb(tf.tensor([0, 1])).dataSync())).toEqual([0, -Infinity]);
        expect(() => Poisson(2).logProb(tf.scalar(1.5))).toThrow(IgnisError);
        expect(() => Poisson(2).logProb(tf.scalar(-1))).toThrow(IgnisError);
      });
    });

    it('samples have shape sampleShape + batchShape; expand keeps the family', () => {
      fc.assert(
        fc.property(shapeArb(2, 3), shapeArb(2, 3), (sampleShape, batchShape) => {
          tf.tidy(() => {
            const d = Poisson(tf.fill(batchShape, 2.5)).expand([3, ...batchShape]);
            expect(d).toBeInstanceOf(PoissonDist);
            const x = d.sample(prngKey(2), sampleShape);
            expect(x.shape).toEqual([...sampleShape, 3, ...batchShape]);
            expect(d.logProb(x).shape).toEqual(x.shape);
          });
        }),
        { numRuns: 20 },
      );
    });

    it('sample mean and variance match λ within 5 standard errors (small to large rates)', () => {
      tf.tidy(() => {
        const rates = [0.3, 4, 50, 2000];
        const n = 20000;
        const m = columnMoments(Poisson(rates).sample(prngKey(21), [n]));
        rates.forEach((r, i) => {
          expect(withinSE(m.mean[i]!, r, Math.sqrt(r / n), `mean λ=${r}`)).toBeUndefined();
          expect(withinSE(m.variance[i]!, r, Math.sqrt((r + 2 * r * r) / n), `variance λ=${r}`)).toBeUndefined();
        });
      });
    });

    it('frequencies of k = 0…10 match the pmf within 5 standard errors', () => {
      tf.tidy(() => {
        const n = 20000;
        const freq = frequencies(Poisson(3).sample(prngKey(22), [n]), 10);
        freq.forEach((f, k) => {
          const p = Math.exp(k * Math.log(3) - 3 - logFactorial(k));
          expect(withinSE(f, p, Math.sqrt((p * (1 - p)) / n), `k=${k}`)).toBeUndefined();
        });
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const d = Poisson([1, 2]);
        d.logProb(d.sample(prngKey(1), [2]));
        void d.variance;
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
