/**
 * The base of the over-dispersed count families: a Poisson whose rate is Gamma distributed,
 * `k ~ Poisson(λ)`, `λ ~ Gamma(r, scale = o)`, which is the negative binomial
 *
 *   `p(k) = Γ(r + k) / (Γ(r) k!) · pᵏ (1 − p)ʳ`,  `p = o / (1 + o)` (the "success" probability),
 *
 * on `{0, 1, 2, …}`, with mean `r o` and variance `r o (1 + o)`. NegativeBinomial gives
 * `(r, p)` as `totalCount` and `probs | logits` (`o = e^ℓ`); GammaPoisson as `concentration`
 * and `rate` (`o = 1/rate`). The log-coefficient is computed as
 * `−lbeta(r, k + 1) − log(r + k)` (float64 `lbeta`, so large counts do not cancel in float32)
 * and set to 0 where `r + k = 0` (the point mass at 0 of `r = 0`), as torch does.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { lbeta } from '../../../ops/index.js';
import { type Constraint, nonnegativeInteger } from '../../constraints/index.js';
import { DistributionBase } from '../../distribution.js';
import { gammaPoissonDraws } from '../../sampling/compound-draws.js';
import { tensorFrom } from '../../sampling/standard-draws.js';
import { broadcastIfNeeded, checkSupport, dataAt, logProbShape } from '../../util.js';

/**
 * A Gamma–Poisson mixture: the shared `logProb`, `sample`, `mean` and `variance` of
 * NegativeBinomial and GammaPoisson. A subclass gives the Gamma shape `r`
 * ({@link mixingShape}), `log p` and `log(1 − p)`, and the odds `o = p / (1 − p)`.
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class GammaPoissonMixtureDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly support: Constraint = nonnegativeInteger;

  protected constructor(batchShape: Shape) {
    super(batchShape, []);
  }

  /** The Gamma shape `r` (NegativeBinomial's `totalCount`, GammaPoisson's `concentration`); unbroadcast. */
  protected abstract get mixingShape(): tf.Tensor;

  /** `[log p, log(1 − p)]` (unbroadcast). */
  protected abstract logSuccessFailure(): readonly [tf.Tensor, tf.Tensor];

  /** The odds `o = p / (1 − p)`, the Gamma scale (unbroadcast). */
  protected abstract get odds(): tf.Tensor;

  /** The odds per batch element as JS data (for the sampler). */
  protected abstract oddsData(): ArrayLike<number>;

  /** `log p(k) = −lbeta(r, k + 1) − log(r + k) + k log p + r log(1 − p)` (coefficient 0 at `r + k = 0`). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const r = this.mixingShape;
    const [logP, logQ] = this.logSuccessFailure();
    const total = tf.add(r, value);
    const coefficient = tf.neg(tf.add(lbeta(r, tf.add(value, 1)), tf.log(total)));
    const safe = tf.where(tf.equal(total, 0), tf.zerosLike(coefficient), coefficient);
    const lp = tf.add(safe, tf.add(tf.mul(value, logP), tf.mul(r, logQ)));
    return broadcastIfNeeded(lp, shape);
  }

  /** `λ ~ Gamma(r) · o`, then `k ~ Poisson(λ)`, in float64 (float32 counts, no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const m = sizeOf(this.batchShape);
    const r = dataAt(this.mixingShape, this.batchShape);
    const odds = this.oddsData();
    const draws = gammaPoissonDraws(key, sizeOf(shape), (i) => r[i % m]!, (i) => odds[i % m]!);
    return tensorFrom(shape, (i) => draws[i]!);
  }

  /** `E[k] = r o`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(this.mixingShape, this.odds), this.batchShape);
  }

  /** `Var[k] = r o (1 + o)`. */
  override get variance(): tf.Tensor {
    const odds = this.odds;
    return broadcastIfNeeded(tf.mul(tf.mul(this.mixingShape, odds), tf.add(1, odds)), this.batchShape);
  }
}
