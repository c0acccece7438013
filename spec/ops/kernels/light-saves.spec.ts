/**
 * Light saved tensors: a first-order gradient launches no `Identity` kernel for the tensors its
 * gradient functions keep, higher-order gradients still see tfjs's clones (second derivatives
 * of ops that save their inputs stay exact), and no tensor or data buffer leaks.
 * Expected values are closed forms: `f(x) = Σ x³`: `f' = 3x²`, `f'' = 6x`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { installLightSaves } from '../../../lib/ops/kernels/light-saves.js';
import { describeBackends } from '../../helpers/backends.js';

const cube = (x: tf.Tensor): tf.Scalar => tf.sum(tf.mul(tf.mul(x, x), x));

describeBackends('ops/kernels/light-saves', () => {
  it('is installed by importing the backend module (idempotent)', () => {
    expect(installLightSaves()).toBe(false);
  });

  it('launches no Identity kernel in a first-order gradient, with the exact gradient', async () => {
    const x = tf.tensor([1, 2, 3]);
    let grad: tf.Tensor | undefined;
    const profile = await tf.profile(() => {
      grad = tf.grad(cube)(x);
    });
    expect(profile.kernels.filter((k) => k.name === 'Identity')).toEqual([]);
    expect(Array.from(grad!.dataSync())).toEqual([3, 12, 27]);
    tf.dispose([x, grad!]);
  });

  it('keeps second derivatives exact (tfjs clones under nested gradients)', () => {
    tf.tidy(() => {
      const second = tf.grad((x: tf.Tensor) => tf.sum(tf.grad(cube)(x)))(tf.tensor([1, 2, 3]));
      expect(Array.from(second.dataSync())).toEqual([6, 12, 18]);
    });
  });

  it('releases every reference it makes', () => {
    const x = tf.tensor([1, 2, 3]);
    const before = tf.memory();
    for (let i = 0; i < 5; i++) tf.dispose(tf.grad(cube)(x));
    const after = tf.memory();
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.numDataBuffers).toBe(before.numDataBuffers);
    expect(after.numBytes).toBe(before.numBytes);
    x.dispose();
  });
});
