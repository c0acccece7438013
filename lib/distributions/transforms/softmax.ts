/**
 * The softmax map onto the simplex (Pyro's `SoftmaxTransform`, what `transformTo(simplex)`
 * returns): not bijective, no log-Jacobian.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../../core/errors.js';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, simplex } from '../constraints/index.js';
import { TransformBase } from './transform.js';

/**
 * `y = softmax(x)` over the last dim, right inverse `x = log y`. Many `x` give the same `y`
 * (`x + c`), so `bijective` is false and `logAbsDetJacobian` raises `NotImplemented`, as in
 * Pyro: use `StickBreakingTransform` (`bijectTo(simplex)`) where a density is needed.
 *
 * @category transforms
 * @since 0.1.0
 */
export class SoftmaxTransformImpl extends TransformBase {
  readonly name = 'SoftmaxTransform';
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = simplex;

  override get bijective(): boolean {
    return false;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.softmax(x, -1);
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return tf.log(y);
  }

  logAbsDetJacobian(_x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    throw ignisError('NotImplemented', {
      fn: 'SoftmaxTransform.logAbsDetJacobian',
      what: 'softmax is not bijective, so it has no log-Jacobian',
      hint: 'Use StickBreakingTransform (bijectTo(simplex)) where a density is needed.',
    });
  }
}

const SOFTMAX = new SoftmaxTransformImpl();

/**
 * The softmax map from unconstrained vectors onto the simplex (same dimension, not injective).
 *
 * @example
 * ```ts
 * SoftmaxTransform().forward(tf.zeros([4])); // [0.25, 0.25, 0.25, 0.25]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function SoftmaxTransform(): SoftmaxTransformImpl {
  return SOFTMAX;
}
