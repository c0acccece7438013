/**
 * The HalfNormal distribution: `|Y|` with `Y ~ Normal(0, scale)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { erf, erfinv } from '../../../ops/index.js';
import { type Constraint, nonnegative } from '../../constraints/index.js';
import { ScaleDist } from './loc-scale.js';
import { negativeToMinusInfinity } from './piecewise.js';
import { halfNormalValues } from '../../sampling/standard-draws.js';
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

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The HalfNormal family. Construct it with {@link HalfNormal}.
 * `scale` is the scale `σ` of the underlying Normal(0, σ); draws `x = σ |ε|`, `ε ~ N(0, 1)`.
 *
 * @category distributions
 * @since 0.1.0
 */
export class HalfNormalDist<B extends Dims = Dims, E extends Dims = readonly []> extends ScaleDist<B, E> {
  readonly family = 'HalfNormal';
  readonly support: Constraint = nonnegative;

  constructor(scale: tf.Tensor, batchShape?: Shape) {
    super(scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return halfNormalValues(key, n);
  }

  /** `log p(x) = −½(x/σ)² − log σ + log 2 − ½ log 2π` for `x ≥ 0`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const z = tf.div(value, this.scale);
    const lp = tf.sub(tf.mul(tf.square(z), -0.5), tf.add(tf.log(this.scale), HALF_LOG_TWO_PI - Math.LN2));
    return broadcastIfNeeded(negativeToMinusInfinity(lp, value), shape);
  }

  /** `E[X] = σ √(2/π)`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(this.scale, Math.sqrt(2 / Math.PI)), this.batchShape);
  }

  /** `Var[X] = σ² (1 − 2/π)`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(tf.square(this.scale), 1 - 2 / Math.PI), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(this.scale, Math.sqrt(1 - 2 / Math.PI)), this.batchShape);
  }

  /** `H = ½ log(π σ² / 2) + ½`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.log(this.scale), 0.5 * Math.log(Math.PI / 2) + 0.5), this.batchShape);
  }

  /** `F(x) = erf(x / (σ√2))` (erf in float64); the value is validated as by `logProb` (x ≥ 0). */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return erf(tf.div(value, tf.mul(this.scale, Math.SQRT2)));
  }

  /** `F⁻¹(q) = σ √2 erf⁻¹(q)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.mul(tf.mul(this.scale, Math.SQRT2), erfinv(q));
  }
}

/**
 * A HalfNormal distribution: the absolute value of a Normal(0, `scale`), `scale > 0`;
 * support `x ≥ 0` (`nonnegative`: `logProb(0)` is finite).
 *
 * Density `p(x) = √(2/π) / σ · exp(−x²/2σ²)`; mean `σ√(2/π)`, variance `σ²(1 − 2/π)`.
 * Reparameterized: `x = σ|ε|`.
 *
 * @example
 * ```ts
 * const d = HalfNormal([1, 0.5]); // batch [2]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function HalfNormal<Scale extends TensorInput>(scale: Scale): HalfNormalDist<FamilyBatch<[Scale]>, readonly []> {
  return construct(() => {
    const scaleT = toTensor(scale);
    checkParam('HalfNormal', 'scale', scaleT, 'must be positive', isPositive);
    return new HalfNormalDist<FamilyBatch<[Scale]>, readonly []>(scaleT);
  });
}
