import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { erf, ndtr } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

// References: mpmath (40 digits) `ncdf` and `erf` at the float32-rounded arguments. Tolerance:
// one float32 rounding of a float64 evaluation (≤ 6e-8 relative), asserted at 1e-7. Before the
// float64 ops, Φ(−6) was 0 (½(1 + erf(z/√2)) cancels) and erf(1e-6) was off by 1e-3 relative.
describe('ops/special/ndtr', () => {
  onBackends(() => {
    it('ndtr is Φ to one float32 rounding, from the far lower tail to the upper one', () => {
      const z = f32([-12, -6, -3, -1e-3, 0.5, 2, 6]);
      const ref = [1.776482112077679e-33, 9.86587645037698e-10, 0.0013498980316300946, 0.4996010577671402, 0.6914624612740131, 0.9772498680518208, 0.9999999990134123];
      expectClose(valuesOf(ndtr(tensorOf(z, [z.length]))), ref, { rtol: 1e-7 });
    });

    it('erf is accurate near 0 and in the bulk', () => {
      const x = f32([1e-6, 1e-3, 0.5, 2]);
      const ref = [1.1283791642462529e-6, 0.0011283788445643173, 0.5204998778130465, 0.9953222650189527];
      expectClose(valuesOf(erf(tensorOf(x, [x.length]))), ref, { rtol: 1e-7 });
    });

    it('gradients are φ(z) and 2/√π e^(−x²)', () => {
      const z = f32([-6, -1, 0, 2.5]);
      const gn = tf.grad((t: tf.Tensor) => tf.sum(ndtr(t)))(tensorOf(z, [4]));
      expectClose(valuesOf(gn), z.map((v) => Math.exp(-v * v / 2) / Math.sqrt(2 * Math.PI)), { rtol: 1e-6 });
      const ge = tf.grad((t: tf.Tensor) => tf.sum(erf(t)))(tensorOf(z, [4]));
      expectClose(valuesOf(ge), z.map((v) => (2 / Math.sqrt(Math.PI)) * Math.exp(-v * v)), { rtol: 1e-6, atol: 1e-30 });
    });

    it('accepts numbers and leaks no tensors', () => {
      expectClose(valuesOf(ndtr(0)), [0.5], { rtol: 1e-7 });
      const x = tf.tensor1d([-1, 2]);
      expect(tensorDelta(() => ndtr(x))).toBe(0);
      expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(erf(t)))(x))).toBe(0);
      x.dispose();
    });
  });
});
