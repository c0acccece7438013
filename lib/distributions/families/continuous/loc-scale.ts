/**
 * The base classes of the families with an affine reparameterized draw: location–scale,
 * `x = loc + scale · ε` (Normal, Cauchy, Laplace; LogNormal exponentiates it), and scale-only,
 * `x = scale · ε` (HalfNormal, HalfCauchy), with `ε` a
 * standard draw of the family computed in float64 from the site's key and the whole draw one
 * fused op (`sampling/reparam.ts`).
 *
 * A family supplies `family`, `support`, `standardDraws` and its densities and moments; it may
 * override `drawFrom` (LogNormal's `exp`, Normal's remembered `ε`). Subclasses keep the
 * constructor `(loc, scale, batchShape?)`: `expand` rebuilds through it.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { locScaleDraw } from '../../sampling/reparam.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkSupport, logProbShape } from '../../util.js';
import { finiteParam, positiveParam } from './parameters.js';

/**
 * A location–scale family: parameters `loc` and `scale`, stored unbroadcast, and
 * `rsample = drawFrom(standardDraws(key, n))`.
 *
 * @category distributions
 * @since 0.1.0
 */
export abstract class LocScaleDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  /** The location parameter (its meaning per family: mean, median, mean of `log X`). */
  readonly loc: tf.Tensor;
  /** The scale parameter (> 0). */
  readonly scale: tf.Tensor;

  protected constructor(family: string, loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf(family, [loc.shape, scale.shape]), []);
    this.loc = loc;
    this.scale = scale;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** `n` standard draws `ε` of the family (loc 0, scale 1), in float64, from `key`. */
  protected abstract standardDraws(key: Key, n: number): Float64Array;

  /** `loc + scale · ε` as one fused op, of `shape`. */
  protected drawFrom(eps: Float64Array, shape: Shape): tf.Tensor {
    return locScaleDraw(this.loc, this.scale, eps, shape);
  }

  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    return this.drawFrom(this.standardDraws(key, sizeOf(shape)), shape);
  }

  /** `(x − loc)/scale` (not broadcast to the batch shape). */
  protected standardize(value: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(value, this.loc), this.scale);
  }

  /**
   * `logProb` from the log-density of the standardized value: `value` is checked against the
   * support, `z = (x − loc)/scale` is handed to `density` (inside `tf.tidy`), and the result is
   * broadcast to `sampleShape + batchShape`.
   */
  protected logProbOfStandardized(value: tf.Tensor, density: (z: tf.Tensor) => tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    return tf.tidy(() => broadcastIfNeeded(density(this.standardize(value)), shape));
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) => Distribution;
    return new Family(this.loc, this.scale, batchShape);
  }
}

/**
 * A scale-only family (HalfNormal, HalfCauchy): parameter `scale`, and
 * `rsample = scale · standardDraws(key, n)` as one fused op. Subclasses keep the constructor
 * `(scale, batchShape?)`.
 *
 * @category distributions
 * @since 0.1.0
 */
export abstract class ScaleDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  /** The scale parameter (> 0). */
  readonly scale: tf.Tensor;

  protected constructor(scale: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? scale.shape, []);
    this.scale = scale;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** `n` standard draws of the family (scale 1), in float64, from `key`. */
  protected abstract standardDraws(key: Key, n: number): Float64Array;

  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    return locScaleDraw(undefined, this.scale, this.standardDraws(key, sizeOf(shape)), shape);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (scale: tf.Tensor, batchShape?: Shape) => Distribution;
    return new Family(this.scale, batchShape);
  }
}

/**
 * A location–scale family's factory arguments as tensors, validated (when validation is on):
 * `loc` finite, `scale` positive, errors naming `family` and the argument.
 *
 * @category distributions
 * @since 0.2.0
 */
export function locScaleParams(family: string, loc: TensorInput, scale: TensorInput): readonly [tf.Tensor, tf.Tensor] {
  return [finiteParam(family, 'loc', loc), positiveParam(family, 'scale', scale)];
}
