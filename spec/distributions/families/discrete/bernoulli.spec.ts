/**
 * Bernoulli: parameterizations, validation, closed-form moments and entropy, sample shapes,
 * backend-independent draws and their frequencies, leaks.
 *
 * Tolerances: closed forms in float64 vs float32 results, rtol 1e-5 (a few ulps; wasm's
 * softplus/log are within 3 ulps, notes/tfjs-facts.md §6). Frequencies: 5 standard errors
 * `√(p(1−p)/N)` (helpers/monte-carlo.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../../lib/core/errors.js';
import { prngKey, uniforms } from '../../../../lib/core/key.js';
import { Bernoulli, BernoulliDist } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { expectInvalid } from '../../helpers/invalid.js';
import { withinSE } from '../../helpers/monte-carlo.js';
import { shapeArb } from '../../helpers/shapes.js';

describe('distributions/families/discrete/bernoulli', () => {
  describe('Bernoulli', () => {
    it('raises InvalidArgument naming probs outside [0, 1]', () => {
      expectInvalid(() => Bernoulli([0.5, 1.2]), 'probs');
      expectInvalid(() => Bernoulli({ probs: -0.1 }), 'probs');
      expectInvalid(() => Bernoulli({ probs: NaN }), 'probs');
    });
    it('raises InvalidArgument when both or neither of probs and logits are given', () => {
      expectInvalid(() => Bernoulli({ probs: 0.3, logits: 0 } as never), 'probs');
      expectInvalid(() => Bernoulli({} as never), 'probs');
    });
    it('raises InvalidArgument naming NaN logits', () => {
      expectInvalid(() => Bernoulli({ logits: [0, NaN] }), 'logits');
    });
    it('reads a positional value as probs', () => {
      tf.tidy(() => {
        const d = Bernoulli([0.25, 0.75]);
        expect(d).toBeInstanceOf(BernoulliDist);
        expect(d.parameterization).toBe('probs');
        expect(Array.from(d.probs.dataSync())).toEqual([0.25, 0.75]);
      });
    });
  });
});

describeBackends('distributions/families/discrete/bernoulli', () => {
  describe('BernoulliDist', () => {
    it('logProb, entropy, mean and variance match the closed forms for probs and logits', () => {
      fc.assert(
        fc.property(fc.double({ min: 0.01, max: 0.99, noNaN: true }), fc.constantFrom(0, 1), (p, x) => {
          tf.tidy(() => {
            const lp = x === 1 ? Math.log(p) : Math.log1p(-p);
            const h = -(p * Math.log(p) + (1 - p) * Math.log1p(-p));
            const logit = Math.log(p) - Math.log1p(-p);
            for (const d of [Bernoulli({ probs: p }), Bernoulli({ logits: logit })]) {
              expect(closeness(d.logProb(tf.scalar(x)).dataSync(), [lp], 1e-5, 1e-6)).toBeUndefined();
              expect(closeness(d.entropy().dataSync(), [h], 1e-5, 1e-6)).toBeUndefined();
              expect(closeness(d.mean.dataSync(), [p], 1e-5, 1e-6)).toBeUndefined();
              expect(closeness(d.variance.dataSync(), [p * (1 - p)], 1e-5, 1e-6)).toBeUndefined();
            }
          });
        }),
        { numRuns: 25 },
      );
    });

    it('logProb broadcasts the value against the batch shape and rejects values outside {0, 1}', () => {
      tf.tidy(() => {
        const d = Bernoulli([0.1, 0.5, 0.8]);
        expect(d.logProb(tf.tensor([[0, 1, 1], [1, 0, 0]])).shape).toEqual([2, 3]);
        expect(d.logProb(tf.scalar(1)).shape).toEqual([3]);
        expect(() => d.logProb(tf.tensor([0.5, 1, 0]))).toThrow(IgnisError);
      });
    });

    it('sample has shape sampleShape + batchShape (expand keeps the family)', () => {
      fc.assert(
        fc.property(shapeArb(2, 3), shapeArb(2, 3), (sampleShape, batchShape) => {
          tf.tidy(() => {
            const d = Bernoulli(tf.fill(batchShape, 0.3)).expand([2, ...batchShape]);
            expect(d).toBeInstanceOf(BernoulliDist);
            const x = d.sample(prngKey(7), sampleShape);
            expect(x.shape).toEqual([...sampleShape, 2, ...batchShape]);
            expect(d.logProb(x).shape).toEqual([...sampleShape, 2, ...batchShape]);
          });
        }),
        { numRuns: 20 },
      );
    });

    it('draws are [u < p] for the key\'s uniforms (backend-independent) and have no rsample', () => {
      tf.tidy(() => {
        const p = [0.1, 0.5, 0.9];
        const key = prngKey(3);
        const x = Bernoulli({ logits: p.map((q) => Math.log(q / (1 - q))) }).sample(key, [4]);
        const u = uniforms(key, 12);
        expect(Array.from(x.dataSync())).toEqual(Array.from(u, (v, i) => (v < p[i % 3]! ? 1 : 0)));
        expect(Bernoulli(0.5).hasRsample).toBe(false);
        expect(() => Bernoulli(0.5).rsample(key)).toThrow(IgnisError);
      });
    });

    it('frequencies of ones match probs within 5 standard errors', () => {
      tf.tidy(() => {
        const p = [0.02, 0.3, 0.5, 0.97];
        const n = 20000;
        const x = Bernoulli(p).sample(prngKey(11), [n]);
        const freq = tf.mean(x, 0).dataSync();
        p.forEach((q, i) => expect(withinSE(freq[i]!, q, Math.sqrt((q * (1 - q)) / n), `p=${q}`)).toBeUndefined());
      });
    });

    it('leaks no tensors', () => {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const d = Bernoulli({ logits: [0.2, -1] });
        d.logProb(d.sample(prngKey(1), [3]));
        d.entropy();
        void d.variance;
      });
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
