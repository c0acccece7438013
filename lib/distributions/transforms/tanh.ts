/**
 * The hyperbolic tangent transform (Pyro's `TanhTransform`): ℝ → (−1, 1).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../constraints/constraint.js';
import { interval, real } from '../constraints/index.js';
import { TransformBase } from './transform.js';

const OPEN_UNIT_BALL: Constraint = interval(-1, 1);

/**
 * `y = tanh(x)`, `x = atanh(y)`, `log|det J| = log(1 − tanh² x) = 2 (log 2 − x − softplus(−2x))`
 * (the stable form Pyro uses). Kernels: `forward` 1, `logAbsDetJacobian` 5.
 *
 * @category transforms
 * @since 0.1.0
 */
export class TanhTransformImpl extends TransformBase {
  readonly name = 'TanhTransform';
  readonly domain: Constraint = real;
  readonly codomain: Constraint = OPEN_UNIT_BALL;

  override get sign(): number {
    return 1;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tanh(x);
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return tf.atanh(y);
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(tf.sub(tf.sub(Math.LN2, x), tf.softplus(tf.mul(x, -2))), 2));
  }
}

const TANH = new TanhTransformImpl();

/**
 * The transform `y = tanh(x)` from ℝ onto `(−1, 1)`.
 *
 * @example
 * ```ts
 * TanhTransform().forward(tf.scalar(0)); // 0
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function TanhTransform(): TanhTransformImpl {
  return TANH;
}
