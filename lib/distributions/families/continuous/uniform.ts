/**
 * The continuous Uniform distribution on `[low, high)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import type { Key } from '../../../core/key.js';
import { type Shape, showShape } from '../../../core/shape.js';
import { type Interval, interval } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { broadcastIndex } from '../../../ops/fused/broadcast.js';
import { standardUniform } from '../../sampling/standard-draws.js';
import {
  type TensorInput,
  batchShapeOf,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isFiniteNumber,
  isValidationEnabled,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Uniform family. Construct it with {@link Uniform}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class UniformDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'Uniform';
  /** `interval(low, high)` (closed, as Pyro's; `logProb(high)` is nevertheless `−∞`). */
  readonly support: Interval;
  /** The lower end (inclusive). */
  readonly low: tf.Tensor;
  /** The upper end (exclusive). */
  readonly high: tf.Tensor;

  constructor(low: tf.Tensor, high: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('Uniform', [low.shape, high.shape]), []);
    this.low = low;
    this.high = high;
    this.support = interval(low, high);
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new UniformDist(this.low, this.high, batchShape);
  }

  /** `x = low + u (high − low)`, `u ~ U[0, 1)` from `key`. */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return tf.tidy(() => {
      const u = standardUniform(key, this.extendedShape(sampleShape)); // released with the tidy
      return tf.add<Value<B, E>>(this.low, tf.mul(u, tf.sub(this.high, this.low)));
    });
  }

  /**
   * `log p(x) = log(1[low ≤ x] · 1[x < high]) − log(high − low)`: `−log(high − low)` inside,
   * `−∞` outside (torch's formula; the indicators are float casts of comparisons, which have
   * zero gradients).
   */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const lower = tf.cast(tf.greaterEqual(value, this.low), 'float32');
    const upper = tf.cast(tf.less(value, this.high), 'float32');
    const lp = tf.sub(tf.log(tf.mul(lower, upper)), tf.log(tf.sub(this.high, this.low)));
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[X] = (low + high)/2`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(tf.add(this.low, this.high), 0.5), this.batchShape);
  }

  /** `Var[X] = (high − low)²/12`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.div(tf.square(tf.sub(this.high, this.low)), 12), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(tf.sub(this.high, this.low), 1 / Math.sqrt(12)), this.batchShape);
  }

  /** `H = log(high − low)`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.log(tf.sub(this.high, this.low)), this.batchShape);
  }

  /** `F(x) = clamp((x − low)/(high − low), 0, 1)`; the value is validated as by `logProb` (in `[low, high]`). */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return tf.clipByValue(tf.div(tf.sub(value, this.low), tf.sub(this.high, this.low)), 0, 1);
  }

  /** `F⁻¹(q) = low + q (high − low)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.add(this.low, tf.mul(q, tf.sub(this.high, this.low)));
  }
}

/** Throw `InvalidArgument` naming 'low' where `low ≥ high` (elementwise, broadcast). */
function checkLowBelowHigh(low: tf.Tensor, high: tf.Tensor): void {
  if (!isValidationEnabled()) return;
  const shape = batchShapeOf('Uniform', [low.shape, high.shape]);
  const [lo, hi] = [low.dataSync(), high.dataSync()];
  const [iLo, iHi] = [broadcastIndex(low.shape, shape), broadcastIndex(high.shape, shape)];
  for (let k = 0; k < iLo.length; k++) {
    const [l, h] = [lo[iLo[k]!]!, hi[iHi[k]!]!];
    if (!(l < h)) {
      throw invalidArgument('Uniform', 'low', "must be less than 'high'", `low ${l} and high ${h} (element ${k} of batch shape ${showShape(shape)})`);
    }
  }
}

/**
 * A Uniform distribution on `[low, high)`, `low < high` elementwise.
 *
 * Density `p(x) = 1/(high − low)`; mean `(low + high)/2`, variance `(high − low)²/12`.
 * Reparameterized: `x = low + u (high − low)`.
 *
 * Gotcha: as in Pyro the support `interval(low, high)` is closed, so `logProb(high)` passes
 * validation but is `−∞`.
 *
 * @example
 * ```ts
 * const d = Uniform([0, -1], [1, 1]); // batch [2]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Uniform<Low extends TensorInput, High extends TensorInput>(low: Low, high: High): UniformDist<FamilyBatch<[Low, High]>, readonly []> {
  return construct(() => {
    const lowT = toTensor(low);
    const highT = toTensor(high);
    checkParam('Uniform', 'low', lowT, 'must be finite', isFiniteNumber);
    checkParam('Uniform', 'high', highT, 'must be finite', isFiniteNumber);
    checkLowBelowHigh(lowT, highT);
    return new UniformDist<FamilyBatch<[Low, High]>, readonly []>(lowT, highT);
  });
}
