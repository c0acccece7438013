import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeDims, withDims } from '../../lib/core/dims.js';
import { IgnisError } from '../../lib/core/errors.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

describe('core/dims', () => {
  describe('withDims', () => {
    it('returns the tensor itself when its rank is the number of names', () => {
      const t = tf.zeros([4, 3]);
      expect(withDims(t, ['N'], ['D'])).toBe(t);
      expect(withDims(t, ['K', 'N'])).toBe(t);
      t.dispose();
    });

    it('raises InvalidArgument naming the names and the shape otherwise', () => {
      const t = tf.zeros([4, 3]);
      expect(() => withDims(t, ['N'])).toThrow(IgnisError);
      expect(() => withDims(t, ['N'])).toThrow(/withDims: argument 't' must have rank 1 \(one dim per name: \[N\]\).*got shape \[4, 3\]/);
      t.dispose();
    });
  });

  describe('decodeDims', () => {
    it('is Right(t) on a matching rank and Left(InvalidArgument) otherwise, creating no tensors', () => {
      const t = tf.zeros([4]);
      const before = tf.memory().numTensors;
      const ok = decodeDims(t, ['N']);
      const bad = decodeDims(t, [], ['D', 'E']);
      expect(tf.memory().numTensors).toBe(before);
      expect(E.isRight(ok) && ok.right === t).toBe(true);
      expect(E.isLeft(bad) && bad.left.tag === 'InvalidArgument' && bad.left.message.includes("decodeDims: argument 't' must have rank 2")).toBe(true);
      t.dispose();
    });
  });

  describe('Distribution.expand with names', () => {
    it('expands as without names, and rejects a names list of another length', () => {
      const d = Normal(0, 1);
      expect(d.expand([3, 4], ['components', 'mini_batch']).batchShape).toEqual([3, 4]);
      expect(() => d.expand([3, 4], ['components'] as never)).toThrow(/Normal\.expand: argument 'names' must name each of the 2 dims of batchShape \[3, 4\]/);
    });
  });
});
