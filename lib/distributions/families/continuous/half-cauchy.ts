/**
 * The HalfCauchy distribution: `|Y|` with `Y ~ Cauchy(0, scale)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { log1p } from '../../../ops/index.js';
import { type Constraint, nonnegative } from '../../constraints/index.js';
import { ScaleDist } from './loc-scale.js';
import { negativeToMinusInfinity } from './piecewise.js';
import { halfCauchyValues } from '../../sampling/standard-draws.js';
import { type TensorInput, broadcastIfNeeded, checkParam, checkSupport, isPositive, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

const LOG_PI_OVER_TWO = Math.log(Math.PI / 2);

/**
 * The HalfCauchy family. Construct it with {@link HalfCauchy}.
 * `scale` is the scale `σ` of the underlying Cauchy(0, σ); draws `x = σ |tan(π(u − ½))|`, `u ~ U(0, 1)`.
 *
 * @category distributions
 * @since 0.1.0
 */
export class HalfCauchyDist<B extends Dims = Dims, E extends Dims = readonly []> extends ScaleDist<B, E> {
  readonly family = 'HalfCauchy';
  readonly support: Constraint = nonnegative;

  constructor(scale: tf.Tensor, batchShape?: Shape) {
    super(scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return halfCauchyValues(key, n);
  }

  /** `log p(x) = log 2 − log π − log σ − log(1 + (x/σ)²)` for `x ≥ 0`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const lp = tf.neg(tf.add(log1p(tf.square(tf.div(value, this.scale))), tf.add(tf.log(this.scale), LOG_PI_OVER_TWO)));
    return broadcastIfNeeded(negativeToMinusInfinity(lp, value), shape);
  }

  /** Infinite (the Cauchy has no moments): `+∞` everywhere, as in Pyro. */
  override get mean(): tf.Tensor {
    return tf.fill([...this.batchShape], Infinity);
  }

  /** Infinite, as in Pyro. */
  override get variance(): tf.Tensor {
    return tf.fill([...this.batchShape], Infinity);
  }

  override get stddev(): tf.Tensor {
    return tf.fill([...this.batchShape], Infinity);
  }

  /** `H = log(2πσ)`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.log(this.scale), Math.log(2 * Math.PI)), this.batchShape);
  }

  /** `F(x) = (2/π) atan(x/σ)`; the value is validated as by `logProb` (x ≥ 0). */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return tf.mul(tf.atan(tf.div(value, this.scale)), 2 / Math.PI);
  }

  /** `F⁻¹(q) = σ tan(πq/2)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.mul(this.scale, tf.tan(tf.mul(q, Math.PI / 2)));
  }
}

/**
 * A HalfCauchy distribution: the absolute value of a Cauchy(0, `scale`), `scale > 0`; support
 * `x ≥ 0` (`nonnegative`). A common weakly-informative prior on scales.
 *
 * Density `p(x) = 2 / (π σ (1 + (x/σ)²))`; mean and variance are infinite. Reparameterized:
 * `x = σ |tan(π(u − ½))|`.
 *
 * @example
 * ```ts
 * const tau = HalfCauchy(5);
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function HalfCauchy<Scale extends TensorInput>(scale: Scale): HalfCauchyDist<FamilyBatch<[Scale]>, readonly []> {
  return construct(() => {
    const scaleT = toTensor(scale);
    checkParam('HalfCauchy', 'scale', scaleT, 'must be positive', isPositive);
    return new HalfCauchyDist<FamilyBatch<[Scale]>, readonly []>(scaleT);
  });
}
