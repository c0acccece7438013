/**
 * Square matrices onto Cholesky factors (Pyro's `LowerCholeskyTransform`, what
 * `transformTo(lowerCholesky)` and Ignis' `bijectTo(lowerCholesky)` return).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../constraints/constraint.js';
import { independent, lowerCholesky, real } from '../constraints/index.js';
import { eyeFloat, lowerMask, offDiagonalOnes, squareDim } from './masks.js';
import { TransformBase } from './transform.js';

/**
 * `y = tril(x, −1) + diag(exp(diag x))`: the strict upper triangle of `x` is ignored, so the
 * map is not injective (`bijective` is false, as in Pyro) and `inverse` returns the right
 * inverse `tril(y, −1) + diag(log(diag y))`.
 *
 * `log|det J| = Σᵢ xᵢᵢ` on the lower-triangular coordinates (Pyro raises NotImplemented here;
 * the golden file's hand-derived value). Kernels: `forward` 5, `logAbsDetJacobian` 2.
 *
 * @category transforms
 * @since 0.1.0
 */
export class LowerCholeskyTransformImpl extends TransformBase {
  readonly name = 'LowerCholeskyTransform';
  readonly domain: Constraint = independent(real, 2);
  readonly codomain: Constraint = lowerCholesky;

  override get bijective(): boolean {
    return false;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const d = squareDim('LowerCholeskyTransform.forward', x);
    // exp(x ⊙ I) − (1 − I) is exp(xᵢᵢ) on the diagonal and 0 elsewhere (no overflow from the upper triangle).
    return tf.tidy(() => tf.add(tf.mul(x, lowerMask(d, -1)), tf.sub(tf.exp(tf.mul(x, eyeFloat(d))), offDiagonalOnes(d))));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const d = squareDim('LowerCholeskyTransform.inverse', y);
    return tf.tidy(() => {
      const eye = eyeFloat(d);
      const logDiagonal = tf.mul(tf.log(tf.add(tf.mul(y, eye), offDiagonalOnes(d))), eye);
      return tf.add(tf.mul(y, lowerMask(d, -1)), logDiagonal);
    });
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    const d = squareDim('LowerCholeskyTransform.logAbsDetJacobian', x);
    return tf.tidy(() => tf.sum(tf.mul(x, eyeFloat(d)), [-2, -1]));
  }
}

const LOWER_CHOLESKY = new LowerCholeskyTransformImpl();

/**
 * The map from square matrices onto lower-triangular matrices with a positive diagonal
 * (exp on the diagonal, the strict upper triangle ignored).
 *
 * @example
 * ```ts
 * LowerCholeskyTransform().forward(tf.zeros([2, 2])); // identity
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function LowerCholeskyTransform(): LowerCholeskyTransformImpl {
  return LOWER_CHOLESKY;
}
