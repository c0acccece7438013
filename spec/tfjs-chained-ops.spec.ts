import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { installChainedOps } from '../lib/tfjs-chained-ops.js';

describe('tfjs-chained-ops', () => {
  describe('installChainedOps', () => {
    it('gives tensors the chained methods tfjs typings promise (reshape, add, sum, where, concat, …)', () => {
      tf.tidy(() => {
        const x = tf.tensor2d([
          [1, 2],
          [3, 4],
        ]);
        expect(Array.from(x.reshape([4]).dataSync())).toEqual([1, 2, 3, 4]);
        expect(x.add(1).sum().dataSync()[0]).toBe(14);
        expect(x.transpose().flatten().arraySync()).toEqual([1, 3, 2, 4]);
        expect(x.concat(x, 0).shape).toEqual([4, 2]);
        expect(x.where(tf.tensor2d([[true, false], [false, true]], [2, 2], 'bool'), tf.zerosLike(x)).arraySync()).toEqual([
          [1, 0],
          [0, 4],
        ]);
        expect(x.toInt().dtype).toBe('int32');
        expect(x.matMul(x).arraySync()).toEqual([
          [7, 10],
          [15, 22],
        ]);
      });
    });

    it('is idempotent and refuses disposed tensors', () => {
      expect(installChainedOps()).toBe(0);
      const x = tf.scalar(1);
      x.dispose();
      expect(() => x.add(1)).toThrow(/disposed/);
    });

    it('differentiates through chained calls', () => {
      const g = tf.tidy(() => tf.grad((x: tf.Tensor) => x.square().sum())(tf.tensor1d([1, 2])).arraySync());
      expect(g).toEqual([2, 4]);
    });
  });
});
