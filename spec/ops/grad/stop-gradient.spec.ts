import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { stopGradient } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { tensorDelta, valuesOf } from '../helpers/numeric.js';

describe('ops/grad/stop-gradient', () => {
  describe('stopGradient', () => {
    onBackends(() => {
      it('passes the value through unchanged', () => {
        const x = tf.tensor2d([[1, -2], [3.5, 4]]);
        const y = stopGradient(x);
        expect(y.shape).toEqual([2, 2]);
        expect(Array.from(valuesOf(y))).toEqual([1, -2, 3.5, 4]);
      });

      it('blocks the gradient: d/dx [x · stop(x)] = x, and of stop(x) alone is 0', () => {
        const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(x, stopGradient(x))))(tf.tensor1d([3, -2]));
        expect(Array.from(valuesOf(g))).toEqual([3, -2]);
        const z = tf.grad((x: tf.Tensor) => tf.sum(tf.add(stopGradient(tf.square(x)), tf.mul(x, 0))))(tf.tensor1d([3]));
        expect(Array.from(valuesOf(z))).toEqual([0]);
      });

      it('leaks no tensors', () => {
        const x = tf.tensor1d([1, 2]);
        expect(tensorDelta(() => stopGradient(x))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(t, stopGradient(t))))(x))).toBe(0);
        x.dispose();
      });
    });
  });
});
