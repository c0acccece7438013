/**
 * Unconstrained vectors onto Cholesky factors of correlation matrices (Pyro's
 * `CorrCholeskyTransform`, what `bijectTo(corrCholesky)` returns).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Shape, showShape } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { corrCholesky, realVector } from '../constraints/index.js';
import { eyeFloat, lowerMask, squareDim } from './masks.js';
import { TransformBase } from './transform.js';

const EPS = 1.1920928955078125e-7;
const LOG_TWO = Math.log(2);

/** `D` with `D(D−1)/2 = n`, or `InvalidArgument`. */
function matrixSize(fn: string, n: number): number {
  const d = Math.round(Math.sqrt(0.25 + 2 * n) + 0.5);
  if ((d * (d - 1)) / 2 !== n) {
    throw invalidArgument(fn, 'x', 'must have a last dim D(D−1)/2 (the strictly-lower entries of a D×D matrix)', `last dim ${n}`);
  }
  return d;
}

/** For each of the `D²` matrix entries, its index into `[0, vec…]` (0 above the strict lower triangle), row-major. */
function scatterIndex(d: number): tf.Tensor {
  const index = new Int32Array(d * d);
  let k = 1;
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) index[i * d + j] = k++;
  return tf.tensor1d(index, 'int32');
}

/** The flat indices of the strictly-lower entries, row-major (torch's `tril_matrix_to_vec(·, −1)`). */
function gatherIndex(d: number): tf.Tensor {
  const index: number[] = [];
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) index.push(i * d + j);
  return tf.tensor1d(index, 'int32');
}

/** `[..., D(D−1)/2]` → `[..., D, D]`, strictly lower, row-major (torch's `vec_to_tril_matrix(·, −1)`). */
function vecToStrictTril(v: tf.Tensor, d: number): tf.Tensor {
  const padded = tf.pad(v, [...v.shape.slice(0, -1).map((): [number, number] => [0, 0]), [1, 0]]);
  return tf.reshape(tf.gather(padded, scatterIndex(d), v.rank - 1), [...v.shape.slice(0, -1), d, d]);
}

function strictTrilToVec(m: tf.Tensor, d: number): tf.Tensor {
  const flat = tf.reshape(m, [...m.shape.slice(0, -2), d * d]);
  return tf.gather(flat, gatherIndex(d), flat.rank - 1);
}

/**
 * `x ∈ ℝ^(D(D−1)/2)` → `r = tanh(x)` placed row-major in the strict lower triangle, then
 * stick-breaking on each row: `yᵢⱼ = rᵢⱼ Π_{k<j} √(1 − rᵢₖ²)`, `yᵢᵢ = Π_{k<i} √(1 − rᵢₖ²)`.
 * `log|det J|` is that of `x` ↦ the strictly-lower entries of `y` (Stan's formula, as Pyro):
 * `½ Σ_{j ≤ i−2} log(1 − Σ_{k≤j} yᵢₖ²) − 2 Σ (x + softplus(−2x) − log 2)`.
 *
 * Gotchas: `tanh` is clamped to `±(1 − eps)`; cumulative products use `exp(cumsum(log))`
 * (tfjs has no `cumprod` gradient, and its `cumsum` needs a non-negative axis).
 *
 * @category transforms
 * @since 0.1.0
 */
export class CorrCholeskyTransformImpl extends TransformBase {
  readonly name = 'CorrCholeskyTransform';
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = corrCholesky;

  forward(x: tf.Tensor): tf.Tensor {
    const d = matrixSize('CorrCholeskyTransform.forward', x.shape[x.rank - 1] ?? -1);
    return tf.tidy(() => {
      const r = vecToStrictTril(tf.clipByValue(tf.tanh(x), -1 + EPS, 1 - EPS), d);
      const halfLogRemaining = tf.mul(tf.log(tf.sub(1, tf.square(r))), 0.5);
      const stick = tf.exp(tf.cumsum(halfLogRemaining, halfLogRemaining.rank - 1, true));
      return tf.mul(tf.add(r, eyeFloat(d)), stick);
    });
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const d = squareDim('CorrCholeskyTransform.inverse', y);
    return tf.tidy(() => {
      const remaining = tf.sub(1, tf.cumsum(tf.square(y), y.rank - 1, true));
      const t = tf.div(strictTrilToVec(y, d), tf.sqrt(strictTrilToVec(remaining, d)));
      return tf.atanh(t);
    });
  }

  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    const d = squareDim('CorrCholeskyTransform.logAbsDetJacobian', y);
    return tf.tidy(() => {
      const below = lowerMask(d, -2);
      const remaining = tf.sub(1, tf.cumsum(tf.square(y), y.rank - 1));
      // log(v ⊙ M + (1 − M)) is log v inside the mask and 0 outside (where v may be 0).
      const logs = tf.log(tf.add(tf.mul(remaining, below), tf.sub(1, below)));
      const stickBreaking = tf.mul(tf.sum(logs, [-2, -1]), 0.5);
      const tanh = tf.mul(tf.sum(tf.sub(tf.add(x, tf.softplus(tf.mul(x, -2))), LOG_TWO), -1), -2);
      return tf.add(stickBreaking, tanh);
    });
  }

  /** `[..., D(D−1)/2]` → `[..., D, D]`. */
  override forwardShape(shape: Shape): Shape {
    if (shape.length < 1) throw invalidArgument('CorrCholeskyTransform.forwardShape', 'shape', 'must have rank ≥ 1', showShape(shape));
    const d = matrixSize('CorrCholeskyTransform.forwardShape', shape[shape.length - 1]!);
    return [...shape.slice(0, -1), d, d];
  }

  /** `[..., D, D]` → `[..., D(D−1)/2]`. */
  override inverseShape(shape: Shape): Shape {
    const d = shape[shape.length - 1];
    if (shape.length < 2 || d === undefined || shape[shape.length - 2] !== d) {
      throw invalidArgument('CorrCholeskyTransform.inverseShape', 'shape', 'must be [..., D, D]', showShape(shape));
    }
    return [...shape.slice(0, -2), (d * (d - 1)) / 2];
  }
}

const CORR_CHOLESKY = new CorrCholeskyTransformImpl();

/**
 * The map from `D(D−1)/2` unconstrained reals onto `D×D` Cholesky factors of correlation
 * matrices (lower triangular, positive diagonal, unit rows).
 *
 * @example
 * ```ts
 * CorrCholeskyTransform().forward(tf.zeros([3])); // the 3×3 identity
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function CorrCholeskyTransform(): CorrCholeskyTransformImpl {
  return CORR_CHOLESKY;
}
