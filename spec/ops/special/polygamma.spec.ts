import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { digamma, polygamma, trigamma } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';
import { digammaRef, polygammaRef } from '../helpers/special-reference.js';
import { gammaPoints } from '../helpers/points.js';

/** Trigamma by reflection for negative x (closed form around the reference). */
const trigammaRef = (x: number): number => (x > 0 ? polygammaRef(1, x) : (Math.PI / Math.sin(Math.PI * x)) ** 2 - polygammaRef(1, 1 - x));

describe('ops/special/polygamma', () => {
  onBackends(() => {
    describe('digamma', () => {
      // Tolerance (acceptance): 1e-6 relative; the absolute floor 1e-12 covers the root at
      // 1.4616 where the float64 values (abs. error ~1e-16) are tiny.
      it('matches a float64 reference on (1e-3, 1e3) and near 1 and 2', () => {
        const x = gammaPoints();
        expectClose(valuesOf(digamma(tensorOf(x, [x.length]))), x.map(digammaRef), { rtol: 1e-6, atol: 1e-12 }, 'digamma');
      });

      it('matches closed forms, reflects for negative x, and has the usual poles', () => {
        const g = 0.5772156649015329;
        expectClose(valuesOf(digamma(tf.tensor1d([1, 0.5, 2]))), [-g, -g - 2 * Math.LN2, 1 - g], { rtol: 1e-7 });
        const neg = f32([-0.5, -2.3, -7.7]);
        expectClose(valuesOf(digamma(tensorOf(neg, [3]))), neg.map(digammaRef), { rtol: 1e-6 });
        expect(Array.from(valuesOf(digamma(tf.tensor1d([0, -1, Infinity, NaN]))))).toEqual([-Infinity, NaN, Infinity, NaN]);
      });

      it('has gradient trigamma and second derivative polygamma(2)', () => {
        const x = f32([0.01, 0.7, 1.4616321, 3, 50]);
        const xt = tensorOf(x, [5]);
        expectClose(valuesOf(tf.grad((t: tf.Tensor) => tf.sum(digamma(t)))(xt)), x.map(trigammaRef), { rtol: 1e-6 });
        const h = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((s: tf.Tensor) => tf.sum(digamma(s)))(t)))(xt);
        expectClose(valuesOf(h), x.map((v) => polygammaRef(2, v)), { rtol: 1e-6 });
      });

      // Law on dyadic x; tolerance: float32 roundings of both outputs and of 1/x.
      it('satisfies digamma(x + 1) = digamma(x) + 1/x (property)', () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 1000 * 1024 }), (n) => {
            const x = n / 1024;
            const [a, b] = valuesOf(digamma(tf.tensor1d([x + 1, x])));
            expect(Math.abs(a! - b! - 1 / x)).toBeLessThanOrEqual(2e-7 * (Math.abs(a!) + Math.abs(b!) + 1 / x) + 1e-12);
          }),
          { numRuns: 200 },
        );
      });

      it('leaks no tensors', () => {
        const x = tf.tensor1d([0.5, 3]);
        expect(tensorDelta(() => digamma(x))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(digamma(t)))(x))).toBe(0);
        x.dispose();
      });
    });

    describe('trigamma', () => {
      it('matches a float64 Hurwitz-zeta reference, including negative x and poles', () => {
        const x = f32([...Array.from(gammaPoints()), -0.5, -2.3, -7.7]);
        expectClose(valuesOf(trigamma(tensorOf(x, [x.length]))), x.map(trigammaRef), { rtol: 1e-6 }, 'trigamma');
        expectClose(valuesOf(trigamma(tf.tensor1d([1, 0.5]))), [Math.PI ** 2 / 6, Math.PI ** 2 / 2], { rtol: 1e-7 });
        expect(Array.from(valuesOf(trigamma(tf.tensor1d([0, -3]))))).toEqual([Infinity, Infinity]);
      });
    });

    describe('polygamma', () => {
      it.each([2, 3, 4])('matches ψ⁽ⁿ⁾ = (−1)ⁿ⁺¹ n! ζ(n + 1, x) for n = %i', (n) => {
        const x = f32([1e-3, 0.1, 0.5, 1, 1.5, 2, 7, 33, 500]);
        expectClose(valuesOf(polygamma(n, tensorOf(x, [x.length]))), x.map((v) => polygammaRef(n, v)), { rtol: 1e-6 });
      });

      it('is digamma for n = 0, has gradient polygamma(n + 1), and validates n', () => {
        const x = f32([0.3, 2.5]);
        expectClose(valuesOf(polygamma(0, tensorOf(x, [2]))), x.map(digammaRef), { rtol: 1e-6 });
        const g = tf.grad((t: tf.Tensor) => tf.sum(polygamma(3, t)))(tensorOf(x, [2]));
        expectClose(valuesOf(g), x.map((v) => polygammaRef(4, v)), { rtol: 1e-6 });
        expect(() => polygamma(-1, tf.scalar(1))).toThrow(IgnisError);
        expect(() => polygamma(1.5, tf.scalar(1))).toThrow(/^polygamma: argument 'n' must be a non-negative integer: got 1.5/);
      });
    });
  });
});
