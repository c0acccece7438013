/**
 * The masked distribution (Pyro's `MaskedDistribution`, what `.mask(m)` returns): where the
 * mask is false the log-density is exactly 0 (no gradient flows there); draws are unchanged.
 *
 * The mask is a boolean or a bool tensor that broadcasts with the batch shape; the batch
 * shape becomes the broadcast of both.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../core/dims.js';
import type { Key } from '../../core/key.js';
import { type Shape, broadcastShapes, shapesEqual } from '../../core/shape.js';
import type { Constraint } from '../constraints/index.js';
import { type Distribution, DistributionBase, installWrappers } from '../distribution.js';

/**
 * `base` with its log-density masked.
 *
 * @category distributions
 * @since 0.1.0
 */
export class MaskedDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  readonly base: Distribution;

  /** The wrapped distribution under Pyro's name (`base_dist`); the same object as `base`. */
  get baseDist(): Distribution {
    return this.base;
  }

  /** `false`, or a bool tensor broadcastable with the batch shape. */
  readonly maskValue: false | tf.Tensor;

  constructor(base: Distribution, mask: false | tf.Tensor) {
    const batchShape = mask === false ? base.batchShape : broadcastShapes('mask', mask.shape, base.batchShape);
    const expanded = shapesEqual(batchShape, base.batchShape) ? base : base.expand(batchShape);
    super(batchShape, base.eventShape);
    this.base = expanded;
    this.maskValue = mask;
  }

  get family(): string {
    return this.base.family;
  }

  get support(): Constraint {
    return this.base.support;
  }

  override get hasRsample(): boolean {
    return this.base.hasRsample;
  }

  override sample(key: Key, sampleShape?: Shape): Value<B, E> {
    return this.base.sample(key, sampleShape);
  }

  override rsample(key: Key, sampleShape?: Shape): Value<B, E> {
    return this.base.rsample(key, sampleShape);
  }

  /** `mask ? log p_base(x) : 0`. */
  logProb(value: tf.Tensor): tf.Tensor {
    const lp = this.base.logProb(value);
    if (this.maskValue === false) return tf.zerosLike(lp);
    const mask = this.maskValue;
    return tf.where(tf.broadcastTo(mask, lp.shape), lp, tf.zerosLike(lp));
  }

  override get mean(): tf.Tensor {
    return this.base.mean;
  }

  override get variance(): tf.Tensor {
    return this.base.variance;
  }

  override entropy(): tf.Tensor {
    return this.base.entropy();
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new MaskedDist(this.base.expand(batchShape), this.maskValue);
  }

  override mask(mask: boolean | tf.Tensor): Distribution<B, E> {
    if (mask === true) return this;
    if (mask === false || this.maskValue === false) return new MaskedDist(this.base, false);
    return new MaskedDist(this.base, tf.logicalAnd(this.maskValue, mask));
  }
}

installWrappers({
  masked: (base, mask) => (mask === true ? base : new MaskedDist(base, mask)),
});
