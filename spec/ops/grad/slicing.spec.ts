import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { sliceAlong, takeAlongLastAxis } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { tensorDelta, valuesOf } from '../helpers/numeric.js';

const iota = (shape: number[]): tf.Tensor => tf.tensor(Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i), shape);

describe('ops/grad/slicing', () => {
  onBackends(() => {
    describe('sliceAlong', () => {
      it.each([
        { opts: {}, want: [0, 1, 2, 3, 4] },
        { opts: { step: 2 }, want: [0, 2, 4] },
        { opts: { begin: 1, end: 4 }, want: [1, 2, 3] },
        { opts: { begin: -2 }, want: [3, 4] },
        { opts: { step: -1 }, want: [4, 3, 2, 1, 0] },
        { opts: { begin: -1, end: 0, step: -2 }, want: [4, 2] },
        { opts: { begin: 3, end: 1 }, want: [] },
      ])('follows Python range semantics for $opts', ({ opts, want }) => {
        expect(Array.from(valuesOf(sliceAlong(iota([5]), 0, opts)))).toEqual(want);
      });

      it('slices any axis of a batch and scatters the gradient back', () => {
        const x = iota([2, 3, 4]);
        const y = sliceAlong(x, -1, { begin: 1, step: 2 });
        expect(y.shape).toEqual([2, 3, 2]);
        expect(Array.from(valuesOf(y)).slice(0, 4)).toEqual([1, 3, 5, 7]);
        const g = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(sliceAlong(t, 1, { step: 2 }), 2)))(x);
        expect(Array.from(valuesOf(g)).slice(0, 12)).toEqual([2, 2, 2, 2, 0, 0, 0, 0, 2, 2, 2, 2]);
        const h = tf.grad((t: tf.Tensor) => tf.sum(sliceAlong(t, 0, { begin: 1 })))(x);
        expect(valuesOf(h).reduce((a, b) => a + b, 0)).toBe(12);
      });

      it('validates axis and step, and leaks no tensors', () => {
        expect(() => sliceAlong(iota([3]), 1)).toThrow(/^sliceAlong: argument 'axis' must be an integer in \[-1, 1\)/);
        expect(() => sliceAlong(iota([3]), 0, { step: 0 })).toThrow(IgnisError);
        const x = iota([4, 2]);
        expect(tensorDelta(() => sliceAlong(x, 0, { step: 3 }))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(sliceAlong(t, 0, { step: 3 })))(x))).toBe(0);
        x.dispose();
      });
    });

    describe('takeAlongLastAxis', () => {
      it('picks per-row entries and scatter-adds the gradient (repeated indices add up)', () => {
        const x = iota([2, 2, 3]);
        const idx = tf.tensor3d([[[2], [0]], [[1], [1]]], [2, 2, 1], 'int32');
        expect(Array.from(valuesOf(takeAlongLastAxis(x, idx)))).toEqual([2, 3, 7, 10]);
        const idx2 = tf.tensor3d([[[0, 0], [2, 1]], [[1, 2], [0, 0]]], [2, 2, 2], 'int32');
        const g = tf.grad((t: tf.Tensor) => tf.sum(takeAlongLastAxis(t, idx2)))(x);
        expect(Array.from(valuesOf(g))).toEqual([2, 0, 0, 0, 1, 1, 0, 1, 1, 2, 0, 0]);
      });

      it('validates shapes and dtype, and leaks no tensors', () => {
        expect(() => takeAlongLastAxis(iota([2, 3]), tf.zeros([3, 1], 'int32'))).toThrow(/^takeAlongLastAxis: 'indices' must have the leading dims of 'x'/);
        expect(() => takeAlongLastAxis(iota([2, 3]), tf.zeros([2, 1]))).toThrow(/must be int32/);
        const x = iota([2, 3]);
        const idx = tf.tensor2d([[1], [2]], [2, 1], 'int32');
        expect(tensorDelta(() => takeAlongLastAxis(x, idx))).toBe(0);
        expect(tensorDelta(() => tf.grad((t: tf.Tensor) => tf.sum(takeAlongLastAxis(t, idx)))(x))).toBe(0);
        tf.dispose([x, idx]);
      });
    });
  });
});
