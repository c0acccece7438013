/**
 * Square matrices onto symmetric positive definite matrices through their Cholesky factor
 * (Pyro's `PositiveDefiniteTransform`, what `bijectTo(positiveDefinite)` returns in Ignis).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { cholesky } from '../../ops/index.js';
import type { Constraint } from '../constraints/constraint.js';
import { independent, positiveDefinite, real } from '../constraints/index.js';
import { LowerCholeskyTransform } from './lower-cholesky.js';
import { squareDim } from './masks.js';
import { TransformBase } from './transform.js';

/** `diag(d + 1 − k)` for k = 0 … d−1, flat: the weights of `xₖₖ` in the log-Jacobian. */
function diagonalWeights(d: number): tf.Tensor {
  const w = new Float32Array(d * d);
  for (let k = 0; k < d; k++) w[k * d + k] = d + 1 - k;
  return tf.tensor(w, [d, d], 'float32');
}

/**
 * `L = LowerCholeskyTransform(x)` (exp on the diagonal), `y = L Lᵀ`; right inverse
 * `LowerCholeskyTransform⁻¹(cholesky(y))`. Not injective (the strict upper triangle of `x` is
 * ignored), so `bijective` is false.
 *
 * `log|det J|` on the lower-triangular coordinates of `x` and `y`: the map `L ↦ L Lᵀ` has
 * `|J| = 2ᵈ Π Lₖₖ^(d−k)` (k = 0 … d−1) and `exp` on the diagonal adds `Σ xₖₖ`, so
 * `log|det J| = d log 2 + Σₖ (d + 1 − k) xₖₖ`. (Pyro does not implement it; checked here
 * against finite differences.)
 *
 * @category transforms
 * @since 0.1.0
 */
export class PositiveDefiniteTransformImpl extends TransformBase {
  readonly name = 'PositiveDefiniteTransform';
  readonly domain: Constraint = independent(real, 2);
  readonly codomain: Constraint = positiveDefinite;

  override get bijective(): boolean {
    return false;
  }

  forward(x: tf.Tensor): tf.Tensor {
    squareDim('PositiveDefiniteTransform.forward', x);
    return tf.tidy(() => {
      const l = LowerCholeskyTransform().forward(x);
      return tf.matMul(l, l, false, true);
    });
  }

  inverse(y: tf.Tensor): tf.Tensor {
    squareDim('PositiveDefiniteTransform.inverse', y);
    return tf.tidy(() => LowerCholeskyTransform().inverse(cholesky(y)));
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    const d = squareDim('PositiveDefiniteTransform.logAbsDetJacobian', x);
    return tf.tidy(() => tf.add(tf.sum(tf.mul(x, diagonalWeights(d)), [-2, -1]), d * Math.LN2));
  }
}

const POSITIVE_DEFINITE = new PositiveDefiniteTransformImpl();

/**
 * The map from square matrices onto symmetric positive definite matrices, `x ↦ L Lᵀ` with
 * `L` the lower triangle of `x` with its diagonal exponentiated.
 *
 * @example
 * ```ts
 * PositiveDefiniteTransform().forward(tf.zeros([2, 2])); // identity
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function PositiveDefiniteTransform(): PositiveDefiniteTransformImpl {
  return POSITIVE_DEFINITE;
}
