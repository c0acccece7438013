/**
 * Laws of the relaxed families and their straight-through variants on both backends (the golden
 * log-densities are in golden-wave2.spec.ts): draw and density shapes under random sample and
 * batch shapes (fast-check), expand/toEvent, draws in the support (relaxed: [0, 1] / simplex;
 * straight-through: {0, 1} / one-hot), the density integrating to 1, the Gumbel-max law
 * (P(argmax = k) = p_k; P(y > ½) = p) by Monte Carlo, pathwise gradients against finite
 * differences, straight-through gradients equal to the relaxed ones, the straight-through
 * logProb at the relaxed value, and no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import {
  type Distribution,
  RelaxedBernoulli,
  RelaxedBernoulliStraightThrough,
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
} from '../../../../lib/distributions/index.js';
import { type Key, prngKey } from '../../../../lib/core/key.js';
import { describeBackends } from '../../../helpers/backends.js';
import { shapeArb } from '../../helpers/shapes.js';
import { withinSE } from '../../helpers/monte-carlo.js';

const EPS = 1.1920928955078125e-7;
const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
const logitsOf = (shape: readonly number[]): tf.Tensor => tf.tensor(Array.from({ length: size(shape) }, (_, i) => Math.sin(i + 1) * 2), [...shape]);

/** Each family (relaxed and straight-through) on logits of `batch` (+ [K] for the categorical). */
const FAMILIES = {
  RelaxedBernoulli: { event: 0, make: (t: tf.Tensor | number, logits: tf.Tensor, st: boolean) => (st ? RelaxedBernoulliStraightThrough : RelaxedBernoulli)(t, { logits }) },
  RelaxedOneHotCategorical: {
    event: 1,
    make: (t: tf.Tensor | number, logits: tf.Tensor, st: boolean) => (st ? RelaxedOneHotCategoricalStraightThrough : RelaxedOneHotCategorical)(t, { logits }),
  },
} as const;

describeBackends('relaxed families', () => {
  for (const [name, { event, make }] of Object.entries(FAMILIES)) {
    for (const st of [false, true]) {
      const family = `${name}${st ? 'StraightThrough' : ''}`;

      it(`${family}: rsample has shape sampleShape + batchShape + eventShape, logProb sampleShape + batchShape, in the support (fast-check)`, () => {
        fc.assert(
          fc.property(shapeArb(2, 3), shapeArb(2, 3), fc.integer({ min: 2, max: 4 }), (sampleShape, batch, k) => {
            tf.tidy(() => {
              const d = make(0.7, logitsOf([...batch, ...(event ? [k] : [])]), st);
              const ev = event ? [k] : [];
              expect([d.family, d.batchShape, d.eventShape, d.hasRsample]).toEqual([family, batch, ev, true]);
              const y = d.rsample(prngKey(sampleShape.length + 7 * batch.length), sampleShape);
              expect(y.shape).toEqual([...sampleShape, ...batch, ...ev]);
              expect(d.logProb(y).shape).toEqual([...sampleShape, ...batch]);
              expect(tf.all(d.support.check(y)).dataSync()[0]).toBe(1);
              if (st) {
                // quantized: 0/1 values, one-hot rows
                expect(Array.from(y.dataSync()).every((v) => v === 0 || v === 1)).toBe(true);
                if (event) expect(Array.from(tf.sum(y, -1).dataSync()).every((v) => v === 1)).toBe(true);
              }
            });
          }),
          { numRuns: 15 },
        );
      });

      it(`${family}: expand keeps the family and the density; toEvent sums it; the temperature broadcasts into the batch`, () => {
        tf.tidy(() => {
          const logits = logitsOf(event ? [2, 3] : [2]);
          const d = make(0.5, logits, st);
          const e = d.expand([4, 2]);
          expect([e.family, e.batchShape]).toEqual([family, [4, 2]]);
          const y = d.sample(prngKey(3), [4]);
          expect(Array.from(e.logProb(y).dataSync())).toEqual(Array.from(d.logProb(y).dataSync()));
          expect(d.toEvent(1).logProb(y).dataSync()[0]).toBeCloseTo(tf.sum(d.logProb(y), -1).dataSync()[0]!, 4);
          expect(make(tf.tensor([[0.5], [1], [2]]), logits, st).batchShape).toEqual([3, 2]);
        });
      });

      it(`${family}: the argmax of a draw follows the discrete law (Gumbel-max; 20000 draws, 5 SE)`, () => {
        tf.tidy(() => {
          const logits = event ? tf.tensor([0.5, -1, 1.2]) : tf.tensor([-1.2, 0.4]);
          const probs = (event ? tf.softmax(logits) : tf.sigmoid(logits)).dataSync();
          const y = make(0.8, logits, st).sample(prngKey(11), [20000]);
          const hits = event ? tf.mean(tf.oneHot(tf.argMax(y, -1), 3).toFloat(), 0) : tf.mean(tf.greater(y, 0.5).toFloat(), 0);
          const freq = hits.dataSync();
          probs.forEach((p, i) => expect(withinSE(freq[i]!, p, Math.sqrt((p * (1 - p)) / 20000), `P(${i})`)).toBeUndefined());
        });
      });
    }
  }

  // The densities integrate to 1: in the logit x of y = σ(x), ∫ p(y) dy = ∫ p(σ(x)) σ(x)(1 − σ(x)) dx, by the
  // trapezoid rule on [-15, 15] (12001 points). In x the law is logistic with centre ℓ/T and scale 1/T, so with
  // T ≥ 1 and |ℓ| ≤ 2 the mass outside is < 4e-6 (and float32 σ stays off its clamp at 1 − ε); rule error
  // < 1e-8; float32 sums ~1e-5: bound 1e-4.
  const integral = (logDensityOfY: (y1: tf.Tensor) => tf.Tensor): Float32Array | Int32Array | Uint8Array => {
    const x = tf.reshape(tf.linspace(-15, 15, 12001), [-1, 1]);
    const integrand = tf.exp(tf.add(logDensityOfY(tf.sigmoid(x)), tf.sub(tf.logSigmoid(x), tf.softplus(x))));
    return tf.mul(tf.sum(integrand, 0), 30 / 12000).dataSync();
  };

  it('RelaxedBernoulli: the density integrates to 1 over (0, 1)', () => {
    tf.tidy(() => {
      const d = RelaxedBernoulli(tf.tensor([1, 1.5, 2.5]), { logits: tf.tensor([-1, 0.5, 2]) });
      for (const v of integral((y) => d.logProb(y))) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    });
  });

  it('RelaxedOneHotCategorical (K = 2): the density integrates to 1 along the simplex (w.r.t. the first coordinate: torch’s measure)', () => {
    tf.tidy(() => {
      const d = RelaxedOneHotCategorical(tf.tensor([1, 1.5, 2.5]), { logits: tf.tensor([[0.3, -0.8], [1, -1], [0, 0.7]]) });
      for (const v of integral((y) => d.logProb(tf.stack([y, tf.sub(1, y)], -1)))) expect(Math.abs(v - 1)).toBeLessThan(1e-4);
    });
  });

  for (const [name, { event, make }] of Object.entries(FAMILIES)) {
    it(`${name}: rsample's gradient in the logits matches central finite differences of the same draws (h = 1e-2, float32: atol 2e-3)`, () => {
      const key: Key = prngKey(5);
      const logits = event ? tf.tensor([[0.2, -0.4, 0.9], [1, 0, -1]]) : tf.tensor([-0.5, 0.3, 1.5]);
      const weights = tf.tensor(Array.from({ length: logits.size }, (_, i) => Math.cos(3 * i)), logits.shape);
      const f = (l: tf.Tensor): tf.Scalar => tf.sum<tf.Scalar>(tf.mul(make(1.3, l, false).rsample(key), weights));
      const analytic = tf.grad(f)(logits);
      const a = analytic.dataSync();
      for (let i = 0; i < logits.size; i++) {
        const fd = tf.tidy(() => {
          const bump = tf.reshape(tf.oneHot(i, logits.size).toFloat(), logits.shape);
          return (f(tf.add(logits, tf.mul(bump, 1e-2))).dataSync()[0]! - f(tf.sub(logits, tf.mul(bump, 1e-2))).dataSync()[0]!) / 2e-2;
        });
        expect(Math.abs(a[i]! - fd)).toBeLessThan(2e-3);
      }
      tf.dispose([logits, weights, analytic]);
    });

    it(`${name}StraightThrough: gradients equal the relaxed draw's (clamped to [ε, 1 − ε], as Pyro); logProb of a draw is the relaxed density at its relaxed value`, () => {
      tf.tidy(() => {
        const key: Key = prngKey(9);
        const logits = event ? tf.tensor([[0.2, -0.4, 0.9], [1, 0, -1]]) : tf.tensor([-0.5, 0.3, 1.5]);
        const weights = tf.tensor(Array.from({ length: logits.size }, (_, i) => Math.sin(2 * i + 1)), logits.shape);
        const relaxed = (l: tf.Tensor): tf.Tensor => tf.clipByValue(make(0.6, l, false).rsample(key), EPS, 1 - EPS);
        const gST = tf.grad((l: tf.Tensor) => tf.sum<tf.Scalar>(tf.mul(make(0.6, l, true).rsample(key), weights)))(logits);
        const gRelaxed = tf.grad((l: tf.Tensor) => tf.sum<tf.Scalar>(tf.mul(relaxed(l), weights)))(logits);
        expect(Array.from(gST.dataSync())).toEqual(Array.from(gRelaxed.dataSync()));
        const d: Distribution = make(0.6, logits, true);
        const hard = d.rsample(key);
        expect(Array.from(hard.dataSync())).not.toEqual(Array.from(relaxed(logits).dataSync()));
        expect(Array.from(d.logProb(hard).dataSync())).toEqual(Array.from(make(0.6, logits, false).logProb(relaxed(logits)).dataSync()));
        const drawn = d.sample(key);
        expect(Array.from(d.logProb(drawn).dataSync())).toEqual(Array.from(d.logProb(hard).dataSync()));
        // a draw kept out of the tidy that made it has lost its relaxed value: the density at the draw itself
        const kept = tf.tidy(() => d.rsample(key));
        expect(Array.from(d.logProb(kept).dataSync())).toEqual(Array.from(make(0.6, logits, false).logProb(tf.clone(kept)).dataSync()));
      });
    });
  }

  it('validation: a non-positive temperature, probs outside [0, 1], no leaks', () => {
    const before = tf.memory().numTensors;
    expect(() => tf.tidy(() => void RelaxedBernoulli(0, [0.5]))).toThrow("'temperature'");
    expect(() => tf.tidy(() => void RelaxedOneHotCategorical(-1, [0.5, 0.5]))).toThrow("'temperature'");
    expect(() => tf.tidy(() => void RelaxedBernoulliStraightThrough(1, [1.5]))).toThrow("'probs'");
    tf.tidy(() => {
      const d = RelaxedOneHotCategoricalStraightThrough(0.5, [0.2, 0.8]);
      d.logProb(d.rsample(prngKey(1), [3]));
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
