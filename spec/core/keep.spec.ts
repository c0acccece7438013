import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { holdsTensors, keepReachable, tensorsReachable } from '../../lib/core/keep.js';
import { describeBackends } from '../helpers/backends.js';

class Holder {
  readonly a: tf.Tensor;
  readonly nested: { readonly list: readonly tf.Tensor[] };
  constructor(a: tf.Tensor, b: tf.Tensor) {
    this.a = a;
    this.nested = { list: [b, a] };
  }
}

describeBackends('core/keep', () => {
  describe('tensorsReachable', () => {
    it('finds every tensor once through objects, class fields, arrays, Maps and Sets', () => {
      const [a, b, c, d] = [tf.scalar(1), tf.scalar(2), tf.scalar(3), tf.scalar(4)];
      const value = { holder: new Holder(a, b), map: new Map([['k', c]]), set: new Set([d, a]), fn: () => b, data: new Float32Array(3), n: 5 };
      expect(tensorsReachable(value)).toEqual([a, b, c, d]);
      expect(holdsTensors(value)).toBe(true);
      expect(holdsTensors({ kind: 'positive', lowerBound: 0, check: () => a })).toBe(false); // closures are not walked
      tf.dispose([a, b, c, d]);
    });

    it('follows cycles without looping', () => {
      const a = tf.scalar(1);
      const cyclic: { self?: unknown; t: tf.Tensor } = { t: a };
      cyclic.self = cyclic;
      expect(tensorsReachable(cyclic)).toEqual([a]);
      a.dispose();
    });
  });

  describe('keepReachable', () => {
    it('keeps what a memoized value holds beyond every enclosing tidy, and nothing else', () => {
      const before = tf.memory().numTensors;
      let memo: Holder | undefined;
      tf.tidy(() => {
        tf.tidy(() => {
          const derived = tf.add(tf.scalar(1), tf.scalar(2)); // the operands are disposed, the sum kept
          memo = keepReachable(new Holder(derived, tf.scalar(5)));
        });
      });
      expect(tf.memory().numTensors - before).toBe(2);
      expect(memo!.a.dataSync()[0]).toBe(3);
      expect(memo!.nested.list[0]!.dataSync()[0]).toBe(5);
      tf.dispose([memo!.a, memo!.nested.list[0]!]);
      expect(tf.memory().numTensors).toBe(before);
    });
  });
});
