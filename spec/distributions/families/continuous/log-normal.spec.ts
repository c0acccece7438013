/**
 * The fused elementwise op behind `LogNormal.logProb`: same values and gradients as the
 * tfjs-op reference formula, exact second derivatives (the higher-order path), broadcasting,
 * kernel count and memory.
 *
 * Tolerances: rtol 1e-5, atol 1e-6 against the float32 reference chain (the fused op computes
 * in float64 and rounds once, so the difference is the reference's own float32 error of a few
 * ulps per kernel, up to ~9 kernels, plus wasm's 1–3 ulp transcendentals).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { LogNormal, logNormalLogDensity } from '../../../../lib/distributions/index.js';
import { describeBackends } from '../../../helpers/backends.js';
import { closeness } from '../../../helpers/golden.js';

const expectClose = (actual: tf.Tensor, expected: tf.Tensor): void => {
  expect(actual.shape).toEqual(expected.shape);
  expect(closeness(actual.dataSync(), Array.from(expected.dataSync()), 1e-5, 1e-6)).toBeUndefined();
};

describeBackends('distributions/families/continuous/log-normal (the fused LogNormal.logProb)', () => {
  const x = (): tf.Tensor => tf.tensor([[0.3, 1.2, 4], [2.5, 0.05, 1]]);
  const loc = (): tf.Tensor => tf.tensor([0, -0.5, 1]);
  const scale = (): tf.Tensor => tf.tensor([[0.7], [1.8]]);

  it('matches the tfjs-op reference in value, with broadcast inputs', () => {
    tf.tidy(() => {
      expectClose(LogNormal(loc(), scale()).logProb(x()), logNormalLogDensity(x(), loc(), scale()));
    });
  });

  it('has the reference gradients, summed back to each input shape', () => {
    tf.tidy(() => {
      const w = tf.tensor([[1, -2, 0.5], [3, 1, -1]]);
      const fused = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(w, LogNormal(b, c).logProb(a))))([x(), loc(), scale()]);
      const reference = tf.grads((a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) => tf.sum(tf.mul(w, logNormalLogDensity(a, b, c))))([x(), loc(), scale()]);
      fused.forEach((g, j) => expectClose(g, reference[j]!));
    });
  });

  it('has exact second derivatives (higher-order gradients go through the reference formula)', () => {
    tf.tidy(() => {
      const hessianDiagonal = (f: (t: tf.Tensor) => tf.Tensor, at: tf.Tensor): tf.Tensor =>
        tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(f(u)))(t)))(at);
      const [l, s] = [loc(), scale()];
      expectClose(
        hessianDiagonal((v) => LogNormal(l, s).logProb(v), x()),
        hessianDiagonal((v) => logNormalLogDensity(v, l, s), x()),
      );
      expectClose(
        hessianDiagonal((v) => LogNormal(l, v).logProb(x()), s),
        hessianDiagonal((v) => logNormalLogDensity(x(), l, v), s),
      );
    });
  });

  it('is one kernel forward (the support check runs in JavaScript)', async () => {
    const [a, b, c] = [x(), loc(), scale()];
    const d = LogNormal(b, c);
    const info = await tf.profile(() => d.logProb(a));
    expect(info.kernels.length).toBe(1);
    tf.dispose([a, b, c, info.result]);
  });

  it('rejects values outside the support when validation is on', () => {
    tf.tidy(() => {
      expect(() => LogNormal(0, 1).logProb(tf.tensor([1, 0]))).toThrow(/LogNormal.logProb: argument 'value' must be in the support positive/);
    });
  });

  it('leaks no tensors through first- and second-order gradients', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const [l, s] = [loc(), scale()];
      tf.grad((t: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(LogNormal(l, s).logProb(u)))(t)))(x());
      tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(LogNormal(a, b).logProb(x())))([l, s]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
