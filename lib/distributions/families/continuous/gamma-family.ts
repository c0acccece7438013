/**
 * The base class of Gamma and InverseGamma, which share their parameters `concentration` `α`
 * and `rate` `β` and their draws: `z ~ Gamma(α, 1)` by Marsaglia–Tsang in float64, returned
 * as `z / β` (Gamma) or `β / z` (InverseGamma), with gradients by implicit reparameterization
 * (`sampling/implicit-reparam.ts`). Subclasses keep the constructor `(concentration, rate, batchShape?)`:
 * `expand` rebuilds through it.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { gammaDraws } from '../../sampling/implicit-reparam.js';
import { batchShapeOf } from '../../util.js';

/**
 * A Gamma-type family with parameters `concentration` and `rate`, stored unbroadcast.
 *
 * @category distributions
 * @since 0.1.0
 */
export abstract class GammaFamilyDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  /** The shape `α` (of the Gamma, also for InverseGamma). */
  readonly concentration: tf.Tensor;
  /** The rate `β` of the Gamma (the scale of an InverseGamma). */
  readonly rate: tf.Tensor;
  /** Whether draws are `β / z` (InverseGamma) rather than `z / β` (Gamma). */
  protected abstract readonly inverse: boolean;

  protected constructor(family: string, concentration: tf.Tensor, rate: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf(family, [concentration.shape, rate.shape]), []);
    this.concentration = concentration;
    this.rate = rate;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** A draw without gradient (one op). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    return gammaDraws(key, this.concentration, this.rate, shape, { inverse: this.inverse, differentiable: false });
  }

  /**
   * A reparameterized draw (one op): `∂z/∂α = −(∂P/∂α)/(∂P/∂z)` with `P` the regularized
   * incomplete gamma, then through `z / β` or `β / z`.
   */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    return gammaDraws(key, this.concentration, this.rate, shape, { inverse: this.inverse, differentiable: true });
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (concentration: tf.Tensor, rate: tf.Tensor, batchShape?: Shape) => Distribution;
    return new Family(this.concentration, this.rate, batchShape);
  }
}
