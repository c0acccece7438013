/**
 * Square matrices onto unit lower-triangular matrices (Pyro's `UnitLowerCholeskyTransform`),
 * the constraint transform of `AutoMultivariateNormal`'s `scaleTril` parameter.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real, unitLowerCholesky } from '../constraints/index.js';
import { fusedUnary } from '../../ops/fused/unary.js';
import { eyeFloat, lowerMask, squareDim } from './masks.js';
import { TransformBase } from './transform.js';

/**
 * `y = tril(x, −1) + I`. As in Pyro, `inverse(y)` returns `y` itself (ones on the diagonal
 * included): a right inverse, since `forward` ignores the diagonal and upper triangle.
 * `log|det J| = 0` on the strictly-lower coordinates. Kernels: `forward` 2.
 *
 * @category transforms
 * @since 0.1.0
 */
export class UnitLowerCholeskyTransformImpl extends TransformBase {
  readonly name = 'UnitLowerCholeskyTransform';
  readonly domain: Constraint = independent(real, 2);
  readonly codomain: Constraint = unitLowerCholesky;

  override get bijective(): boolean {
    return false;
  }

  /** One fused op: the strict lower triangle of `x` plus the identity (gradient: `dy` on the strict lower triangle). */
  forward(x: tf.Tensor): tf.Tensor {
    const d = squareDim('UnitLowerCholeskyTransform.forward', x);
    const loop = (xs: ArrayLike<number>, y: Float32Array, dydx: Float32Array): void => {
      for (let k = 0; k < xs.length; k++) {
        const i = Math.floor(k / d) % d;
        const j = k % d;
        y[k] = j < i ? xs[k]! : j === i ? 1 : 0;
        dydx[k] = j < i ? 1 : 0;
      }
    };
    return fusedUnary(x, loop, (t) => tf.tidy(() => tf.add(tf.mul(t, lowerMask(d, -1)), eyeFloat(d))));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    squareDim('UnitLowerCholeskyTransform.inverse', y);
    return y;
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    squareDim('UnitLowerCholeskyTransform.logAbsDetJacobian', x);
    return tf.zeros(x.shape.slice(0, -2));
  }
}

const UNIT_LOWER_CHOLESKY = new UnitLowerCholeskyTransformImpl();

/**
 * The map from square matrices onto lower-triangular matrices with a unit diagonal.
 *
 * @example
 * ```ts
 * UnitLowerCholeskyTransform().forward(tf.tensor2d([[5, 9], [2, 7]])); // [[1, 0], [2, 1]]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function UnitLowerCholeskyTransform(): UnitLowerCholeskyTransformImpl {
  return UNIT_LOWER_CHOLESKY;
}
