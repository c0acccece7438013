/**
 * Elementwise activations as weightless layers, to compose with `Serial`:
 * `Tanh`, `Relu` (`max(0, x)`), `Softplus` (`log(1 + eˣ)`), `Sigmoid` (`1 / (1 + e⁻ˣ)`),
 * `Elu` (`x` for `x > 0`, `eˣ − 1` otherwise), `Exp` (`eˣ`, the VAE tutorial's scale head) and
 * `Identity`. One kernel each (none for
 * `Identity`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { tanh } from '../ops/special/tanh.js';
import type { Layer } from './layer.js';

const activation = (fn: (x: tf.Tensor) => tf.Tensor): Layer => Object.freeze({ params: Object.freeze({}), bind: () => fn });

/** `tanh(x)`, one fused op forward and backward (`lib/ops` `tanh`). @category nn @since 0.1.0 */
export const Tanh: Layer = activation((x) => tanh(x));
/** `max(0, x)`. @category nn @since 0.1.0 */
export const Relu: Layer = activation((x) => tf.relu(x));
/** `log(1 + eˣ)`. @category nn @since 0.1.0 */
export const Softplus: Layer = activation((x) => tf.softplus(x));
/** `1 / (1 + e⁻ˣ)`. @category nn @since 0.1.0 */
export const Sigmoid: Layer = activation((x) => tf.sigmoid(x));
/** `x` for `x > 0`, `eˣ − 1` otherwise. @category nn @since 0.1.0 */
export const Elu: Layer = activation((x) => tf.elu(x));
/** `eˣ`. @category nn @since 0.2.0 */
export const Exp: Layer = activation((x) => tf.exp(x));
/** `x` itself (no kernel). @category nn @since 0.1.0 */
export const Identity: Layer = activation((x) => x);
