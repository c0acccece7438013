/**
 * The Exponential distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { log1p } from '../../../ops/index.js';
import { type Constraint, nonnegative } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { standardExponential } from '../../sampling/standard-draws.js';
import { type TensorInput, broadcastIfNeeded, checkParam, checkSupport, isPositive, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Exponential family. Construct it with {@link Exponential}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class ExponentialDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'Exponential';
  readonly support: Constraint = nonnegative;
  /** The rate `λ` (inverse mean). */
  readonly rate: tf.Tensor;

  constructor(rate: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? rate.shape, []);
    this.rate = rate;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new ExponentialDist(this.rate, batchShape);
  }

  /** `x = E / λ` with `E = −log(1 − u)`, `u ~ U[0, 1)` from `key` (one kernel). */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return tf.tidy(() => tf.div<Value<B, E>>(standardExponential(key, this.extendedShape(sampleShape)), this.rate)); // the standard draws are released
  }

  /** `log p(x) = log λ − λ x` for `x ≥ 0`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    return broadcastIfNeeded(tf.sub(tf.log(this.rate), tf.mul(this.rate, value)), shape);
  }

  /** `E[X] = 1/λ`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.reciprocal(this.rate), this.batchShape);
  }

  /** `Var[X] = 1/λ²`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.reciprocal(tf.square(this.rate)), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return this.mean;
  }

  /** `H = 1 − log λ`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.sub(1, tf.log(this.rate)), this.batchShape);
  }

  /** `F(x) = 1 − exp(−λx)`, computed as `−expm1(−λx)`; the value is validated as by `logProb` (x ≥ 0). */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return tf.neg(tf.expm1(tf.neg(tf.mul(this.rate, value))));
  }

  /** `F⁻¹(q) = −log(1 − q) / λ`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.div(tf.neg(log1p(tf.neg(q))), this.rate);
  }
}

/**
 * An Exponential distribution with rate `rate > 0`; support `x ≥ 0` (`nonnegative`:
 * `logProb(0) = log λ`).
 *
 * Density `p(x) = λ e^{−λx}`; mean `1/λ`, variance `1/λ²`, entropy `1 − log λ`.
 * Reparameterized by inversion: `x = −log(1 − u)/λ`.
 *
 * @example
 * ```ts
 * const d = Exponential([0.5, 1, 4]); // batch [3]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Exponential<Rate extends TensorInput>(rate: Rate): ExponentialDist<FamilyBatch<[Rate]>, readonly []> {
  return construct(() => {
    const rateT = toTensor(rate);
    checkParam('Exponential', 'rate', rateT, 'must be positive', isPositive);
    return new ExponentialDist<FamilyBatch<[Rate]>, readonly []>(rateT);
  });
}
