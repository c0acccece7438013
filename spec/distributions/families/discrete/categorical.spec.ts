/**
 * Categorical: normalization of both parameterizations, validation, logProb by index
 * (int32 and float values, broadcasting), entropy closed form, sample shapes, inverse-CDF
 * draws from the key, frequencies, leaks.
 *
 * Tolerances: float64 closed forms vs float32 results, rtol 1e-5 / atol 1e-6 (a few ulps;
 * the normalization is one sum of ≤ 6 terms). Frequencies: 5 standard errors
 * `√(p(1−p)/N)` (helpers/monte-carlo.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../../lib/core/errors.js';
import { prngKey, uniforms } from '../../../../lib/core/key.js';
import { Categorical, CategoricalDist } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { frequencies, withinSE } from '../../helpers/monte-carlo.js';
import { shapeArb } from '../../helpers/shapes.js';

describe('distributions/families/discrete/categorical', () => {
  describe('Categorical', () => {
    it('raises InvalidArgument naming negative, NaN or all-zero probs', () => {
      expectInvalid(() => Categorical([0.5, -0.1, 0.6]), 'probs');
      expectInvalid(() => Categorical({ probs: [NaN, 1] }), 'probs');
      expectInvalid(() => Categorical([[0, 0], [1, 1]]), 'probs');
    });
    it('raises InvalidArgument when both or neither of probs and logits are given, or for a scalar', () => {
      expectInvalid(() => Categorical({ probs: [0.5, 0.5], logits: [0, 0] } as never), 'probs');
      expectInvalid(() => Categorical({} as never), 'probs');
      expectInvalid(() => Categorical({ logits: 1 }), 'logits');
      expectInvalid(() => Categorical({ logits: [0, NaN] }), 'logits');
    });
  });
});

describeBackends('distributions/families/discrete/categorical', () => {
  describe('CategoricalDist', () => {
    const probsArb = fc
      .array(fc.double({ min: 0.05, max: 5, noNaN: true }), { minLength: 1, maxLength: 6 })
      .map((w) => w.map((x) => x / w.reduce((a, b) => a + b, 0)));

    it('normalizes probs and logits, and logProb(i) = log p_i for int32 and float indices', () => {
      fc.assert(
        fc.property(probsArb, fc.double({ min: -3, max: 3, noNaN: true }), (p, shift) => {
          tf.tidy(() => {
            const k = p.length;
            const logits = p.map((q) => Math.log(q) + shift);
            const scaled = p.map((q) => q * 3.5);
            const idx = Array.from({ length: k }, (_, i) => i);
            for (const d of [Categorical({ logits }), Categorical(scaled)]) {
              expect(d.batchShape).toEqual([]);
              expect(d.support.name).toBe(`integerInterval(0, ${k - 1})`);
              expect(closeness(d.probs.dataSync(), p, 1e-5, 1e-6)).toBeUndefined();
              expect(closeness(d.logits.dataSync(), p.map(Math.log), 1e-5, 1e-5)).toBeUndefined();
              const lp = p.map(Math.log);
              expect(closeness(d.logProb(tf.tensor(idx, [k], 'int32')).dataSync(), lp, 1e-5, 1e-5)).toBeUndefined();
              expect(closeness(d.logProb(tf.tensor(idx)).dataSync(), lp, 1e-5, 1e-5)).toBeUndefined();
              const h = -p.reduce((a, q) => a + q * Math.log(q), 0);
              expect(closeness(d.entropy().dataSync(), [h], 1e-5, 1e-6)).toBeUndefined();
            }
          });
        }),
        { numRuns: 20 },
      );
    });

    it('gives zero-probability categories log-mass −∞ and a finite entropy', () => {
      tf.tidy(() => {
        const d = Categorical([0, 0.25, 0.75]);
        expect(d.logProb(tf.tensor([0, 2])).dataSync()[0]).toBeLessThan(-15);
        expect(closeness(d.entropy().dataSync(), [-(0.25 * Math.log(0.25) + 0.75 * Math.log(0.75))], 1e-5, 1e-6)).toBeUndefined();
        const l = Categorical({ logits: [-Infinity, 0, Math.log(3)] });
        expect(l.logProb(tf.scalar(0)).dataSync()[0]).toBe(-Infinity);
        expect(Number.isFinite(l.entropy().dataSync()[0])).toBe(true);
      });
    });

    it('rejects values that are not indices in [0, K−1]', () => {
      tf.tidy(() => {
        const d = Categorical([0.2, 0.8]);
        expect(() => d.logProb(tf.tensor([2]))).toThrow(IgnisError);
        expect(() => d.logProb(tf.tensor([0.5]))).toThrow(IgnisError);
        expect(() => d.logProb(tf.tensor([-1]))).toThrow(IgnisError);
      });
    });

    it('samples int32 indices of shape sampleShape + batchShape; logProb has that shape', () => {
      fc.assert(
        fc.property(shapeArb(2, 3), shapeArb(2, 3), fc.integer({ min: 1, max: 4 }), (sampleShape, batchShape, k) => {
          tf.tidy(() => {
            const d = Categorical(tf.ones([...batchShape, k]));
            expect(d.batchShape).toEqual(batchShape);
            const e = d.expand([2, ...batchShape]);
            expect(e).toBeInstanceOf(CategoricalDist);
            const x = e.sample(prngKey(5), sampleShape);
            expect(x.dtype).toBe('int32');
            expect(x.shape).toEqual([...sampleShape, 2, ...batchShape]);
            expect(e.logProb(x).shape).toEqual([...sampleShape, 2, ...batchShape]);
          });
        }),
        { numRuns: 20 },
      );
    });

    it('draws by inverse CDF of the key\'s uniforms (backend-independent)', () => {
      tf.tidy(() => {
        const key = prngKey(9);
        const p = [0.2, 0.3, 0.5];
        const x = Categorical(p).sample(key, [50]).dataSync();
        const u = uniforms(key, 50);
        expect(Array.from(x)).toEqual(Array.from(u, (v) => (v < 0.2 ? 0 : v < 0.5 ? 1 : 2)));
      });
    });

    it('frequencies match probs within 5 standard errors (batched rows)', () => {
      tf.tidy(() => {
        const rows = [
          [0.1, 0.2, 0.7],
          [0.5, 0.49, 0.01],
        ];
        const n = 20000;
        const x = Categorical(rows).sample(prngKey(12), [n]);
        rows.forEach((p, r) => {
          const col = tf.squeeze(tf.slice(x, [0, r], [n, 1]));
          const freq = frequencies(col, 2);
          p.forEach((q, i) => expect(withinSE(freq[i]!, q, Math.sqrt((q * (1 - q)) / n), `row ${r} cat ${i}`)).toBeUndefined());
        });
      });
    });

    it('has NaN mean and variance of the batch shape (as Pyro)', () => {
      tf.tidy(() => {
        const d = Categorical(tf.ones([2, 3]));
        expect(d.mean.shape).toEqual([2]);
        expect(Array.from(d.variance.dataSync()).every(Number.isNaN)).toBe(true);
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const d = Categorical({ logits: [[0.2, -1, 0.3]] });
        d.logProb(d.sample(prngKey(1), [3]));
        d.entropy();
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
