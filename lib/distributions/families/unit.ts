/**
 * `Unit`: the trivial distribution behind `factor` (Pyro's `Unit`). Its log-density is a
 * given tensor `logFactor`, whatever the value.
 *
 * `factor` itself is a primitive (exported with the others), defined here because it builds a
 * `Unit`: the core, where the other primitives live, imports nothing from the distributions.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dims } from '../../core/dims.js';
import type { Key } from '../../core/key.js';
import { type SampleEffect, sample } from '../../core/primitives.js';
import type { Shape } from '../../core/shape.js';
import { type Constraint, real } from '../constraints/index.js';
import { type Distribution, DistributionBase } from '../distribution.js';
import { broadcastIfNeeded, toTensor, type TensorInput, construct } from '../util.js';
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
  return construct(() => {
    return new UnitDist(toTensor(logFactor));
  });
}

/**
 * Add `logFactor` to the model's log-density (Pyro's `factor`): an observed site whose
 * distribution is `Unit(logFactor)`.
 *
 * @example
 * ```ts
 * yield* factor('penalty', tf.scalar(-3)); // adds −3 to the model's log-density
 * ```
 * @category primitives
 * @since 0.1.0
 */
export function factor<N extends string>(name: N, logFactor: TensorInput): SampleEffect<N, Dims, Dims, true> {
  const t = toTensor(logFactor);
  return sample(name, Unit(t), { obs: t });
}
