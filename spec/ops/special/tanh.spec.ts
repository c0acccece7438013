/**
 * The fused `tanh`: values against float64 `Math.tanh` (rtol 1e-6: the approximation's 2.6e-7
 * plus one float32 rounding; atol 1e-7 near 0), gradients against `1 − tanh²`, the second
 * derivative against `−2 tanh (1 − tanh²)` through the reference path, on both backends.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { tanh } from '../../../lib/ops/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const POINTS = [-12, -7.9, -3, -1, -0.3, -1e-3, -1e-5, 0, 2e-4, 5e-4, 0.1, 0.7, 1.5, 4, 9, 30];

describeBackends('ops/special/tanh', () => {
  it('matches float64 tanh within 1e-6 relative, exactly odd, saturating', () => {
    tf.tidy(() => {
      const y = tanh(tf.tensor(POINTS)).dataSync();
      expect(closeness(y, POINTS.map(Math.tanh), 1e-6, 1e-7)).toBeUndefined();
      expect(Array.from(tanh(tf.tensor(POINTS.map((x) => -x))).dataSync())).toEqual(Array.from(y, (v) => -v));
    });
  });

  it('has the gradient 1 − tanh²', () => {
    tf.tidy(() => {
      const g = tf.grad((x: tf.Tensor) => tf.sum(tanh(x)))(tf.tensor(POINTS)).dataSync();
      expect(closeness(g, POINTS.map((x) => 1 - Math.tanh(x) ** 2), 1e-5, 1e-6)).toBeUndefined();
    });
  });

  it('has the second derivative −2 tanh (1 − tanh²) (reference path)', () => {
    tf.tidy(() => {
      const xs = [-1, -0.3, 0.2, 1.5];
      const h = tf.grad((x: tf.Tensor) => tf.sum(tf.grad((y: tf.Tensor) => tf.sum(tanh(y)))(x)))(tf.tensor(xs)).dataSync();
      expect(closeness(h, xs.map((x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2)), 1e-4, 1e-6)).toBeUndefined();
    });
  });

  it('leaks no tensor', () => {
    const x = tf.tensor(POINTS);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(tanh(v)))(x));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
