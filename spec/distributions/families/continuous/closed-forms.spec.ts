/**
 * Closed forms of the continuous families beyond the golden file: Laplace and InverseGamma
 * (no golden case), `icdf` (no golden field) by round trip through the golden-checked `cdf`,
 * `logProb` on the boundary of `nonnegative` and `unitInterval` supports, and the behaviour of
 * out-of-support values with validation on and off.
 *
 * References are float64 JavaScript formulas (spec/distributions/helpers/incomplete-gamma.ts
 * for `log Γ`); tolerance rtol 1e-5, atol 1e-6 for elementwise float32 results (a few ulps
 * plus wasm's 1–3 ulp transcendentals, notes/tfjs-facts.md §6); round trips rtol 1e-4, since
 * `icdf ∘ cdf` compounds two float32 functions and `cdf` is flat in the tails (the condition
 * number `q / (x p(x))` reaches ~10 at the points used).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../../lib/core/errors.js';
import {
  Beta,
  Cauchy,
  type Distribution,
  Exponential,
  Gamma,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  Laplace,
  LogNormal,
  Uniform,
  setValidation,
} from '../../../../lib/distributions/index.js';
import { digamma64 } from '../../../../lib/ops/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';
import { logGamma64 } from '../../helpers/incomplete-gamma.js';

const expectClose = (actual: tf.Tensor, expected: readonly number[], rtol = 1e-5, atol = 1e-6): void => {
  expect(closeness(actual.dataSync(), expected, rtol, atol)).toBeUndefined();
};

const t = (x: readonly number[]): tf.Tensor => tf.tensor(x);

const zip3 = <T>(a: readonly number[], b: readonly number[], c: readonly number[], f: (x: number, y: number, z: number) => T): T[] =>
  a.map((x, i) => f(x, b[i]!, c[i]!));

describeBackends('distributions/continuous closed forms', () => {
  it('Laplace: logProb, moments, entropy, cdf, icdf match the closed forms', () => {
    tf.tidy(() => {
      const [loc, scale, x, q] = [[0, 1, -2], [1, 0.5, 3], [0.3, 1.2, -7], [0.1, 0.5, 0.95]];
      const d = Laplace(t(loc), t(scale));
      expectClose(d.logProb(t(x)), zip3(loc, scale, x, (m, b, v) => -Math.abs(v - m) / b - Math.log(2 * b)));
      expectClose(d.mean, loc);
      expectClose(d.variance, scale.map((b) => 2 * b * b));
      expectClose(d.stddev, scale.map((b) => Math.SQRT2 * b));
      expectClose(d.entropy(), scale.map((b) => 1 + Math.log(2 * b)));
      const cdf = (m: number, b: number, v: number): number => (v < m ? 0.5 * Math.exp((v - m) / b) : 1 - 0.5 * Math.exp(-(v - m) / b));
      expectClose(d.cdf(t(x)), zip3(loc, scale, x, cdf));
      const icdf = (m: number, b: number, p: number): number => (p < 0.5 ? m + b * Math.log(2 * p) : m - b * Math.log(2 - 2 * p));
      expectClose(d.icdf(t(q)), zip3(loc, scale, q, icdf));
    });
  });

  it('InverseGamma: logProb, moments, entropy match the closed forms', () => {
    tf.tidy(() => {
      const [alpha, beta, x] = [[0.5, 1.5, 3, 6], [1, 2, 0.5, 4], [0.3, 1.7, 0.2, 0.9]];
      const d = InverseGamma(t(alpha), t(beta));
      const logProb = (a: number, b: number, v: number): number => a * Math.log(b) - logGamma64(a) - (a + 1) * Math.log(v) - b / v;
      expectClose(d.logProb(t(x)), zip3(alpha, beta, x, logProb));
      const mean = alpha.map((a, i) => (a > 1 ? beta[i]! / (a - 1) : Infinity));
      const variance = alpha.map((a, i) => (a > 2 ? beta[i]! ** 2 / ((a - 1) ** 2 * (a - 2)) : Infinity));
      expectClose(d.mean, mean);
      expectClose(d.variance, variance);
      expectClose(d.stddev, variance.map(Math.sqrt));
      const entropy = alpha.map((a, i) => a + Math.log(beta[i]!) + logGamma64(a) - (1 + a) * digamma64(a));
      expectClose(d.entropy(), entropy);
      expect(() => d.cdf(t([1, 1, 1, 1]))).toThrow(/InverseGamma has no cdf/);
    });
  });

  it('icdf inverts the golden-checked cdf for every family that has both', () => {
    tf.tidy(() => {
      const q = t([0.05, 0.3, 0.5, 0.8, 0.97]);
      const families: readonly Distribution[] = [
        LogNormal(0.5, 0.7),
        HalfNormal(1.5),
        HalfCauchy(2),
        Cauchy(-1, 0.5),
        Laplace(1, 2),
        Exponential(3),
        Uniform(-1, 3),
      ];
      for (const d of families) {
        expect(closeness(d.cdf(d.icdf(q)).dataSync(), [0.05, 0.3, 0.5, 0.8, 0.97], 1e-4, 1e-6), d.family).toBeUndefined();
      }
    });
  });

  it('logProb at 0 on nonnegative supports and at the ends of the unit interval matches Pyro (xlogy at 0)', () => {
    tf.tidy(() => {
      const zero = tf.scalar(0);
      expectClose(Gamma(1, 2).logProb(zero), [Math.log(2)]);
      expectClose(Gamma(0.5, 1).logProb(zero), [Infinity]);
      expectClose(Gamma(2, 1).logProb(zero), [-Infinity]);
      expectClose(Exponential(3).logProb(zero), [Math.log(3)]);
      expectClose(HalfNormal(2).logProb(zero), [Math.log(2) - Math.log(2) - 0.5 * Math.log(2 * Math.PI)]);
      expectClose(HalfCauchy(2).logProb(zero), [-Math.log(Math.PI)]);
      expectClose(Beta(1, 3).logProb(t([0, 1])), [Math.log(3), -Infinity]);
      expectClose(Beta(2, 1).logProb(t([0, 1])), [-Infinity, Math.log(2)]);
    });
  });

  it('positive supports reject 0 and nonnegative ones accept it, and the two are told apart by name and kind', () => {
    tf.tidy(() => {
      for (const d of [LogNormal(0, 1), InverseGamma(2, 1)]) {
        expect(() => d.logProb(tf.scalar(0)), d.family).toThrow(/argument 'value' must be in the support positive/);
        expect(d.support.kind).toBe('greaterThan');
      }
      for (const d of [Gamma(2, 1), Exponential(1), HalfNormal(1), HalfCauchy(1)]) {
        expect(d.support.name).toBe('nonnegative');
        expect(d.support.kind).toBe('greaterThanEq');
        expect(() => d.logProb(tf.scalar(-0.1)), d.family).toThrow(IgnisError);
      }
    });
  });

  it('Uniform: support interval(low, high) with the parameter tensors; logProb(high) = −∞ as in Pyro', () => {
    tf.tidy(() => {
      const [low, high] = [t([0, -1]), t([1, 1])];
      const d = Uniform(low, high);
      expect(d.support.kind).toBe('interval');
      expect(d.support.lowerBound).toBe(low);
      expect(d.support.upperBound).toBe(high);
      expectClose(d.logProb(t([1, -1])), [-Infinity, -Math.log(2)]);
      expect(() => d.logProb(t([1.5, 0]))).toThrow(/argument 'value' must be in the support interval/);
    });
  });

  it('with validation off, values below 0 have log-density −∞ (half-distributions, Uniform) instead of raising', () => {
    const previous = setValidation(false);
    try {
      tf.tidy(() => {
        expectClose(HalfNormal(1).logProb(t([-1, 1])), [-Infinity, -0.5 + Math.log(2) - 0.5 * Math.log(2 * Math.PI)]);
        expectClose(HalfCauchy(1).logProb(t([-1, 0])), [-Infinity, -Math.log(Math.PI / 2)]);
        expectClose(Uniform(0, 2).logProb(t([-1, 1, 2, 3])), [-Infinity, -Math.log(2), -Infinity, -Infinity]);
      });
    } finally {
      setValidation(previous);
    }
  });
});
