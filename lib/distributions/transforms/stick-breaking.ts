/**
 * The stick-breaking transform (Pyro's `StickBreakingTransform`): ℝ^(K−1) → the K-simplex,
 * what `bijectTo(simplex)` returns.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Shape, showShape } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { realVector, simplex } from '../constraints/index.js';
import { TransformBase } from './transform.js';

const TINY = 1.1754943508222875e-38;

/** `log(K − 1 − i)` for `i = 0 … K−2`: the offsets that map `x = 0` to the uniform point. */
function logOffsets(n: number): tf.Tensor {
  return tf.tensor1d(Float32Array.from({ length: n }, (_, i) => Math.log(n - i)));
}

function lastDim(fn: string, t: tf.Tensor, min: number): number {
  const n = t.shape[t.rank - 1];
  if (t.rank < 1 || n === undefined || n < min) {
    throw invalidArgument(fn, 'value', `must have a last dim of size ≥ ${min}`, `shape ${showShape(t.shape)}`);
  }
  return n;
}

/**
 * With `zᵢ = σ(xᵢ − log(K−1−i))`: `yᵢ = zᵢ Π_{j<i} (1 − zⱼ)` for `i < K−1`, and
 * `y_{K−1} = Π_j (1 − zⱼ)`. Inverse: `xᵢ = log yᵢ − log(1 − Σ_{j≤i} yⱼ) + log(K−1−i)`.
 * `log|det J| = Σᵢ (log yᵢ − softplus(xᵢ − log(K−1−i)))` over the first K−1 coordinates.
 *
 * Gotchas: `x = 0` maps to the uniform point. tfjs has no gradient for `cumprod`, so the
 * products are `exp(cumsum(log(1 − z)))` with `log(1 − z) = −softplus(x')`.
 *
 * @category transforms
 * @since 0.1.0
 */
export class StickBreakingTransformImpl extends TransformBase {
  readonly name = 'StickBreakingTransform';
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = simplex;

  forward(x: tf.Tensor): tf.Tensor {
    const n = lastDim('StickBreakingTransform.forward', x, 0);
    return tf.tidy(() => {
      const shifted = tf.sub(x, logOffsets(n));
      const z = tf.clipByValue(tf.sigmoid(shifted), TINY, 1 - 1.1920928955078125e-7);
      const logRemaining = tf.cumsum(tf.neg(tf.softplus(shifted)), x.rank - 1);
      const pad = (t: tf.Tensor, before: number): tf.Tensor =>
        tf.pad(t, [...t.shape.slice(0, -1).map((): [number, number] => [0, 0]), [before, 1 - before]], 1);
      return tf.mul(pad(z, 0), pad(tf.exp(logRemaining), 1));
    });
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const k = lastDim('StickBreakingTransform.inverse', y, 1);
    return tf.tidy(() => {
      const crop = tf.slice(y, y.shape.map(() => 0), [...y.shape.slice(0, -1), k - 1]);
      const remaining = tf.maximum(tf.sub(1, tf.cumsum(crop, y.rank - 1)), TINY);
      return tf.add(tf.sub(tf.log(crop), tf.log(remaining)), logOffsets(k - 1));
    });
  }

  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    const n = lastDim('StickBreakingTransform.logAbsDetJacobian', x, 0);
    return tf.tidy(() => {
      const shifted = tf.sub(x, logOffsets(n));
      const crop = tf.slice(y, y.shape.map(() => 0), [...y.shape.slice(0, -1), n]);
      return tf.sum(tf.sub(tf.log(crop), tf.softplus(shifted)), -1);
    });
  }

  /** `[..., K−1]` → `[..., K]`. */
  override forwardShape(shape: Shape): Shape {
    if (shape.length < 1) throw invalidArgument('StickBreakingTransform.forwardShape', 'shape', 'must have rank ≥ 1', showShape(shape));
    return [...shape.slice(0, -1), shape[shape.length - 1]! + 1];
  }

  /** `[..., K]` → `[..., K−1]`. */
  override inverseShape(shape: Shape): Shape {
    if (shape.length < 1) throw invalidArgument('StickBreakingTransform.inverseShape', 'shape', 'must have rank ≥ 1', showShape(shape));
    return [...shape.slice(0, -1), shape[shape.length - 1]! - 1];
  }
}

const STICK_BREAKING = new StickBreakingTransformImpl();

/**
 * The stick-breaking map from `K−1` unconstrained reals onto the `K`-simplex.
 *
 * @example
 * ```ts
 * StickBreakingTransform().forward(tf.zeros([3])); // [0.25, 0.25, 0.25, 0.25]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function StickBreakingTransform(): StickBreakingTransformImpl {
  return STICK_BREAKING;
}
