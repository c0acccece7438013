import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lgamma } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';
import { gammaPoints } from '../helpers/points.js';
import { digammaRef, lgammaRef, polygammaRef } from '../helpers/special-reference.js';

describe('ops/special/lgamma', () => {
  describe('lgamma', () => {
    onBackends(() => {
      // Tolerance (acceptance): 1e-6 relative against a float64 reference at the float32 input.
      // The op computes in float64 and rounds once (6e-8), including near the zeros at 1 and 2.
      it('matches a float64 reference on (1e-3, 1e3), near 1 and 2, and for large arguments', () => {
        const x = gammaPoints();
        expectClose(valuesOf(lgamma(tensorOf(x, [x.length]))), x.map(lgammaRef), { rtol: 1e-6 }, 'lgamma');
      });

      it('is exactly 0 at 1 and 2, and matches closed forms at integers and half-integers', () => {
        const ints = [1, 2, 3, 4, 5, 10, 20];
        const fact = (n: number): number => (n <= 1 ? 1 : n * fact(n - 1));
        expectClose(valuesOf(lgamma(tf.tensor1d(ints))), ints.map((n) => Math.log(fact(n - 1))), { rtol: 1e-7 });
        const halves = [0.5, 1.5, 2.5, 5.5];
        const gammaHalf = (x: number): number => (x === 0.5 ? Math.sqrt(Math.PI) : (x - 1) * gammaHalf(x - 1));
        expectClose(valuesOf(lgamma(tf.tensor1d(halves))), halves.map((h) => Math.log(gammaHalf(h))), { rtol: 1e-7 });
      });

      it('handles negative arguments (log |Γ|), poles and NaN', () => {
        const x = f32([-0.5, -1.5, -2.3, -7.7, -0.001]);
        expectClose(valuesOf(lgamma(tensorOf(x, [5]))), x.map(lgammaRef), { rtol: 1e-6 });
        expect(Array.from(valuesOf(lgamma(tf.tensor1d([0, -1, -2, Infinity, NaN]))))).toEqual([Infinity, Infinity, Infinity, Infinity, NaN]);
      });

      // Gradient digamma, second derivative trigamma (each the float64 op rounded once).
      it('has gradient digamma(x) and second derivative trigamma(x)', () => {
        const x = f32([0.01, 0.3, 1, 1.4616321, 2, 7.5, 100, 900]);
        const xt = tensorOf(x, [x.length]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(lgamma(t)))(xt);
        expectClose(valuesOf(g), x.map(digammaRef), { rtol: 1e-6, atol: 1e-7 });
        const h = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((s: tf.Tensor) => tf.sum(lgamma(s)))(t)))(xt);
        expectClose(valuesOf(h), x.map((v) => polygammaRef(1, v)), { rtol: 1e-6 });
      });

      it('accepts numbers and int tensors, keeps shapes, and leaks no tensors', () => {
        expectClose(valuesOf(lgamma(4)), [Math.log(6)], { rtol: 1e-7 });
        expect(lgamma(tf.tensor2d([[1, 2], [3, 4]], [2, 2], 'int32')).shape).toEqual([2, 2]);
        const x = tf.tensor1d([0.5, 3]);
        expect(tensorDelta(() => lgamma(x))).toBe(0);
        expect(tensorDelta(() => lgamma(3))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(lgamma(t)))(x))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.grad((s: tf.Tensor) => tf.sum(lgamma(s)))(t)))(x))).toBe(0);
        x.dispose();
      });

      // Law on dyadic x (so x + 1 is exact in float32); tolerance: three float32 roundings.
      it('satisfies lgamma(x + 1) = lgamma(x) + log x (property)', () => {
        fc.assert(
          fc.property(fc.integer({ min: 1, max: 1000 * 1024 }), (n) => {
            const x = n / 1024;
            const [a, b] = valuesOf(lgamma(tf.tensor1d([x + 1, x])));
            expect(Math.abs(a! - b! - Math.log(x))).toBeLessThanOrEqual(2e-7 * (Math.abs(a!) + Math.abs(b!)) + 1e-7 * Math.abs(Math.log(x)) + 1e-30);
          }),
          { numRuns: 200 },
        );
      });
    });
  });
});
