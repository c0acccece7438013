/**
 * Factories for elementwise custom ops computed by float64 JS scalar functions: one kernel
 * forward (read, loop, upload), gradients supplied as tfjs expressions so that they can be
 * differentiated again. Only inputs are saved for the backward pass: a saved *output* would be
 * cloned before the op's own tape node exists, which silently cuts it from higher-order tapes.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { shapesEqual, sizeOf } from '../../core/shape.js';
import { broadcastIndex, sumToShape } from './broadcast.js';
import { recordingGradient, runCustomOp } from './custom-op.js';
import { broadcastOrThrow, withFloats, type TensorLike } from '../internal/tensors.js';

/** Gradient of a unary op: input `x`, output `y()` (built on demand), incoming gradient `dy` → `∂x`. @internal */
export type UnaryGrad = (x: tf.Tensor, y: () => tf.Tensor, dy: tf.Tensor) => tf.Tensor;

/** Gradient of a binary op: inputs broadcast to the output shape are not materialized; return full-shape gradients. @internal */
export type BinaryGrad = (a: tf.Tensor, b: tf.Tensor, y: tf.Tensor, dy: tf.Tensor) => readonly [tf.Tensor, tf.Tensor];

/** An elementwise unary op from a float64 scalar function and its gradient. @internal */
export function unaryOp(f: (x: number) => number, grad: UnaryGrad): (x: TensorLike) => tf.Tensor {
  const op = (input: TensorLike): tf.Tensor =>
    withFloats([input], ([xIn]) => {
      const x = xIn!;
      const src = x.dataSync();
      const out = new Float32Array(src.length);
      for (let i = 0; i < src.length; i++) out[i] = f(src[i]!);
      return runCustomOp([x], (save) => {
        const value = tf.tensor(out, x.shape, 'float32');
        save([x]);
        return {
          value,
          // Higher order: recompute y from the saved input so the tape links y to x
          // (a saved *output* is cloned before the op's own tape node exists).
          gradFunc: (dy, saved) => [grad(saved[0]!, () => (recordingGradient() ? op(saved[0]!) : tf.tensor(out, x.shape, 'float32')), dy)],
        };
      });
    });
  return op;
}

/**
 * An elementwise binary op with NumPy broadcasting from a float64 scalar function and its
 * gradient; gradients are summed back to each input's shape.
 * @internal
 */
export function binaryOp(fn: string, names: readonly [string, string], f: (a: number, b: number) => number, grad: BinaryGrad): (a: TensorLike, b: TensorLike) => tf.Tensor {
  const op = (aIn: TensorLike, bIn: TensorLike): tf.Tensor =>
    withFloats([aIn, bIn], ([aT, bT]) => {
      const a = aT!;
      const b = bT!;
      const shape = broadcastOrThrow(fn, names, a.shape, b.shape);
      const av = a.dataSync();
      const bv = b.dataSync();
      const ia = shapesEqual(a.shape, shape) ? undefined : broadcastIndex(a.shape, shape);
      const ib = shapesEqual(b.shape, shape) ? undefined : broadcastIndex(b.shape, shape);
      const n = sizeOf(shape);
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = f(av[ia === undefined ? i : ia[i]!]!, bv[ib === undefined ? i : ib[i]!]!);
      return runCustomOp([a, b], (save) => {
        const value = tf.tensor(out, shape, 'float32');
        save([a, b]);
        return {
          value,
          gradFunc: (dy, saved) => {
            const [ga, gb] = grad(saved[0]!, saved[1]!, recordingGradient() ? op(saved[0]!, saved[1]!) : tf.tensor(out, shape, 'float32'), dy);
            return [sumToShape(ga, a.shape), sumToShape(gb, b.shape)];
          },
        };
      });
    });
  return op;
}
