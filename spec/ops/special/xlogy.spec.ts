import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { xdivy, xlogy } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, gradCheck, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

describe('ops/special/xlogy', () => {
  onBackends(() => {
    describe('xlogy', () => {
      it('is x log y, with 0 wherever x = 0 (even y = 0 or ∞) and NaN propagating from y', () => {
        const out = valuesOf(xlogy(tf.tensor1d([0, 0, 0, 2, 3, 0]), tf.tensor1d([0, 5, Infinity, Math.E, 0, NaN])));
        expect(Array.from(out.subarray(0, 3))).toEqual([0, 0, 0]);
        expectClose([out[3]!], [2 * Math.log(Math.fround(Math.E))], { rtol: 1e-7 });
        expect([out[4], out[5]]).toEqual([-Infinity, NaN]);
      });

      // Tolerance: float64 op rounded once vs float64 finite differences of the twin.
      it('broadcasts and has the gradients (log y, x / y) away from x = 0', () => {
        const x = f32([0.5, 2, 7]);
        const y = f32([0.25, 3]);
        const ref = (a: Float64Array, b: Float64Array) => Array.from(a).flatMap((u) => Array.from(b).map((v) => u * Math.log(v)));
        expectClose(valuesOf(xlogy(tensorOf(x, [3, 1]), tensorOf(y, [2]))), ref(x, y), { rtol: 1e-7 });
        const { got, want, scale } = gradCheck([{ values: x, shape: [3, 1] }, { values: y, shape: [2] }], (a, b) => xlogy(a, b), (a, b) => ref(a, b), 4);
        got.forEach((g, i) => expectClose(g, want[i]!, { rtol: 1e-6, atol: 1e-7 * scale }, `input ${i}`));
      });

      // Convention of TF and PyTorch: ∂x = xlogy(x ≠ 0, y), ∂y = xdivy(x, y) — both 0 at x = 0.
      it('has finite zero gradients at x = 0 (even y = 0), and d²/dy² = −x/y²', () => {
        const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(xlogy(a, b)))([tf.tensor1d([0, 0, 1]), tf.tensor1d([0, 2, 2])]);
        expectClose(valuesOf(gx!), [0, 0, Math.log(2)], { rtol: 1e-7 });
        expectClose(valuesOf(gy!), [0, 0, 0.5], { rtol: 1e-7 });
        const h = tf.grad((b: tf.Tensor) => tf.sum(tf.grad((c: tf.Tensor) => tf.sum(xlogy(tf.tensor1d([3, 0]), c)))(b)))(tf.tensor1d([2, 2]));
        expectClose(valuesOf(h), [-3 / 4, 0], { rtol: 1e-7 });
      });

      it('leaks no tensors', () => {
        const x = tf.tensor1d([0, 1]);
        expect(tensorDelta(() => xlogy(x, 2))).toBe(0);
        expect(tensorDelta(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(xlogy(a, b)))([x, x]))).toBe(0);
        x.dispose();
      });
    });

    describe('xdivy', () => {
      it('is x / y with 0 wherever x = 0, and has gradients (1/y, −x/y²)', () => {
        expect(Array.from(valuesOf(xdivy(tf.tensor1d([0, 0, 1, 3]), tf.tensor1d([0, 5, 4, 0]))))).toEqual([0, 0, 0.25, Infinity]);
        const [gx, gy] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(xdivy(a, b)))([tf.tensor1d([0, 2]), tf.tensor1d([0, 4])]);
        expectClose(valuesOf(gx!), [0, 0.25], {});
        expectClose(valuesOf(gy!), [0, -0.125], {});
      });
    });
  });
});
