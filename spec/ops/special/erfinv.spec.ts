import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { erfinv, ndtri } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';
import { erfinvRef, ndtriRef } from '../helpers/special-reference.js';

describe('ops/special/erfinv', () => {
  onBackends(() => {
    // Tolerance: float64 evaluation at the float32 input, rounded once (6e-8); 1e-6 relative.
    describe('erfinv', () => {
      it('matches a float64 reference on (−1, 1), including tiny and near-±1 inputs', () => {
        const y: number[] = [1e-30, 1e-8, -1e-4];
        for (let i = 1; i < 200; i++) y.push(-1 + i / 100);
        for (const e of [1e-3, 1e-5, 1e-7]) y.push(1 - e, -1 + e);
        const x = f32(y);
        expectClose(valuesOf(erfinv(tensorOf(x, [x.length]))), x.map(erfinvRef), { rtol: 1e-6 }, 'erfinv');
        expectClose(valuesOf(erfinv(tf.tensor1d([0.5, 0.9]))), [0.4769362762044699, 1.1630871536766743], { rtol: 1e-6 });
        expect(Array.from(valuesOf(erfinv(tf.tensor1d([0, 1, -1, 1.5, NaN]))))).toEqual([0, Infinity, -Infinity, NaN, NaN]);
      });

      it('has gradient (√π / 2) exp(erfinv(y)²) and a second derivative', () => {
        const y = f32([-0.9, 0, 0.3, 0.99]);
        const yt = tensorOf(y, [4]);
        const dRef = y.map((v) => (Math.sqrt(Math.PI) / 2) * Math.exp(erfinvRef(v) ** 2));
        expectClose(valuesOf(tf.grad((t: tf.Tensor) => tf.sum(erfinv(t)))(yt)), dRef, { rtol: 1e-6 });
        // d²/dy² erfinv = 2 x (dx/dy)² with x = erfinv(y)
        const h = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((s: tf.Tensor) => tf.sum(erfinv(s)))(t)))(yt);
        expectClose(valuesOf(h), y.map((v, i) => 2 * erfinvRef(v) * dRef[i]! ** 2), { rtol: 1e-5, atol: 1e-7 });
      });
    });

    describe('ndtri', () => {
      it('matches a float64 reference from 1e-38 to 1 − 6e-8', () => {
        const p: number[] = [];
        for (let i = 0; i <= 120; i++) p.push(10 ** (-38 + (38 * i) / 120) / 2);
        for (let i = 1; i < 100; i++) p.push(i / 100);
        for (const e of [1e-3, 1e-5, 6e-8]) p.push(1 - e);
        const x = f32(p);
        expectClose(valuesOf(ndtri(tensorOf(x, [x.length]))), x.map(ndtriRef), { rtol: 1e-6, atol: 1e-12 }, 'ndtri');
        expectClose(valuesOf(ndtri(0.975)), [1.959963984540054], { rtol: 1e-6 });
        expect(Array.from(valuesOf(ndtri(tf.tensor1d([0.5, 0, 1, -0.1, 2]))))).toEqual([0, -Infinity, Infinity, NaN, NaN]);
      });

      it('has gradient √(2π) exp(ndtri(p)² / 2)', () => {
        const p = f32([1e-6, 0.1, 0.5, 0.97]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(ndtri(t)))(tensorOf(p, [4]));
        expectClose(valuesOf(g), p.map((v) => Math.sqrt(2 * Math.PI) * Math.exp(ndtriRef(v) ** 2 / 2)), { rtol: 1e-6 });
      });

      it('leaks no tensors', () => {
        const p = tf.tensor1d([0.2, 0.7]);
        expect(tensorDelta(() => ndtri(p))).toBe(0);
        expect(tensorDelta(() => erfinv(p))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(ndtri(t)))(p))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.grad((s: tf.Tensor) => tf.sum(erfinv(s)))(t)))(p))).toBe(0);
        p.dispose();
      });
    });
  });
});
