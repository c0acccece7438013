/**
 * The generic expanded distribution: a distribution broadcast to a larger batch shape, for
 * families that cannot broadcast their own parameters (Pyro's `ExpandedDistribution`).
 *
 * New batch dims are added on the left; existing dims of size 1 may grow ("interstitial"
 * dims). Draws are independent across the new and grown dims.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../core/dims.js';
import type { Key } from '../../core/key.js';
import type { Shape } from '../../core/shape.js';
import type { Constraint } from '../constraints/index.js';
import { type Distribution, DistributionBase, installWrappers } from '../distribution.js';
import { broadcastIfNeeded } from '../util.js';

/**
 * `base` broadcast to `batchShape`.
 *
 * @category distributions
 * @since 0.1.0
 */
export class ExpandedDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  readonly base: Distribution;

  /** The wrapped distribution under Pyro's name (`base_dist`); the same object as `base`. */
  get baseDist(): Distribution {
    return this.base;
  }

  constructor(base: Distribution, batchShape: Shape) {
    super(batchShape, base.eventShape);
    this.base = base;
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

  /**
   * Draw `sampleShape + newDims + grownDims` from the base, then move each grown dim into the
   * position of the base's size-1 dim and reshape to `sampleShape + batchShape + eventShape`.
   */
  private draw(draw: (shape: Shape) => tf.Tensor, sampleShape: Shape): tf.Tensor {
    const offset = this.batchShape.length - this.base.batchShape.length;
    const leading = this.batchShape.slice(0, offset);
    const grown = this.base.batchShape.flatMap((d, i) => (d === 1 && this.batchShape[offset + i] !== 1 ? [i] : []));
    const drawn = draw([...sampleShape, ...leading, ...grown.map((i) => this.batchShape[offset + i]!)]);
    const s = sampleShape.length;
    const baseStart = s + leading.length + grown.length; // where the base's own dims begin
    const perm = Array.from({ length: drawn.rank }, (_, i) => i);
    grown.forEach((baseDim, g) => {
      const a = s + leading.length + g;
      const b = baseStart + baseDim;
      [perm[a], perm[b]] = [perm[b]!, perm[a]!];
    });
    const moved = grown.length === 0 ? drawn : tf.transpose(drawn, perm);
    return tf.reshape(moved, [...sampleShape, ...this.batchShape, ...this.eventShape]);
  }

  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return this.draw((shape) => this.base.sample(key, shape), sampleShape);
  }

  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return this.draw((shape) => this.base.rsample(key, shape), sampleShape);
  }

  logProb(value: tf.Tensor): tf.Tensor {
    const lp = this.base.logProb(value);
    const valueBatch = value.shape.slice(0, value.rank - this.eventShape.length);
    const target = valueBatch.length >= this.batchShape.length ? valueBatch : this.batchShape;
    return broadcastIfNeeded(lp, target);
  }

  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.base.mean, [...this.batchShape, ...this.eventShape]);
  }

  override get variance(): tf.Tensor {
    return broadcastIfNeeded(this.base.variance, [...this.batchShape, ...this.eventShape]);
  }

  override entropy(): tf.Tensor {
    return broadcastIfNeeded(this.base.entropy(), this.batchShape);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new ExpandedDist(this.base, batchShape);
  }
}

installWrappers({ expanded: (base, batchShape) => new ExpandedDist(base, batchShape) });
