/**
 * The Gamma–Poisson distribution (Pyro's `GammaPoisson`): `k ~ Poisson(λ)` with
 * `λ ~ Gamma(concentration α, rate β)`, marginalized:
 *
 *   `log p(k) = −lbeta(α, k + 1) − log(α + k) + α log β − (α + k) log(1 + β)`,
 *
 * Pyro's formula. Mean `α/β`, variance `α(1 + β)/β²`. The same law as
 * `NegativeBinomial(α, probs = 1/(1 + β))`; the shared mixture base is
 * `gamma-poisson-mixture.ts`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import { log1p } from '../../../ops/index.js';
import type { Distribution } from '../../distribution.js';
import { GammaPoissonMixtureDist } from './gamma-poisson-mixture.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkParam, dataAt, isPositive, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The GammaPoisson family. Construct it with {@link GammaPoisson}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class GammaPoissonDist<B extends Dims = Dims, E extends Dims = readonly []> extends GammaPoissonMixtureDist<B, E> {
  readonly family = 'GammaPoisson';
  /** The Gamma shape `α > 0` of the rate. */
  readonly concentration: tf.Tensor;
  /** The Gamma rate `β > 0` of the rate. */
  readonly rate: tf.Tensor;

  constructor(concentration: tf.Tensor, rate: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('GammaPoisson', [concentration.shape, rate.shape]));
    this.concentration = concentration;
    this.rate = rate;
  }

  protected get mixingShape(): tf.Tensor {
    return this.concentration;
  }

  /** `log p = −log(1 + β)`, `log(1 − p) = log β − log(1 + β)`. */
  protected logSuccessFailure(): readonly [tf.Tensor, tf.Tensor] {
    const log1pRate = log1p(this.rate);
    return [tf.neg(log1pRate), tf.sub(tf.log(this.rate), log1pRate)];
  }

  /** `1/β`. */
  protected get odds(): tf.Tensor {
    return tf.reciprocal(this.rate);
  }

  protected oddsData(): ArrayLike<number> {
    return Float64Array.from(dataAt(this.rate, this.batchShape), (b) => 1 / b);
  }

  /** `E[k] = α/β` (one division, as Pyro). */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.div(this.concentration, this.rate), this.batchShape);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new GammaPoissonDist(this.concentration, this.rate, batchShape);
  }
}

/**
 * A GammaPoisson distribution over `{0, 1, 2, …}`: a Poisson whose rate is
 * `Gamma(concentration, rate)`, marginalized (Pyro's `GammaPoisson`). Batch shape: the
 * broadcast of both parameters.
 *
 * Gotchas: both parameters must be positive and finite, else `InvalidArgument`; no `entropy` or
 * `cdf` (Pyro has none); discrete, so no `rsample`. Over-dispersed counts: variance
 * `mean · (1 + 1/rate)`.
 *
 * @example
 * ```ts
 * const d = GammaPoisson(2, 0.25); // mean 8, variance 40
 * d.logProb(tf.tensor([3])); // [-2.502]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function GammaPoisson<Concentration extends TensorInput, Rate extends TensorInput>(
  concentration: Concentration,
  rate: Rate,
): GammaPoissonDist<FamilyBatch<[Concentration, Rate]>, readonly []> {
  return construct(() => {
    const alpha = toTensor(concentration);
    const beta = toTensor(rate);
    checkParam('GammaPoisson', 'concentration', alpha, 'must be positive and finite', isPositive);
    checkParam('GammaPoisson', 'rate', beta, 'must be positive and finite', isPositive);
    return new GammaPoissonDist<FamilyBatch<[Concentration, Rate]>, readonly []>(alpha, beta);
  });
}
