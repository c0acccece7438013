/**
 * The skew-logistic distribution (type I generalized logistic).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Constraint, real } from '../../constraints/index.js';
import { openStandardUniform } from '../../sampling/standard-draws.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape } from '../../util.js';
import { AsymmetricLocScaleDist, asymmetricLocScaleParams } from './asymmetric-loc-scale.js';
import { logitOfRoot } from './logistic-functions.js';
import '../../wrappers/index.js';

/**
 * The SkewLogistic family. Construct it with {@link SkewLogistic}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class SkewLogisticDist<B extends Dims = Dims, E extends Dims = readonly []> extends AsymmetricLocScaleDist<B, E> {
  readonly family = 'SkewLogistic';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, asymmetry: tf.Tensor, batchShape?: Shape) {
    super('SkewLogistic', loc, scale, asymmetry, batchShape);
  }

  /** `x = F⁻¹(u)`, `u ~ U(0, 1)` from the key: differentiable in all three parameters. */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return tf.tidy(() => this.icdf(openStandardUniform(key, this.extendedShape(sampleShape))));
  }

  /** `log p(x) = log α − z + (α + 1) log σ(z) − log s`, `z = (x − μ)/s` (Pyro's formula). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    return tf.tidy(() => {
      const z = tf.div(tf.sub(value, this.loc), this.scale);
      const a = this.asymmetry;
      const lp = tf.add(tf.sub(tf.log(a), z), tf.sub(tf.mul(tf.logSigmoid(z), tf.add(a, 1)), tf.log(this.scale)));
      return broadcastIfNeeded(lp, shape);
    });
  }

  /** `F(x) = σ(z)^α`, computed as `exp(α log σ(z))`. */
  override cdf(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.exp(tf.mul(this.asymmetry, tf.logSigmoid(tf.div(tf.sub(value, this.loc), this.scale)))));
  }

  /** `F⁻¹(q) = μ + s logit(q^{1/α})` (in log space, see `logitOfRoot`). */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(this.loc, tf.mul(this.scale, logitOfRoot(q, this.asymmetry))));
  }
}

/**
 * A skew-logistic distribution (Pyro's `SkewLogistic`): location `loc`, `scale` s > 0 and
 * `asymmetry` α > 0 (default 1, the Logistic); support ℝ. It skews right for α > 1, left for α < 1.
 *
 * Density `p(x) = α e^{−z} / (s (1 + e^{−z})^{α+1})`, `z = (x − μ)/s`; `F(x) = σ(z)^α`,
 * `F⁻¹(q) = μ + s logit(q^{1/α})`. Reparameterized by inversion. As in Pyro, `mean`,
 * `variance` and `entropy` raise `NotImplemented`, and no KL rule is registered.
 *
 * @example
 * ```ts
 * const d = SkewLogistic(0, 1, 3); // skewed right
 * d.cdf(tf.scalar(0)); // 1/8
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function SkewLogistic<Loc extends TensorInput, Scale extends TensorInput, Asymmetry extends TensorInput = 1>(
  loc: Loc,
  scale: Scale,
  asymmetry?: Asymmetry,
): SkewLogisticDist<FamilyBatch<[Loc, Scale, Asymmetry]>, readonly []> {
  const [locT, scaleT, asymmetryT] = asymmetricLocScaleParams('SkewLogistic', loc, scale, asymmetry ?? 1);
  return new SkewLogisticDist<FamilyBatch<[Loc, Scale, Asymmetry]>, readonly []>(locT, scaleT, asymmetryT);
}
