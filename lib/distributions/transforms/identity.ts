/**
 * The identity transform (Pyro's `identity_transform`), what `bijectTo(real)` returns.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../constraints/constraint.js';
import { real } from '../constraints/index.js';
import { TransformBase } from './transform.js';

/**
 * `y = x` on ℝ, `log|det J| = 0`. `forward` and `inverse` return their argument itself (no
 * kernel).
 *
 * @category transforms
 * @since 0.1.0
 */
export class IdentityTransformImpl extends TransformBase {
  readonly name = 'IdentityTransform';
  readonly domain: Constraint = real;
  readonly codomain: Constraint = real;

  override get sign(): number {
    return 1;
  }

  override get constantLogDet(): number {
    return 0;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return x;
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return y;
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    return tf.zerosLike(x);
  }
}

const IDENTITY = new IdentityTransformImpl();

/**
 * The identity transform `y = x`.
 *
 * @example
 * ```ts
 * IdentityTransform().forward(tf.scalar(2)); // 2
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function IdentityTransform(): IdentityTransformImpl {
  return IDENTITY;
}
