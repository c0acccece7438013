import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { log1p } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

describe('ops/special/log1p', () => {
  describe('log1p', () => {
    onBackends(() => {
      // Tolerance: one float32 rounding (≤ 6e-8 relative). wasm's own kernel is log(1 + x) in
      // float32 and is off by 19% at 1e-7, which this test would catch.
      it('is accurate for tiny and ordinary arguments', () => {
        const x = f32([1e-30, 1e-10, 1e-7, -1e-7, 3e-5, 0.5, -0.5, -0.999, 100, 1e30]);
        expectClose(valuesOf(log1p(tensorOf(x, [x.length]))), x.map(Math.log1p), { rtol: 1e-7 });
        expect(Array.from(valuesOf(log1p(tf.tensor1d([-1, -2, NaN]))))).toEqual([-Infinity, NaN, NaN]);
      });

      it('has gradient 1 / (1 + x)', () => {
        const x = f32([1e-7, 0.5, 3]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(log1p(t)))(tensorOf(x, [3]));
        expectClose(valuesOf(g), x.map((v) => 1 / (1 + v)), { rtol: 1e-6 });
      });

      it('accepts numbers and leaks no tensors', () => {
        expectClose(valuesOf(log1p(1e-8)), [Math.log1p(Math.fround(1e-8))], { rtol: 1e-7 });
        const x = tf.tensor1d([1e-6, 2]);
        expect(tensorDelta(() => log1p(x))).toBe(0);
        expect(tensorDelta(() => log1p(2))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(log1p(t)))(x))).toBe(0);
        x.dispose();
      });
    });
  });
});
