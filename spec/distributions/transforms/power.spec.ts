/**
 * `PowerTransform` (Pyro's), on both backends, with fast-check:
 * - round trip `inverse(forward(x)) = x` on x ∈ [0.05, 20], exponents e ∈ ±[0.2, 4]: rtol
 *   1e-5 (float32 `pow` twice; the inverse amplifies the rounding of `y` by |1/e| ≤ 5);
 * - `forward` equals the float64 `x^e` within rtol 2e-6 (float32 `pow` of float32 inputs, ~1e-7
 *   relative times |e log x| ≤ 12);
 * - `logAbsDetJacobian(x, y)` equals `log|d(x^e)/dx|` by float64 central differences within
 *   atol 2e-6 (float32 log of a ratio of float32 values);
 * - the gradient reaching the exponent, `∂y/∂e = y log x`, equals the float64 central
 *   difference within rtol 1e-4 (the float32 gradient's rounding, amplified by log x);
 * and metadata: positive domain and codomain, `sign(e)` (a tensor), broadcast shapes, its use
 * in a `TransformedDistribution` (decreasing chains flip the cdf), and no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { Exponential, TransformedDistribution, transforms as T } from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const f32 = (min: number, max: number): fc.Arbitrary<number> => fc.float({ min: Math.fround(min), max: Math.fround(max), noNaN: true });
const exponent = fc.tuple(f32(0.2, 4), fc.boolean()).map(([e, negative]) => Math.fround(negative ? -e : e));

describeBackends('transforms/PowerTransform', () => {
  it('round trip, forward, log|det J| and the exponent gradient agree with float64 references', () => {
    fc.assert(
      fc.property(fc.array(f32(0.05, 20), { minLength: 1, maxLength: 6 }), exponent, (xs, e) => {
        tf.tidy(() => {
          const t = T.PowerTransform(e);
          const x = tf.tensor(xs);
          const y = t.forward(x);
          expect(closeness(y.dataSync(), xs.map((v) => v ** e), 2e-6, 0), 'forward').toBeUndefined();
          expect(closeness(t.inverse(y).dataSync(), xs, 1e-5, 0), 'round trip').toBeUndefined();
          const fdLogDet = xs.map((v) => {
            const h = 1e-6 * v;
            return Math.log(Math.abs(((v + h) ** e - (v - h) ** e) / (2 * h)));
          });
          expect(closeness(t.logAbsDetJacobian(x, y).dataSync(), fdLogDet, 0, 2e-6), 'log|det J|').toBeUndefined();
          const grad = tf.grad((k: tf.Tensor) => tf.sum(T.PowerTransform(k).forward(x)))(tf.scalar(e)).dataSync()[0]!;
          const h = 1e-6;
          const fd = xs.reduce((s, v) => s + (v ** (e + h) - v ** (e - h)) / (2 * h), 0);
          expect(Math.abs(grad - fd), `∂/∂e: ${grad} vs ${fd}`).toBeLessThanOrEqual(1e-4 * xs.reduce((s, v) => s + Math.abs(v ** e * Math.log(v)), 0) + 1e-6);
        });
      }),
      { numRuns: 40, seed: 11 },
    );
  });

  it('metadata: positive domain and codomain, sign(e) as a tensor, broadcast shapes, Pyro name', () => {
    tf.tidy(() => {
      const t = T.PowerTransform([2, -0.5]);
      expect([t.name, t.domain.name, t.codomain.name, t.domainEventDim, t.codomainEventDim, t.bijective]).toEqual([
        'PowerTransform',
        'positive',
        'positive',
        0,
        0,
        true,
      ]);
      expect(Array.from(t.sign.dataSync())).toEqual([1, -1]);
      expect(t.forwardShape([3, 1])).toEqual([3, 2]);
      expect(t.inverseShape([2])).toEqual([2]);
      expect(String(t)).toBe('PowerTransform()');
    });
  });

  it('in a TransformedDistribution: Exponential(1)^(1/k) has the Weibull(1, k) cdf; a negative exponent flips it', () => {
    tf.tidy(() => {
      const k = 2.5;
      const x = [0.3, 1, 1.8];
      const weibull = TransformedDistribution(Exponential(1), [T.PowerTransform(1 / k)]);
      expect(closeness(weibull.cdf(tf.tensor(x)).dataSync(), x.map((v) => -Math.expm1(-(v ** k))), 1e-5, 1e-7)).toBeUndefined();
      const inverse = TransformedDistribution(Exponential(1), [T.PowerTransform(-1)]);
      // Y = 1/E: P(Y ≤ y) = P(E ≥ 1/y) = exp(−1/y)
      expect(closeness(inverse.cdf(tf.tensor(x)).dataSync(), x.map((v) => Math.exp(-1 / v)), 1e-5, 1e-7)).toBeUndefined();
    });
  });

  it('leaks no tensors', () => {
    const t = T.PowerTransform(tf.tensor([0.5, 2]));
    const x = tf.tensor([1.5, 3]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const y = t.forward(x);
      t.inverse(y);
      t.logAbsDetJacobian(x, y);
      void t.sign;
    });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([t.exponent, x]);
  });
});
