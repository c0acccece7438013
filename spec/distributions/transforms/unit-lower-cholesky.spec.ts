/**
 * `UnitLowerCholeskyTransform.forward` as one fused op (row copies into the output): its value is
 * `tril(x, −1) + I` and its gradient `dy` on the strict lower triangle, exactly (a copy: compared
 * bit for bit with the closed form), for single and batched matrices, `d = 1` included, and it
 * leaves only its output behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { UnitLowerCholeskyTransform } from '../../../lib/distributions/transforms/unit-lower-cholesky.js';
import { describeBackends } from '../../helpers/backends.js';

/** `tril(x, −1) + I` and the gradient mask, by index, per matrix of a `[..., d, d]` array. */
function closedForm(x: Float32Array, dy: Float32Array, d: number): { readonly y: number[]; readonly dx: number[] } {
  const y: number[] = [];
  const dx: number[] = [];
  x.forEach((v, k) => {
    const [i, j] = [Math.floor(k / d) % d, k % d];
    y.push(j < i ? v : j === i ? 1 : 0);
    dx.push(j < i ? dy[k]! : 0);
  });
  return { y, dx };
}

describeBackends('distributions/transforms/unit-lower-cholesky', () => {
  for (const shape of [[4, 4], [2, 3, 5, 5], [1, 1], [3, 1, 1]] as const) {
    it(`maps [${shape.join(', ')}] to tril(x, −1) + I with the gradient dy on the strict lower triangle (exact)`, () => {
      const d = shape[shape.length - 1]!;
      const x = tf.randomNormal([...shape], 0, 1, 'float32', 3);
      const dy = tf.randomNormal([...shape], 0, 1, 'float32', 4);
      const before = tf.memory().numTensors;
      const y = UnitLowerCholeskyTransform().forward(x);
      expect(tf.memory().numTensors).toBe(before + 1);
      const dx = tf.grad((t: tf.Tensor) => UnitLowerCholeskyTransform().forward(t))(x, dy);
      const expected = closedForm(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, d);
      expect(y.shape).toEqual([...shape]);
      expect(Array.from(y.dataSync())).toEqual(expected.y);
      expect(Array.from(dx.dataSync())).toEqual(expected.dx);
      tf.dispose([x, dy, y, dx]);
      expect(tf.memory().numTensors).toBe(before - 2);
    });
  }
});
