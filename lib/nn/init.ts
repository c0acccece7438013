/**
 * Weight initializers: functions of a key (so `module()` gives every weight its own key and
 * the same key gives the same weights), a shape and the layer's fan-in/fan-out.
 *
 * - `glorotUniform` (Glorot & Bengio 2010): `U(−a, a)`, `a = √(6 / (fanIn + fanOut))`; Keras's
 *   default, suited to tanh/sigmoid/linear layers.
 * - `heUniform` (He et al. 2015): `a = √(6 / fanIn)`; for ReLU layers.
 * - `lecunUniform` (LeCun et al. 1998): `a = √(3 / fanIn)`; for SELU-like activations.
 * - `zerosInit`: all zeros (the default bias).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, uniforms } from '../core/key.js';

/**
 * Draws a weight of `shape` from `key`, given the layer's fan-in and fan-out.
 *
 * @category nn
 * @since 0.1.0
 */
export type Initializer = (key: Key, shape: readonly number[], fanIn: number, fanOut: number) => tf.Tensor;

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** `U(−limit, limit)` elementwise, drawn in float64 from the key and rounded to float32. */
function uniformWeights(key: Key, shape: readonly number[], limit: number): tf.Tensor {
  const u = uniforms(key, sizeOf(shape));
  const values = new Float32Array(u.length);
  for (let i = 0; i < u.length; i++) values[i] = (2 * u[i]! - 1) * limit;
  return tf.tensor(values, [...shape], 'float32');
}

/** Glorot (Xavier) uniform: `U(−a, a)` with `a = √(6 / (fanIn + fanOut))`. @category nn @since 0.1.0 */
export const glorotUniform: Initializer = (key, shape, fanIn, fanOut) => uniformWeights(key, shape, Math.sqrt(6 / (fanIn + fanOut)));

/** He (Kaiming) uniform: `U(−a, a)` with `a = √(6 / fanIn)`. @category nn @since 0.1.0 */
export const heUniform: Initializer = (key, shape, fanIn) => uniformWeights(key, shape, Math.sqrt(6 / fanIn));

/** LeCun uniform: `U(−a, a)` with `a = √(3 / fanIn)`. @category nn @since 0.1.0 */
export const lecunUniform: Initializer = (key, shape, fanIn) => uniformWeights(key, shape, Math.sqrt(3 / fanIn));

/**
 * PyTorch's `nn.Linear` default for both weight and bias: `U(−a, a)` with `a = 1/√fanIn`
 * (Kaiming uniform with `a = √5`, as `torch.nn.init` applies it). Use it to reproduce a Pyro
 * encoder's initial state and its convergence speed step for step. @category nn @since 0.1.0
 */
export const torchUniform: Initializer = (key, shape, fanIn) => uniformWeights(key, shape, 1 / Math.sqrt(fanIn));

/** All zeros. @category nn @since 0.1.0 */
export const zerosInit: Initializer = (_key, shape) => tf.zeros([...shape]);
