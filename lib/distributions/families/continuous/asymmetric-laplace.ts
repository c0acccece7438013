/**
 * The asymmetric Laplace distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import { type Key, splitKey } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Constraint, real } from '../../constraints/index.js';
import { standardExponential } from '../../sampling/standard-draws.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape } from '../../util.js';
import { AsymmetricLocScaleDist, asymmetricLocScaleParams } from './asymmetric-loc-scale.js';
import '../../wrappers/index.js';

/**
 * The AsymmetricLaplace family. Construct it with {@link AsymmetricLaplace}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class AsymmetricLaplaceDist<B extends Dims = Dims, E extends Dims = readonly []> extends AsymmetricLocScaleDist<B, E> {
  readonly family = 'AsymmetricLaplace';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, asymmetry: tf.Tensor, batchShape?: Shape) {
    super('AsymmetricLaplace', loc, scale, asymmetry, batchShape);
  }

  /** The scale left of `loc`, `s·κ`. */
  get leftScale(): tf.Tensor {
    return tf.mul(this.scale, this.asymmetry);
  }

  /** The scale right of `loc`, `s/κ`. */
  get rightScale(): tf.Tensor {
    return tf.div(this.scale, this.asymmetry);
  }

  /** `x = μ − s_L u + s_R v`, `u, v ~ Exponential(1)` from the key (Pyro's construction). */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const [keyU, keyV] = splitKey(key, 2) as [Key, Key];
    return tf.tidy(() =>
      tf.add(tf.sub(this.loc, tf.mul(this.leftScale, standardExponential(keyU, shape))), tf.mul(this.rightScale, standardExponential(keyV, shape))),
    );
  }

  /** `log p(x) = −|x − μ| / (x < μ ? s_L : s_R) − log(s_L + s_R)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    return tf.tidy(() => {
      const [left, right] = [this.leftScale, this.rightScale];
      const z = tf.sub(value, this.loc);
      const full = [...shape];
      const side = tf.where(tf.less(z, 0), tf.broadcastTo(left, full), tf.broadcastTo(right, full));
      return broadcastIfNeeded(tf.sub(tf.neg(tf.div(tf.abs(z), side)), tf.log(tf.add(left, right))), shape);
    });
  }

  /** `E[X] = μ + (s_R² − s_L²)/(s_L + s_R) = μ + s_R − s_L`. */
  override get mean(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.add(this.loc, tf.sub(this.rightScale, this.leftScale)), this.batchShape));
  }

  /** `Var[X] = s_L² + s_R²` (Pyro's `p s_L² + q s_R² + p q (s_L + s_R)²` with `p = s_L/(s_L + s_R)`, simplified). */
  override get variance(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.add(tf.square(this.leftScale), tf.square(this.rightScale)), this.batchShape));
  }
}

/**
 * An asymmetric Laplace distribution (Pyro's `AsymmetricLaplace`): mode `loc`, `scale` s > 0
 * (the geometric mean of the left and right scales) and `asymmetry` κ > 0 (the square root of
 * their ratio): left of `loc` it decays with scale `s_L = sκ`, right of it with `s_R = s/κ`;
 * support ℝ.
 *
 * Density `p(x) = exp(−|x − μ|/s_{L|R}) / (s_L + s_R)`; mean `μ + s_R − s_L`, variance
 * `s_L² + s_R²`. Reparameterized: `μ − s_L u + s_R v` with two
 * standard exponentials. As in Pyro, `entropy`, `cdf` and `icdf` raise `NotImplemented` and no
 * KL rule is registered; `AsymmetricLaplace(μ, s, 1)` is `Laplace(μ, s)`.
 *
 * @example
 * ```ts
 * const quantileLoss = AsymmetricLaplace(0, 1, 2); // heavier left tail
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function AsymmetricLaplace<Loc extends TensorInput, Scale extends TensorInput, Asymmetry extends TensorInput>(
  loc: Loc,
  scale: Scale,
  asymmetry: Asymmetry,
): AsymmetricLaplaceDist<FamilyBatch<[Loc, Scale, Asymmetry]>, readonly []> {
  const [locT, scaleT, asymmetryT] = asymmetricLocScaleParams('AsymmetricLaplace', loc, scale, asymmetry);
  return new AsymmetricLaplaceDist<FamilyBatch<[Loc, Scale, Asymmetry]>, readonly []>(locT, scaleT, asymmetryT);
}
