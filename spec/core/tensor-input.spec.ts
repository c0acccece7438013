/**
 * `toTensor` (lib/core/tensor-input.ts): tensors pass through, numbers and nested arrays
 * become float32 tensors of their shape, and distributions/util re-exports the same function.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { toTensor } from '../../lib/core/tensor-input.js';
import * as util from '../../lib/distributions/util.js';

describe('core/tensor-input', () => {
  describe('toTensor', () => {
    it('passes tensors through and converts numbers and nested arrays', () => {
      const t = tf.tensor([1, 2], [2], 'int32');
      expect(toTensor(t)).toBe(t);
      t.dispose();
      tf.tidy(() => {
        const s = toTensor(2);
        expect([s.shape, s.dtype, Array.from(s.dataSync())]).toEqual([[], 'float32', [2]]);
        const m = toTensor([[1, 2, 3]]);
        expect([m.shape, m.dtype, Array.from(m.dataSync())]).toEqual([[1, 3], 'float32', [1, 2, 3]]);
      });
    });

    it('is the function distributions/util re-exports', () => {
      expect(util.toTensor).toBe(toTensor);
    });
  });
});
