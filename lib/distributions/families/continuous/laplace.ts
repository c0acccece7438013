/**
 * The Laplace (double exponential) distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Constraint, real } from '../../constraints/index.js';
import { LocScaleDist } from './loc-scale.js';
import { laplaceValues } from '../../sampling/standard-draws.js';
import {
  type TensorInput,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isFiniteNumber,
  isPositive,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Laplace family. Construct it with {@link Laplace}.
 * `loc` is the mean and median `μ`, `scale` is `b` (the standard deviation is `b√2`); draws
 * `x = μ + b ε` with `ε = −sign(v) log(1 − |v|)`, `v ~ U(−1, 1)` from the key (inversion).
 *
 * @category distributions
 * @since 0.1.0
 */
export class LaplaceDist<B extends Dims = Dims, E extends Dims = readonly []> extends LocScaleDist<B, E> {
  readonly family = 'Laplace';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super('Laplace', loc, scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return laplaceValues(key, n);
  }

  /** `log p(x) = −|x − μ|/b − log(2b)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const lp = tf.neg(tf.add(tf.div(tf.abs(tf.sub(value, this.loc)), this.scale), tf.log(tf.mul(this.scale, 2))));
    return broadcastIfNeeded(lp, shape);
  }

  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, this.batchShape);
  }

  /** `Var[X] = 2b²`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(tf.square(this.scale), 2), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(this.scale, Math.SQRT2), this.batchShape);
  }

  /** `H = 1 + log(2b)`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.log(this.scale), 1 + Math.LN2), this.batchShape);
  }

  /**
   * `F(x) = ½ e^(d/b)` for `d = x − μ < 0`, `½ − ½ expm1(−d/b)` for `d ≥ 0` (torch's
   * `½ − ½ sign(d) expm1(−|d|/b)`, without its `½ − ½` cancellation in the lower tail).
   */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return tf.tidy(() => {
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const negative = tf.less(z, 0);
      const lowerTail = tf.mul(tf.exp(tf.minimum(z, 0)), 0.5);
      const upper = tf.sub(0.5, tf.mul(tf.expm1(tf.neg(tf.maximum(z, 0))), 0.5));
      return tf.where(negative, lowerTail, upper);
    });
  }

  /**
   * `F⁻¹(q) = μ + b log(2q)` below ½, `μ − b log(2(1 − q))` above (torch's
   * `μ − b sign(q − ½) log1p(−2|q − ½|)` drops a small q in float32: F⁻¹(1e-8) came out −∞).
   */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lower = tf.less(q, 0.5);
      const logTail = tf.log(tf.mul(tf.where(lower, q, tf.sub(1, q)), 2));
      return tf.add(this.loc, tf.mul(this.scale, tf.where(lower, logTail, tf.neg(logTail))));
    });
  }
}

/**
 * A Laplace distribution with location `loc` and scale `scale > 0`; support ℝ.
 *
 * Density `p(x) = exp(−|x − μ|/b) / (2b)`; mean `μ`, variance `2b²`, entropy `1 + log 2b`.
 * Reparameterized by inversion.
 *
 * @example
 * ```ts
 * const d = Laplace(0, 1);
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Laplace<Loc extends TensorInput, Scale extends TensorInput>(loc: Loc, scale: Scale): LaplaceDist<FamilyBatch<[Loc, Scale]>, readonly []> {
  return construct(() => {
    const locT = toTensor(loc);
    const scaleT = toTensor(scale);
    checkParam('Laplace', 'loc', locT, 'must be finite', isFiniteNumber);
    checkParam('Laplace', 'scale', scaleT, 'must be positive', isPositive);
    return new LaplaceDist<FamilyBatch<[Loc, Scale]>, readonly []>(locT, scaleT);
  });
}
