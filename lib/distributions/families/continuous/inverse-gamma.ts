/**
 * The InverseGamma distribution: `1/X` with `X ~ Gamma(concentration, rate)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import { digamma, lgamma } from '../../../ops/index.js';
import { type Constraint, positive } from '../../constraints/index.js';
import { fused64, inverseGammaElement, inverseGammaEntropyElement } from './density64.js';
import { GammaFamilyDist } from './gamma-family.js';
import { whereElse } from './piecewise.js';
import {
  type TensorInput,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isPositive,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import '../../wrappers/index.js';

/**
 * The InverseGamma family. Construct it with {@link InverseGamma}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class InverseGammaDist<B extends Dims = Dims, E extends Dims = readonly []> extends GammaFamilyDist<B, E> {
  readonly family = 'InverseGamma';
  readonly support: Constraint = positive;
  protected readonly inverse = true;

  constructor(concentration: tf.Tensor, rate: tf.Tensor, batchShape?: Shape) {
    super('InverseGamma', concentration, rate, batchShape);
  }

  /** `log p(x) = α log β − log Γ(α) − (α + 1) log x − β/x`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const lp = fused64('InverseGamma.logProb', [value, this.concentration, this.rate], inverseGammaElement, ([x, alpha, rate]) => {
      const normalizer = tf.sub(tf.mul(alpha!, tf.log(rate!)), lgamma(alpha!));
      return tf.sub(normalizer, tf.add(tf.mul(tf.add(alpha!, 1), tf.log(x!)), tf.div(rate!, x!)));
    });
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[X] = β/(α − 1)` for `α > 1`, else `+∞`. */
  override get mean(): tf.Tensor {
    const alpha = this.concentration;
    return whereElse(tf.greater(alpha, 1), tf.div(this.rate, tf.sub(alpha, 1)), Infinity, this.batchShape);
  }

  /** `Var[X] = β² / ((α − 1)² (α − 2))` for `α > 2`, else `+∞`. */
  override get variance(): tf.Tensor {
    const alpha = this.concentration;
    const v = tf.div(tf.square(tf.div(this.rate, tf.sub(alpha, 1))), tf.sub(alpha, 2));
    return whereElse(tf.greater(alpha, 2), v, Infinity, this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return tf.sqrt(this.variance);
  }

  /** `H = α + log β + log Γ(α) − (1 + α) ψ(α)`. */
  override entropy(): tf.Tensor {
    const h = fused64('InverseGamma.entropy', [this.concentration, this.rate], inverseGammaEntropyElement, ([alpha, rate]) =>
      tf.sub(tf.add(tf.add(alpha!, tf.log(rate!)), lgamma(alpha!)), tf.mul(tf.add(alpha!, 1), digamma(alpha!))),
    );
    return broadcastIfNeeded(h, this.batchShape);
  }
}

/**
 * An InverseGamma distribution: `X = 1/Y`, `Y ~ Gamma(concentration, rate)`, with
 * `concentration` α > 0 and `rate` β > 0 (β is the InverseGamma's scale); support `x > 0`.
 *
 * Density `p(x) = β^α x^{−α−1} e^{−β/x} / Γ(α)`; mean `β/(α − 1)` (α > 1, else ∞), variance
 * `β²/((α − 1)²(α − 2))` (α > 2, else ∞). `cdf`/`icdf` throw `NotImplemented`, as in Pyro.
 *
 * Gotcha: Pyro 1.8.6 builds InverseGamma as a transformed Gamma, which has no mean, variance or
 * entropy; Ignis gives their closed forms. Sampling is `β / Gamma(α, 1)` (Marsaglia–Tsang +
 * implicit reparameterization, first-order gradients).
 *
 * @example
 * ```ts
 * const sigma2 = InverseGamma(3, 2);
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function InverseGamma<Concentration extends TensorInput, Rate extends TensorInput>(concentration: Concentration, rate: Rate): InverseGammaDist<FamilyBatch<[Concentration, Rate]>, readonly []> {
  return construct(() => {
    const concentrationT = toTensor(concentration);
    const rateT = toTensor(rate);
    checkParam('InverseGamma', 'concentration', concentrationT, 'must be positive', isPositive);
    checkParam('InverseGamma', 'rate', rateT, 'must be positive', isPositive);
    return new InverseGammaDist<FamilyBatch<[Concentration, Rate]>, readonly []>(concentrationT, rateT);
  });
}
