import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { valueAndGradients } from '../../lib/infer/gradients.js';
import { describeBackends } from '../helpers/backends.js';

describeBackends('infer/gradients', () => {
  it('valueAndGradients: the value and d/dx of Σ x² (2x), undefined for an x the value does not reach', () => {
    tf.tidy(() => {
      const x = tf.tensor1d([1, -2, 3]);
      const unused = tf.scalar(4);
      const { value, grads } = valueAndGradients(() => tf.sum(tf.square(x)), [x, unused]);
      expect(value.dataSync()[0]).toBe(14);
      expect(Array.from(grads[0]!.dataSync())).toEqual([2, -4, 6]);
      expect(grads[1]).toBeUndefined();
    });
  });

  it('a function that throws after recording ops leaves no tensor behind (tfjs alone leaves the tape’s saved tensors)', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const failing = (): tf.Scalar => {
      tf.exp(tf.mul(tf.sqrt(x), tf.tanh(x))); // ops that save tensors for their backward pass
      throw new Error('boom');
    };
    const before = tf.memory().numTensors;
    expect(() =>
      tf.tidy(() => {
        valueAndGradients(failing, [x]);
      }),
    ).toThrow('boom');
    expect(tf.memory().numTensors).toBe(before);
    // the same failure through tfjs directly keeps tensors alive (what this module exists for)
    expect(() => tf.tidy(() => tf.engine().gradients(failing, [x]))).toThrow('boom');
    expect(tf.memory().numTensors).toBeGreaterThan(before);
    x.dispose();
  });

  it('a backward pass that throws leaves no tensor behind either', () => {
    const x = tf.tensor1d([1, 2]);
    const brokenGradient = tf.customGrad((...inputs: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const [a, save] = inputs as [tf.Tensor, tf.GradSaveFunc];
      save([tf.exp(a)]);
      return {
        value: tf.sum(tf.exp(a)),
        gradFunc: () => {
          throw new Error('no gradient');
        },
      };
    });
    const before = tf.memory().numTensors;
    expect(() =>
      tf.tidy(() => {
        valueAndGradients(() => brokenGradient(x) as tf.Scalar, [x]);
      }),
    ).toThrow('no gradient');
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
