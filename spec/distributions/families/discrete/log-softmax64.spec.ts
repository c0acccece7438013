/**
 * logSoftmax64: values against float64 (mpmath for the dominant-category row: log1p keeps
 * −9.36e-14, float32's log Σ exp made it 0), rows independent, gradient `dy − softmax Σ dy`
 * against float64 central differences of `Σ w · logSoftmax` (rtol 1e-5: float32 results),
 * no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { logSoftmax64 } from '../../../../lib/distributions/families/discrete/log-softmax64.js';
import { describeBackends } from '../../../helpers/backends.js';
import { expectClose, fdGradient, tensorDelta } from '../../../ops/helpers/numeric.js';

/** `Σ_j w_j (x_j − log Σ_k e^{x_k})` in float64, one row. */
const weighted = (w: readonly number[]) => (x: Float64Array): number => {
  const m = Math.max(...x);
  const lse = m + Math.log(x.reduce((s, v) => s + Math.exp(v - m), 0));
  return x.reduce((s, v, j) => s + w[j]! * (v - lse), 0);
};

describeBackends('distributions/families/discrete/log-softmax64', () => {
  it('keeps a dominant category’s tiny log-mass and normalizes each row on its own', () => {
    tf.tidy(() => {
      const out = logSoftmax64(tf.tensor([[0, 30, -30], [0, 0.5, 1]])).dataSync();
      // mpmath, 50 digits: [−30, −9.357622968840613e-14, −60] and log-softmax([0, ½, 1]).
      expectClose(out, [-30.000000000000092, -9.357622968840613e-14, -60.00000000000009, -1.6802696706417346, -1.1802696706417346, -0.6802696706417346], { rtol: 1e-7 });
    });
  });

  it('gradient is dy − softmax(x) Σ dy', () => {
    const x = [0.3, -1.2, 2, 0.1];
    const w = [1, -2, 0.5, 3];
    const g = tf.tidy(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(logSoftmax64(t), tf.tensor(w))))(tf.tensor(x)).dataSync());
    expectClose(g, fdGradient(weighted(w), Float64Array.from(x.map(Math.fround))), { rtol: 1e-5, atol: 1e-6 });
  });

  it('leaks no tensors', () => {
    const x = tf.tensor([[1, 2, 3]]);
    expect(tensorDelta(() => logSoftmax64(x))).toBe(0);
    expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(logSoftmax64(t)))(x))).toBe(0);
    x.dispose();
  });
});
