/**
 * Square matrices onto Cholesky factors with softplus on the diagonal (Pyro's
 * `SoftplusLowerCholeskyTransform`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { softplusInverse } from '../../ops/index.js';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real, softplusLowerCholesky } from '../constraints/index.js';
import { eyeFloat, lowerMask, offDiagonalOnes, squareDim } from './masks.js';
import { TransformBase } from './transform.js';

/**
 * `y = tril(x, −1) + diag(softplus(diag x))`, right inverse
 * `tril(y, −1) + diag(softplus⁻¹(diag y))` (not injective: the upper triangle is ignored).
 * `log|det J| = Σᵢ log σ(xᵢᵢ) = Σᵢ (xᵢᵢ − yᵢᵢ)`. Kernels: `forward` 4, `logAbsDetJacobian` 3.
 *
 * @category transforms
 * @since 0.1.0
 */
export class SoftplusLowerCholeskyTransformImpl extends TransformBase {
  readonly name = 'SoftplusLowerCholeskyTransform';
  readonly domain: Constraint = independent(real, 2);
  readonly codomain: Constraint = softplusLowerCholesky;

  override get bijective(): boolean {
    return false;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const d = squareDim('SoftplusLowerCholeskyTransform.forward', x);
    return tf.tidy(() => tf.add(tf.mul(x, lowerMask(d, -1)), tf.mul(tf.softplus(x), eyeFloat(d))));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const d = squareDim('SoftplusLowerCholeskyTransform.inverse', y);
    return tf.tidy(() => {
      const eye = eyeFloat(d);
      const diagonal = tf.mul(softplusInverse(tf.add(tf.mul(y, eye), offDiagonalOnes(d))), eye);
      return tf.add(tf.mul(y, lowerMask(d, -1)), diagonal);
    });
  }

  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    const d = squareDim('SoftplusLowerCholeskyTransform.logAbsDetJacobian', x);
    return tf.tidy(() => tf.sum(tf.mul(tf.sub(x, y), eyeFloat(d)), [-2, -1]));
  }
}

const SOFTPLUS_LOWER_CHOLESKY = new SoftplusLowerCholeskyTransformImpl();

/**
 * The map from square matrices onto lower-triangular matrices with a positive diagonal,
 * softplus on the diagonal (gentler than exp for SVI).
 *
 * @example
 * ```ts
 * SoftplusLowerCholeskyTransform().forward(tf.zeros([2, 2])); // log 2 · I
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function SoftplusLowerCholeskyTransform(): SoftplusLowerCholeskyTransformImpl {
  return SOFTPLUS_LOWER_CHOLESKY;
}
