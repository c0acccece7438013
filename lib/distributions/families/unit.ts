/**
 * `Unit`: the trivial distribution behind `factor` (Pyro's `Unit`). Its log-density is a
 * given tensor `logFactor`, whatever the value.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Key } from '../../core/key.js';
import type { Shape } from '../../core/shape.js';
import { type Constraint, real } from '../constraints/index.js';
import { type Distribution, DistributionBase } from '../distribution.js';
import { broadcastIfNeeded, toTensor, type TensorInput } from '../util.js';
import '../wrappers/index.js';

/**
 * The distribution of a `factor` site: `log p(·) = logFactor`.
 *
 * @category distributions
 * @since 0.1.0
 */
export class UnitDist extends DistributionBase {
  readonly family = 'Unit';
  readonly support: Constraint = real;
  readonly logFactor: tf.Tensor;

  constructor(logFactor: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? logFactor.shape, []);
    this.logFactor = logFactor;
  }

  /** The log-factor itself (the value of a factor site carries no information). */
  override sample(_key: Key, sampleShape: Shape = []): tf.Tensor {
    return broadcastIfNeeded(this.logFactor, this.extendedShape(sampleShape));
  }

  logProb(_value: tf.Tensor): tf.Tensor {
    return broadcastIfNeeded(this.logFactor, this.batchShape);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new UnitDist(this.logFactor, batchShape);
  }
}

/** A {@link UnitDist} with log-density `logFactor`. @category distributions @since 0.1.0 */
export function Unit(logFactor: TensorInput): UnitDist {
  return new UnitDist(toTensor(logFactor));
}
