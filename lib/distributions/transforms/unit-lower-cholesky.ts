/**
 * Square matrices onto unit lower-triangular matrices (Pyro's `UnitLowerCholeskyTransform`),
 * the constraint transform of `AutoMultivariateNormal`'s `scaleTril` parameter.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real, unitLowerCholesky } from '../constraints/index.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { produceFrom } from '../../ops/fused/host-data.js';
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

  /**
   * One fused op: the strict lower triangle of `x` plus the identity, written row by row
   * straight into the output (no per-element index arithmetic); gradient: `dy` on the strict
   * lower triangle, zero elsewhere (one copy, no multiply by a kept 0/1 derivative).
   */
  forward(x: tf.Tensor): tf.Tensor {
    const d = squareDim('UnitLowerCholeskyTransform.forward', x);
    const reference = (): tf.Tensor => tf.tidy(() => tf.add(tf.mul(x, lowerMask(d, -1)), eyeFloat(d)));
    if (x.dtype !== 'float32') return reference();
    return fusedOp(
      [x],
      () => ({
        value: produceFrom([x], x.shape, (y, [xs]) => {
          strictLower(xs!, y, d);
          for (let m = 0; m < y.length; m += d * d) for (let i = 0; i < d; i++) y[m + i * d + i] = 1;
        }),
        gradients: [(dys) => produceFrom([dys[0]!], x.shape, (dx, [g]) => strictLower(g!, dx, d))],
      }),
      reference,
    );
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

/** Copy the strict lower triangle of each `d × d` matrix of `from` into `to` (zero-initialized). */
function strictLower(from: ArrayLike<number>, to: Float32Array, d: number): void {
  for (let m = 0; m < to.length; m += d * d) {
    for (let i = 1; i < d; i++) {
      const row = m + i * d;
      for (let j = 0; j < i; j++) to[row + j] = from[row + j]!;
    }
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
