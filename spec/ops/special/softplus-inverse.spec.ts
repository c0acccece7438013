import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { softplusInverse } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

/** log(eʸ − 1) by the textbook formula (fine in float64 below 700) or y + log1p(−e⁻ʸ) above 30. */
const ref = (y: number): number => (y > 30 ? y + Math.log1p(-Math.exp(-y)) : Math.log(Math.expm1(y)));

describe('ops/special/softplus-inverse', () => {
  describe('softplusInverse', () => {
    onBackends(() => {
      // Tolerance: float64 evaluation, rounded once (6e-8); 1e-6 relative.
      it('is log(expm1(y)) for tiny to huge y', () => {
        const y: number[] = [];
        for (let i = 0; i <= 80; i++) y.push(10 ** (-8 + i / 8));
        const x = f32(y);
        expectClose(valuesOf(softplusInverse(tensorOf(x, [x.length]))), x.map(ref), { rtol: 1e-6 });
        expect(Array.from(valuesOf(softplusInverse(tf.tensor1d([0, -1, Infinity]))))).toEqual([-Infinity, NaN, Infinity]);
      });

      it('inverts softplus and has gradient 1 / (1 − e^(−y))', () => {
        const y = f32([1e-4, 0.5, Math.log(2), 5, 40]);
        const yt = tensorOf(y, [5]);
        // softplus in float32 (wasm ~1.4 ulp): 1e-5 relative
        expectClose(valuesOf(tf.softplus(softplusInverse(yt))), y, { rtol: 1e-5 });
        expectClose(valuesOf(softplusInverse(Math.log(2))), [0], { atol: 1e-7 });
        const g = tf.grad((t: tf.Tensor) => tf.sum(softplusInverse(t)))(yt);
        expectClose(valuesOf(g), y.map((v) => 1 / -Math.expm1(-v)), { rtol: 1e-6 });
      });

      it('leaks no tensors', () => {
        const y = tf.tensor1d([0.1, 3]);
        expect(tensorDelta(() => softplusInverse(y))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(softplusInverse(t)))(y))).toBe(0);
        y.dispose();
      });
    });
  });
});
