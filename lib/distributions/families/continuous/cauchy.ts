/**
 * The Cauchy distribution (Student's t with one degree of freedom).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { log1p } from '../../../ops/index.js';
import { type Constraint, real } from '../../constraints/index.js';
import { LocScaleDist } from './loc-scale.js';
import { cauchyValues } from '../../sampling/standard-draws.js';
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
 * The Cauchy family. Construct it with {@link Cauchy}.
 * `loc` is the median `μ`, `scale` the half width at half maximum `σ`; draws
 * `x = μ + σ tan(π(u − ½))`, `u ~ U(0, 1)` from the key.
 *
 * @category distributions
 * @since 0.1.0
 */
export class CauchyDist<B extends Dims = Dims, E extends Dims = readonly []> extends LocScaleDist<B, E> {
  readonly family = 'Cauchy';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super('Cauchy', loc, scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return cauchyValues(key, n);
  }

  /** `log p(x) = −log π − log σ − log(1 + ((x − μ)/σ)²)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    const lp = tf.neg(tf.add(log1p(tf.square(z)), tf.add(tf.log(this.scale), Math.log(Math.PI))));
    return broadcastIfNeeded(lp, shape);
  }

  /** Undefined: NaN everywhere, as in Pyro. */
  override get mean(): tf.Tensor {
    return tf.fill([...this.batchShape], NaN);
  }

  /** Infinite, as in Pyro. */
  override get variance(): tf.Tensor {
    return tf.fill([...this.batchShape], Infinity);
  }

  override get stddev(): tf.Tensor {
    return tf.fill([...this.batchShape], Infinity);
  }

  /** `H = log(4πσ)`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.log(this.scale), Math.log(4 * Math.PI)), this.batchShape);
  }

  /**
   * `F(x) = ½ + atan(z)/π = atan2(1, −z)/π`, `z = (x − μ)/σ`: the `atan2` form has no `½ − ½`
   * cancellation in the lower tail (F(−10⁴) ≈ 3.2e-5 kept 6 digits, not 3).
   */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return tf.tidy(() => tf.mul(tf.atan2(tf.onesLike(value), tf.neg(tf.div(tf.sub(value, this.loc), this.scale))), 1 / Math.PI));
  }

  /**
   * `F⁻¹(q) = μ + σ tan(π(q − ½)) = μ − σ cot(πq)`, evaluated as `μ − σ/tan(πq)` below ½ and
   * `μ + σ/tan(π(1 − q))` above (q − ½ would drop a small q in float32).
   */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const lower = tf.less(q, 0.5);
      const t = tf.tan(tf.mul(tf.where(lower, q, tf.sub(1, q)), Math.PI));
      return tf.add(this.loc, tf.mul(this.scale, tf.div(tf.where(lower, tf.onesLike(t), tf.fill(t.shape, -1)), tf.neg(t))));
    });
  }
}

/**
 * A Cauchy distribution with median `loc` and scale `scale > 0`; support ℝ.
 *
 * Density `p(x) = 1 / (π σ (1 + ((x − μ)/σ)²))`; the mean is undefined (NaN) and the variance
 * infinite, as in Pyro. Reparameterized: `x = μ + σ tan(π(u − ½))`.
 *
 * @example
 * ```ts
 * const d = Cauchy(0, [1, 2]); // batch [2]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Cauchy<Loc extends TensorInput, Scale extends TensorInput>(loc: Loc, scale: Scale): CauchyDist<FamilyBatch<[Loc, Scale]>, readonly []> {
  return construct(() => {
    const locT = toTensor(loc);
    const scaleT = toTensor(scale);
    checkParam('Cauchy', 'loc', locT, 'must be finite', isFiniteNumber);
    checkParam('Cauchy', 'scale', scaleT, 'must be positive', isPositive);
    return new CauchyDist<FamilyBatch<[Loc, Scale]>, readonly []>(locT, scaleT);
  });
}
