import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { float64Sum, float64SumKeeping } from '../../lib/core/float64-sum.js';
import { describeBackends } from '../helpers/backends.js';
import { ROWS, longData, relativeError } from '../helpers/long-sums.js';

describeBackends('core/float64-sum', () => {
  it('float64Sum of 10⁶ float32 values is within 1e-7 relative of their float64 sum', () => {
    const data = longData();
    let expected = 0;
    for (const v of data) expected += v;
    const x = tf.tensor1d(data);
    const value = tf.tidy(() => float64Sum([x]).dataSync()[0]!);
    expect(relativeError(value, expected)).toBeLessThan(1e-7);
    x.dispose();
  });

  it('float64Sum of several tensors equals their total (of none, 0); its gradient is ones', () => {
    tf.tidy(() => {
      const parts = [tf.tensor1d([1, 2]), tf.scalar(3.5), tf.tensor2d([[1, -1]])];
      expect(float64Sum(parts).dataSync()[0]).toBe(6.5);
      expect(float64Sum([]).dataSync()[0]).toBe(0);
      const { grads } = tf.engine().gradients(() => float64Sum(parts), parts);
      expect(grads.map((g) => Array.from(g.dataSync()))).toEqual([[1, 1], [1], [1, 1]]);
    });
  });

  it('float64SumKeeping keeps one axis (values and gradient as tf.sum over the others), in float64', () => {
    tf.tidy(() => {
      const t = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [2, 3, 2]);
      for (const axis of [0, 1, 2, -1]) {
        const others = [0, 1, 2].filter((a) => a !== (axis + 3) % 3);
        const weights = tf.tensor1d(Array.from({ length: t.shape[(axis + 3) % 3]! }, (_, k) => k + 1));
        const f = (x: tf.Tensor) => tf.sum(tf.mul(float64SumKeeping(x, axis), weights));
        const reference = (x: tf.Tensor) => tf.sum(tf.mul(tf.sum(x, others), weights));
        expect(Array.from(float64SumKeeping(t, axis).dataSync())).toEqual(Array.from(tf.sum(t, others).dataSync()));
        expect(Array.from(tf.grad(f)(t).dataSync())).toEqual(Array.from(tf.grad(reference)(t).dataSync()));
      }
    });
  });

  it('float64SumKeeping over [2, 10⁶] rows is within 1e-7 relative of float64 sums', () => {
    const data = longData();
    const expected = data.reduce((s, v) => s + v, 0);
    const both = new Float32Array(2 * ROWS);
    both.set(data);
    both.set(data.map((v) => -v), ROWS);
    const x = tf.tensor2d(both, [2, ROWS]);
    const [a, b] = tf.tidy(() => Array.from(float64SumKeeping(x, 0).dataSync()));
    expect(relativeError(a!, expected)).toBeLessThan(1e-7);
    expect(relativeError(b!, -expected)).toBeLessThan(1e-7);
    x.dispose();
  });

  it('second derivatives go through the tfjs reference (the Hessian of (Σ x)² is 2 everywhere: its row sums over 3 elements are 6)', () => {
    tf.tidy(() => {
      const hessianDiag = tf.grad((x: tf.Tensor) => tf.sum(tf.grad((y: tf.Tensor) => tf.square(float64Sum([y])))(x)));
      expect(Array.from(hessianDiag(tf.tensor1d([0.5, 1, 2])).dataSync())).toEqual([6, 6, 6]);
    });
  });
});
