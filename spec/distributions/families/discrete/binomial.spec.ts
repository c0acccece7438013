/**
 * Binomial: validation, logProb and entropy closed forms, broadcasting of totalCount and
 * probs, sample shapes, moments and frequencies, leaks.
 *
 * Tolerances: logProb vs the float64 `log C(n,k) + k log p + (n−k) log(1−p)`: rtol 1e-5, atol
 * 1e-4 (three float32 lgamma values of up to ~150 cancel; ~1e-6 relative each). Entropy: same.
 * Moments: 5 standard errors, SE(mean) = √(npq/N), SE(variance) = √((μ₄ − σ⁴)/N) with the
 * binomial `μ₄ = npq(1 + 3(n − 2)pq)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../../lib/core/errors.js';
import { prngKey } from '../../../../lib/core/key.js';
import { Binomial, BinomialDist } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { columnMoments, frequencies, withinSE } from '../../helpers/monte-carlo.js';
import { shapeAndBroadcastableArb, shapeArb } from '../../helpers/shapes.js';

const logFactorial = (n: number): number => {
  let s = 0;
  for (let j = 2; j <= n; j++) s += Math.log(j);
  return s;
};
const logPmf = (n: number, p: number, k: number): number =>
  logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p);

describe('distributions/families/discrete/binomial', () => {
  describe('Binomial', () => {
    it('raises InvalidArgument naming a bad totalCount, probs or logits', () => {
      expectInvalid(() => Binomial(-1, 0.5), 'totalCount');
      expectInvalid(() => Binomial(2.5, 0.5), 'totalCount');
      expectInvalid(() => Binomial(3, [0.5, 1.5]), 'probs');
      expectInvalid(() => Binomial(3, { logits: NaN }), 'logits');
      expectInvalid(() => Binomial(3, { probs: 0.5, logits: 0 } as never), 'probs');
      expectInvalid(() => Binomial(3, {} as never), 'probs');
    });
  });
});

describeBackends('distributions/families/discrete/binomial', () => {
  describe('BinomialDist', () => {
    it('logProb matches the closed form for probs and logits', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0.02, max: 0.98, noNaN: true }), fc.nat(), (n, p, seed) => {
          tf.tidy(() => {
            const k = seed % (n + 1);
            const q = Math.fround(p);
            const expected = logPmf(n, q, k);
            for (const d of [Binomial(n, q), Binomial(n, { logits: Math.log(q) - Math.log1p(-q) })]) {
              expect(closeness(d.logProb(tf.scalar(k)).dataSync(), [expected], 1e-5, 1e-4)).toBeUndefined();
            }
          });
        }),
        { numRuns: 30 },
      );
    });

    it('mean, variance and (homogeneous) entropy match the closed forms; inhomogeneous entropy is NotImplemented', () => {
      tf.tidy(() => {
        const d = Binomial(12, [0.1, 0.5, 0.8]);
        expect(closeness(d.mean.dataSync(), [1.2, 6, 9.6], 1e-5, 1e-6)).toBeUndefined();
        expect(closeness(d.variance.dataSync(), [12 * 0.09, 3, 12 * 0.16], 1e-5, 1e-6)).toBeUndefined();
        const h = [0.1, 0.5, 0.8].map((p) => {
          let s = 0;
          for (let k = 0; k <= 12; k++) s -= Math.exp(logPmf(12, Math.fround(p), k)) * logPmf(12, Math.fround(p), k);
          return s;
        });
        expect(closeness(d.entropy().dataSync(), h, 1e-5, 1e-5)).toBeUndefined();
        expect(() => Binomial([2, 3], 0.5).entropy()).toThrow(IgnisError);
      });
    });

    it('batch shape broadcasts totalCount with probs; samples have shape sampleShape + batchShape', () => {
      fc.assert(
        fc.property(shapeAndBroadcastableArb(2, 3), shapeArb(2, 3), ([batch, small], sampleShape) => {
          tf.tidy(() => {
            const d = Binomial(tf.fill(small, 5), tf.fill(batch, 0.4));
            expect(d.batchShape).toEqual(batch);
            const e = d.expand([2, ...batch]);
            expect(e).toBeInstanceOf(BinomialDist);
            const x = e.sample(prngKey(4), sampleShape);
            expect(x.shape).toEqual([...sampleShape, 2, ...batch]);
            expect(e.logProb(x).shape).toEqual(x.shape);
            expect(Array.from(x.dataSync()).every((v) => Number.isInteger(v) && v >= 0 && v <= 5)).toBe(true);
          });
        }),
        { numRuns: 20 },
      );
    });

    it('rejects values outside {0, …, totalCount}', () => {
      tf.tidy(() => {
        expect(() => Binomial(3, 0.5).logProb(tf.scalar(4))).toThrow(IgnisError);
        expect(() => Binomial(3, 0.5).logProb(tf.scalar(1.5))).toThrow(IgnisError);
      });
    });

    it('sample mean and variance match np and npq within 5 standard errors; frequencies match the pmf', () => {
      tf.tidy(() => {
        const cases = [
          [10, 0.3],
          [1000, 0.5],
          [200, 0.02],
        ] as const;
        const n = 20000;
        const x = Binomial(
          cases.map((c) => c[0]),
          cases.map((c) => c[1]),
        ).sample(prngKey(31), [n]);
        const m = columnMoments(x);
        cases.forEach(([count, p], i) => {
          const q = Math.fround(p);
          const v = count * q * (1 - q);
          const mu4 = v * (1 + 3 * (count - 2) * q * (1 - q));
          expect(withinSE(m.mean[i]!, count * q, Math.sqrt(v / n), `mean n=${count}`)).toBeUndefined();
          expect(withinSE(m.variance[i]!, v, Math.sqrt((mu4 - v * v) / n), `variance n=${count}`)).toBeUndefined();
        });
        const freq = frequencies(tf.squeeze(tf.slice(x, [0, 0], [n, 1])), 10);
        freq.forEach((f, k) => {
          const p = Math.exp(logPmf(10, Math.fround(0.3), k));
          expect(withinSE(f, p, Math.sqrt((p * (1 - p)) / n), `k=${k}`)).toBeUndefined();
        });
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const d = Binomial(4, { logits: [0.3, -2] });
        d.logProb(d.sample(prngKey(1), [2]));
        d.entropy();
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
