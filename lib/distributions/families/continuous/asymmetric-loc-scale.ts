/**
 * The base class of the skewed location–scale families with a third parameter `asymmetry`
 * (SkewLogistic, AsymmetricLaplace): parameters stored unbroadcast, reparameterized draws, and
 * `expand` through the constructor `(loc, scale, asymmetry, batchShape?)`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dims } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { type TensorInput, batchShapeOf } from '../../util.js';
import { locScaleParams } from './loc-scale.js';
import { positiveParam } from './parameters.js';

/**
 * A location–scale family with an `asymmetry` (> 0; 1 is the symmetric member).
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class AsymmetricLocScaleDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly loc: tf.Tensor;
  /** The scale (> 0). */
  readonly scale: tf.Tensor;
  /** The asymmetry (> 0; 1 is symmetric). */
  readonly asymmetry: tf.Tensor;

  protected constructor(family: string, loc: tf.Tensor, scale: tf.Tensor, asymmetry: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf(family, [loc.shape, scale.shape, asymmetry.shape]), []);
    this.loc = loc;
    this.scale = scale;
    this.asymmetry = asymmetry;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (loc: tf.Tensor, scale: tf.Tensor, asymmetry: tf.Tensor, batchShape?: Shape) => Distribution;
    return new Family(this.loc, this.scale, this.asymmetry, batchShape);
  }
}

/**
 * The factory arguments of an {@link AsymmetricLocScaleDist} as tensors, validated (when
 * validation is on): `loc` finite, `scale` and `asymmetry` positive.
 *
 * @category distributions
 * @since 0.2.0
 */
export function asymmetricLocScaleParams(
  family: string,
  loc: TensorInput,
  scale: TensorInput,
  asymmetry: TensorInput,
): readonly [tf.Tensor, tf.Tensor, tf.Tensor] {
  return [...locScaleParams(family, loc, scale), positiveParam(family, 'asymmetry', asymmetry)];
}
