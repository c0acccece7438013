/**
 * The power transform (Pyro's `PowerTransform`): `y = x^exponent` on the positive reals.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, broadcastShapes } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { positive } from '../constraints/index.js';
import { type TensorInput, toTensor } from '../util.js';
import { TransformBase } from './transform.js';

/**
 * `y = x^e`, `x = y^(1/e)`, `log|det J| = log|e y / x|` (elementwise; `e` broadcasts with `x`).
 * Domain and codomain are the positive reals; `sign` is `sign(e)` (a decreasing map for
 * `e < 0`).
 *
 * Gradients reach `e` too (`∂y/∂e = y log x`), so a family built on it (Weibull, Kumaraswamy)
 * has reparameterized draws in its shape parameters.
 *
 * @category transforms
 * @since 0.2.0
 */
export class PowerTransformImpl extends TransformBase {
  readonly name = 'PowerTransform';
  readonly domain: Constraint = positive;
  readonly codomain: Constraint = positive;
  /** The exponent `e` (a tensor broadcasting with the values). */
  readonly exponent: tf.Tensor;

  constructor(exponent: tf.Tensor) {
    super();
    this.exponent = exponent;
  }

  /** `sign(e)`, a tensor. */
  override get sign(): tf.Tensor {
    return tf.sign(this.exponent);
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.pow(x, this.exponent);
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.pow(y, tf.reciprocal(this.exponent)));
  }

  /** `log|e y / x|`, of the broadcast shape of `x`, `y` and `e`. */
  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.log(tf.abs(tf.div(tf.mul(this.exponent, y), x))));
  }

  override forwardShape(shape: Shape): Shape {
    return broadcastShapes('PowerTransform.forwardShape', shape, this.exponent.shape);
  }

  override inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}

/**
 * The map `y = x^exponent` of the positive reals onto themselves (`exponent ≠ 0`).
 *
 * @example
 * ```ts
 * const t = PowerTransform(2);
 * t.forward(tf.scalar(3)); // 9
 * t.inverse(tf.scalar(9)); // 3
 * t.logAbsDetJacobian(tf.scalar(3), tf.scalar(9)); // log 6
 * ```
 * @category transforms
 * @since 0.2.0
 */
export function PowerTransform(exponent: TensorInput): PowerTransformImpl {
  return new PowerTransformImpl(toTensor(exponent));
}
