/**
 * `logBesselI0` and `besselI1OverI0` (and their float64 kernels) against reference values, and
 * their gradients against finite differences, on both backends.
 *
 * References: SciPy 1.17 in float64, `log(i0e(|x|)) + |x|` and `i1e(x)/i0e(x)`, at the float32
 * inputs below (at x = 1e-8 the SciPy log loses the value, so the series' first term `x²/4`
 * is used). Tolerances: the kernels rtol 1e-13 (float64 series, ~1e-15 measured); the ops
 * rtol 2e-7 (one float32 rounding of the float64 result); gradients rtol 1e-6 against float64
 * central differences of the kernels (the analytic derivatives `I₁/I₀`, `1 − r/x − r²` and the
 * second derivative, rounded once to float32).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { besselI1OverI0, besselI1OverI0_64, logBesselI0, logBesselI0_64 } from '../../../lib/ops/index.js';
import { besselRatioDerivative64 } from '../../../lib/ops/special/bessel64.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, f32, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

const X = f32([1e-8, 0.1, 0.5, 1, 3.75, 10, 29.9, 30.1, 100, 700, -2.5]);
const LOG_I0 = [
  Math.fround(1e-8) ** 2 / 4, 0.002498439308289163, 0.06154971918548119, 0.23591435850717868, 2.210354211972019, 7.942972083118695,
  27.28638493551968, 27.483023584029723, 96.77973268994258, 695.8056999984434, 1.1908386711960282,
];
const RATIO = [
  4.999999969612645e-9, 0.049937604730210756, 0.24249961258080202, 0.4463899658965346, 0.8531704594530685, 0.9485998259548459,
  0.9831328330486977, 0.9832458973679173, 0.9949873730051687, 0.9992854588184262, -0.7649967475888098,
];

/** Float64 central difference of `f` at `x`. */
const fd = (f: (x: number) => number, x: number): number => {
  const h = 1e-5 * Math.max(1, Math.abs(x));
  return (f(x + h) - f(x - h)) / (2 * h);
};

describe('ops/special/bessel', () => {
  it('float64 kernels: log I₀ and I₁/I₀ on both sides of the series/asymptotic switch (x = 30)', () => {
    expectClose(Array.from(X, logBesselI0_64), LOG_I0, { rtol: 1e-13 }, 'log I0');
    expectClose(Array.from(X, besselI1OverI0_64), RATIO, { rtol: 1e-13 }, 'I1/I0');
    expect([logBesselI0_64(0), besselI1OverI0_64(0), besselRatioDerivative64(0)]).toEqual([0, 0, 0.5]);
    expect([logBesselI0_64(Infinity), besselI1OverI0_64(-Infinity)]).toEqual([Infinity, -1]);
  });

  it('float64 kernels: d log I₀/dx = I₁/I₀ and d(I₁/I₀)/dx = 1 − r/x − r², by central differences', () => {
    for (const x of X.filter((v) => Math.abs(v) > 1e-3)) {
      expect(Math.abs(besselI1OverI0_64(x) - fd(logBesselI0_64, x)), `x=${x}`).toBeLessThan(1e-8);
      expect(Math.abs(besselRatioDerivative64(x) - fd(besselI1OverI0_64, x)), `x=${x}`).toBeLessThan(1e-8);
    }
  });

  onBackends(() => {
    it('logBesselI0 and besselI1OverI0: values within one float32 rounding', () => {
      const x = tensorOf(X, [X.length]);
      expectClose(valuesOf(logBesselI0(x)), LOG_I0, { rtol: 2e-7 }, 'log I0');
      expectClose(valuesOf(besselI1OverI0(x)), RATIO, { rtol: 2e-7 }, 'I1/I0');
    });

    it('gradients of the first and second order match the float64 derivatives', () => {
      const points = f32([0.1, 1, 3.75, 10, 40, -2.5]);
      const x = tensorOf(points, [points.length]);
      const first = tf.grad((t: tf.Tensor) => tf.sum(logBesselI0(t)))(x);
      expectClose(valuesOf(first), Array.from(points, besselI1OverI0_64), { rtol: 1e-6 }, 'd log I0');
      const second = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(logBesselI0(u)))(t)))(x);
      expectClose(valuesOf(second), Array.from(points, besselRatioDerivative64), { rtol: 1e-6 }, 'd² log I0');
      const third = tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(besselI1OverI0(u)))(t)))(x);
      expectClose(valuesOf(third), Array.from(points, (v) => fd(besselRatioDerivative64, v)), { rtol: 1e-5, atol: 1e-7 }, 'd² (I1/I0)');
    });

    it('accept numbers and leak no tensors', () => {
      expectClose(valuesOf(logBesselI0(1)), [LOG_I0[3]!], { rtol: 2e-7 });
      const x = tf.tensor1d([0.5, 20]);
      expect(tensorDelta(() => logBesselI0(x))).toBe(0);
      expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(logBesselI0(t)))(x))).toBe(0);
      x.dispose();
    });
  });
});
