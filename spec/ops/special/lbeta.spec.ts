import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { lbeta } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';
import { digammaRef, lgammaRef, polygammaRef } from '../helpers/special-reference.js';

const lbetaRef = (a: number, b: number): number => lgammaRef(a) + lgammaRef(b) - lgammaRef(a + b);

describe('ops/special/lbeta', () => {
  describe('lbeta', () => {
    onBackends(() => {
      // Tolerance: float64 evaluation rounded once (6e-8); the reference's own cancellation
      // error is ~1e-15·(|lgamma a| + |lgamma b| + |lgamma(a+b)|), covered by the atol.
      it('matches a float64 reference over a grid of (a, b), with broadcasting', () => {
        const a = f32([1e-3, 0.1, 0.5, 1, 2.5, 10, 300]);
        const b = f32([1e-3, 0.7, 1, 3, 50, 1000]);
        const out = valuesOf(lbeta(tensorOf(a, [a.length, 1]), tensorOf(b, [b.length])));
        const ref = Array.from(a).flatMap((x) => Array.from(b).map((y) => lbetaRef(x, y)));
        const scale = Array.from(a).flatMap((x) => Array.from(b).map((y) => Math.abs(lgammaRef(x)) + Math.abs(lgammaRef(y)) + Math.abs(lgammaRef(x + y))));
        ref.forEach((r, i) => expect(Math.abs(out[i]! - r)).toBeLessThanOrEqual(1e-6 * Math.abs(r) + 1e-13 * scale[i]!));
      });

      it('matches closed forms, including large a with small b (no float32 cancellation)', () => {
        expectClose(valuesOf(lbeta(2, 3)), [Math.log(1 / 12)], { rtol: 1e-7 });
        expectClose(valuesOf(lbeta(1, 5)), [Math.log(1 / 5)], { rtol: 1e-7 });
        // B(a, 2) = 1/(a(a+1)): lgamma(1e4) ≈ 8.2e4, so float32 lgamma differences would be off by ~1e-2
        const a = 10000;
        expectClose(valuesOf(lbeta(a, 2)), [-Math.log(a * (a + 1))], { rtol: 1e-7 });
      });

      it('has gradients ψ(a) − ψ(a+b), ψ(b) − ψ(a+b), summed over broadcast dims', () => {
        const a = f32([0.3, 4, 200]);
        const b = f32([0.5, 7]);
        const [ga, gb] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(lbeta(x, y)))([tensorOf(a, [3, 1]), tensorOf(b, [2])]);
        expect(ga!.shape).toEqual([3, 1]);
        expect(gb!.shape).toEqual([2]);
        const refA = Array.from(a).map((x) => Array.from(b).reduce((s, y) => s + digammaRef(x) - digammaRef(x + y), 0));
        const refB = Array.from(b).map((y) => Array.from(a).reduce((s, x) => s + digammaRef(y) - digammaRef(x + y), 0));
        expectClose(valuesOf(ga!), refA, { rtol: 1e-6, atol: 1e-7 });
        expectClose(valuesOf(gb!), refB, { rtol: 1e-6, atol: 1e-7 });
      });

      it('has second derivatives from polygamma', () => {
        const [a, b] = [Math.fround(1.5), Math.fround(2.25)];
        const daa = tf.grad((x: tf.Tensor) => tf.grad((y: tf.Tensor) => lbeta(y, b))(x))(tf.scalar(a));
        expectClose(valuesOf(daa), [polygammaRef(1, a) - polygammaRef(1, a + b)], { rtol: 1e-6 });
        const dab = tf.grad((y: tf.Tensor) => tf.grad((x: tf.Tensor) => lbeta(x, y))(tf.scalar(a)))(tf.scalar(b));
        expectClose(valuesOf(dab), [-polygammaRef(1, a + b)], { rtol: 1e-6 });
      });

      it('leaks no tensors', () => {
        const a = tf.tensor1d([1, 2]);
        expect(tensorDelta(() => lbeta(a, 3))).toBe(0);
        expect(tensorDelta(() => tf.grad((x: tf.Tensor) => tf.sum(lbeta(x, 3)))(a))).toBe(0);
        a.dispose();
      });
    });
  });
});
