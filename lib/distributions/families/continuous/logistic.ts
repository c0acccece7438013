/**
 * The logistic distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Constraint, real } from '../../constraints/index.js';
import { logisticValues } from '../../sampling/standard-draws.js';
import { type TensorInput, broadcastIfNeeded } from '../../util.js';
import { LocScaleDist, locScaleParams } from './loc-scale.js';
import { logit } from './logistic-functions.js';
import '../../wrappers/index.js';

/**
 * The Logistic family. Construct it with {@link Logistic}.
 * `loc` is the mean and median `μ`, `scale` is `s`; draws `x = μ + s logit(u)`, `u ~ U(0, 1)`
 * from the key (inversion, one fused op).
 *
 * @category distributions
 * @since 0.2.0
 */
export class LogisticDist<B extends Dims = Dims, E extends Dims = readonly []> extends LocScaleDist<B, E> {
  readonly family = 'Logistic';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super('Logistic', loc, scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return logisticValues(key, n);
  }

  /** `log p(x) = 2 log σ(z) − z − log s`, `z = (x − μ)/s` (Pyro's formula). */
  logProb(value: tf.Tensor): tf.Tensor {
    return this.logProbOfStandardized(value, (z) => tf.sub(tf.sub(tf.mul(tf.logSigmoid(z), 2), z), tf.log(this.scale)));
  }

  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, this.batchShape);
  }

  /** `Var[X] = π²s²/3`. */
  override get variance(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 3), this.batchShape));
  }

  override get stddev(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.mul(this.scale, Math.PI / Math.sqrt(3)), this.batchShape));
  }

  /** `H = log s + 2`. */
  override entropy(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.add(tf.log(this.scale), 2), this.batchShape));
  }

  /** `F(x) = σ(z)`. */
  override cdf(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sigmoid(this.standardize(value)));
  }

  /** `F⁻¹(q) = μ + s logit(q)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(this.loc, tf.mul(this.scale, logit(q))));
  }
}

/**
 * A logistic distribution with location `loc` and `scale` s > 0; support ℝ (Pyro's
 * `Logistic`).
 *
 * Density `p(x) = e^{−z}/(s(1 + e^{−z})²)`, `z = (x − μ)/s`; mean `μ`, variance `π²s²/3`, entropy
 * `log s + 2`, `F(x) = σ(z)`, `F⁻¹(q) = μ + s logit(q)`. Reparameterized by inversion. Like the
 * Laplace it has exponential tails and a concave log-density, but it is smooth everywhere.
 * Pyro registers no KL rule for it.
 *
 * @example
 * ```ts
 * const d = Logistic(0, 1);
 * d.logProb(tf.scalar(0)); // −log 4
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Logistic<Loc extends TensorInput, Scale extends TensorInput>(loc: Loc, scale: Scale): LogisticDist<FamilyBatch<[Loc, Scale]>, readonly []> {
  const [locT, scaleT] = locScaleParams('Logistic', loc, scale);
  return new LogisticDist<FamilyBatch<[Loc, Scale]>, readonly []>(locT, scaleT);
}
