/**
 * `Independent`: reinterpret the rightmost batch dims of a distribution as event dims
 * (Pyro's `Independent`, what `toEvent(n)` returns).
 *
 * With base batch shape `b + r` (`r` the rightmost `n` dims) and event shape `e`, the result
 * has batch shape `b` and event shape `r + e`, and
 * `log p(x) = Σ_{r dims} log p_base(x)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ToEventCount, ToEventDims, Value } from '../../core/dims.js';
import { invalidArgument } from '../../core/errors.js';
import type { Key } from '../../core/key.js';
import { type Shape, dropRight, showShape, takeRight } from '../../core/shape.js';
import { type Constraint, independent } from '../constraints/index.js';
import { type Distribution, DistributionBase, installWrappers } from '../distribution.js';

/** Sum the rightmost `n` dims of `t` (no kernel when `n` is 0). */
export function sumRightmost(t: tf.Tensor, n: number): tf.Tensor {
  if (n === 0) return t;
  return tf.sum(t, Array.from({ length: n }, (_, i) => t.rank - n + i));
}

/**
 * A distribution whose rightmost `reinterpretedBatchNdims` batch dims are event dims.
 *
 * @category distributions
 * @since 0.1.0
 */
export class IndependentDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  readonly family = 'Independent';
  readonly base: Distribution;
  readonly reinterpretedBatchNdims: number;
  readonly support: Constraint;

  /** The wrapped distribution under Pyro's name (`base_dist`); the same object as `base`. */
  get baseDist(): Distribution {
    return this.base;
  }

  constructor(base: Distribution, reinterpretedBatchNdims: number) {
    const n = reinterpretedBatchNdims;
    if (!Number.isInteger(n) || n < 0 || n > base.batchShape.length) {
      throw invalidArgument(
        'Independent',
        'reinterpretedBatchNdims',
        `must be an integer between 0 and the base batch rank ${base.batchShape.length}`,
        `${n} (base ${base.family} with batch shape ${showShape(base.batchShape)})`,
        'toEvent(n) can only move existing batch dims into the event; expand() first to add dims.',
      );
    }
    super(dropRight(base.batchShape, n), [...takeRight(base.batchShape, n), ...base.eventShape]);
    this.base = base;
    this.reinterpretedBatchNdims = n;
    this.support = independent(base.support, n);
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

  logProb(value: tf.Tensor): tf.Tensor {
    return sumRightmost(this.base.logProb(value), this.reinterpretedBatchNdims);
  }

  override get mean(): tf.Tensor {
    return this.base.mean;
  }

  override get variance(): tf.Tensor {
    return this.base.variance;
  }

  override get stddev(): tf.Tensor {
    return this.base.stddev;
  }

  override entropy(): tf.Tensor {
    return sumRightmost(this.base.entropy(), this.reinterpretedBatchNdims);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const reinterpreted = takeRight(this.base.batchShape, this.reinterpretedBatchNdims);
    return new IndependentDist(this.base.expand([...batchShape, ...reinterpreted]), this.reinterpretedBatchNdims);
  }

  override toEvent<const K extends number = B['length']>(n?: K & ToEventCount<B>): Distribution<ToEventDims<B, E, K>[0], ToEventDims<B, E, K>[1]> {
    const count = n ?? this.batchShape.length;
    if (count === 0) return this;
    return new IndependentDist(this.base, this.reinterpretedBatchNdims + count);
  }
}

/**
 * Reinterpret the rightmost `reinterpretedBatchNdims` batch dims of `base` as event dims.
 * `Independent(d, n)` is `d.toEvent(n)`.
 *
 * @example
 * ```ts
 * const d = Independent(Normal(tf.zeros([4, 3]), 1), 1); // batch [4], event [3]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Independent<B extends Dims, E extends Dims, const K extends number>(
  base: Distribution<B, E>,
  reinterpretedBatchNdims: K & ToEventCount<B>,
): IndependentDist<ToEventDims<B, E, K>[0], ToEventDims<B, E, K>[1]> {
  return new IndependentDist<ToEventDims<B, E, K>[0], ToEventDims<B, E, K>[1]>(base, reinterpretedBatchNdims);
}

installWrappers({ independent: (base, n) => new IndependentDist(base, n) });
