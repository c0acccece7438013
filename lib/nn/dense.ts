/**
 * `Dense`: a fully connected layer `y = x W + b` with `W` of shape `[inDim, outDim]` (Keras's
 * kernel layout) and `b` of shape `[outDim]`.
 *
 * One `affine` op (`lib/ops`): on wasm a single SIMD pass for product and bias, elsewhere a
 * `matMul` and an `add`. `tf.fused.matMul` was measured and is not used — on tfjs 4.22 it adds
 * reshapes and a custom-gradient wrapper (12 kernels instead of 6 for a two-layer forward pass,
 * 44 instead of 30 with the backward pass) and is no faster on `cpu` or `wasm`.
 * Inputs of rank other than 2 are flattened to `[−1, inDim]` and reshaped back (two more
 * kernels).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import { affine } from '../ops/linalg/affine.js';
import { type Initializer, glorotUniform, zerosInit } from './init.js';
import { type Layer, weightOf } from './layer.js';

/** Options of {@link Dense}. */
export interface DenseOptions {
  /** Add a bias (default true). */
  readonly bias?: boolean;
  /** The weight initializer (default {@link glorotUniform}; use `heUniform` before a ReLU). */
  readonly init?: Initializer;
  /** The bias initializer (default zeros). */
  readonly biasInit?: Initializer;
}

const positiveInteger = (arg: string, n: number): void => {
  if (!Number.isInteger(n) || n < 1) throw invalidArgument('Dense', arg, 'must be a positive integer', String(n));
};

/**
 * A fully connected layer with weights `weight` ([inDim, outDim]) and `bias` ([outDim]).
 *
 * @example
 * ```ts
 * function* guide(x: tf.Tensor) {
 *   const encode = yield* module('encoder', Serial(Dense(2, 16), Tanh, Dense(16, 2)));
 *   const out = encode(x); // params 'encoder$$$0.weight', 'encoder$$$0.bias', 'encoder$$$2.weight', …
 * }
 * ```
 * @category nn
 * @since 0.1.0
 */
export function Dense(inDim: number, outDim: number, options: DenseOptions = {}): Layer {
  positiveInteger('inDim', inDim);
  positiveInteger('outDim', outDim);
  const { bias = true, init = glorotUniform, biasInit = zerosInit } = options;
  const weightShape = [inDim, outDim];
  return {
    params: {
      weight: (key) => init(key, weightShape, inDim, outDim),
      ...(bias ? { bias: (key) => biasInit(key, [outDim], inDim, outDim) } : {}),
    },
    bind: (weights) => {
      const w = weightOf('Dense', weights, 'weight', weightShape);
      const b = bias ? weightOf('Dense', weights, 'bias', [outDim]) : undefined;
      return (x) => {
        if (x.shape[x.rank - 1] !== inDim) {
          throw invalidArgument('Dense', 'x', `must have ${inDim} features in its last dim`, `shape [${x.shape.join(', ')}]`);
        }
        const flat = x.rank === 2 ? x : tf.reshape(x, [-1, inDim]);
        const y = b === undefined ? tf.matMul(flat, w) : affine(flat, w, b);
        return x.rank === 2 ? y : tf.reshape(y, [...x.shape.slice(0, -1), outDim]);
      };
    },
  };
}
