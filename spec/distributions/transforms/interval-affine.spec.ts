/**
 * IntervalAffine: `y = low + (high − low) x` with the closed-form inverse and log-Jacobian
 * `log(high − low)` (rtol 1e-6: a few float32 roundings), shapes broadcast with the bounds, and
 * the lifetime property it exists for: built inside a `tf.tidy`, it holds no tensor of its own,
 * so it works after the tidy as long as the bounds live (issue 16.1).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IntervalAffine } from '../../../lib/distributions/transforms/interval-affine.js';
import { describeBackends } from '../../helpers/backends.js';
import { expectClose } from '../../ops/helpers/numeric.js';

describeBackends('distributions/transforms/interval-affine', () => {
  it('forward, inverse and log|det J| are the closed forms, with tensor and number bounds', () => {
    tf.tidy(() => {
      const t = IntervalAffine(tf.tensor1d([0, -1]), 3);
      const x = tf.tensor1d([0.25, 0.5]);
      expectClose(t.forward(x).dataSync(), [0.75, 1], { rtol: 1e-6 });
      expectClose(t.inverse(tf.tensor1d([0.75, 1])).dataSync(), [0.25, 0.5], { rtol: 1e-6 });
      expectClose(t.logAbsDetJacobian(x, t.forward(x)).dataSync(), [Math.log(3), Math.log(4)], { rtol: 1e-6 });
      expect(t.forwardShape([5, 1])).toEqual([5, 2]);
      expect(t.inverseShape([])).toEqual([2]);
      expect(t.sign).toBe(1);
    });
  });

  it('the log-Jacobian broadcasts to the value shape when the bounds are scalars', () => {
    tf.tidy(() => {
      const t = IntervalAffine(tf.scalar(-1), tf.scalar(1));
      const x = tf.zeros([2, 3]);
      expect(t.logAbsDetJacobian(x, t.forward(x)).shape).toEqual([2, 3]);
    });
  });

  it('built in a tidy, it creates no tensor and works after the tidy while its bounds live', () => {
    const [low, high] = [tf.scalar(0), tf.scalar(10)];
    const before = tf.memory().numTensors;
    let t = IntervalAffine(0, 1);
    tf.tidy(() => {
      t = IntervalAffine(low, high);
    });
    expect(tf.memory().numTensors).toBe(before);
    const x = tf.scalar(0.5);
    const y = t.forward(x);
    expect(y.dataSync()[0]).toBe(5);
    tf.dispose([x, y]);
    expect(tf.memory().numTensors).toBe(before);
    low.dispose();
    high.dispose();
  });
});
