/**
 * The base class of the scalar families Pyro builds as a `TransformedDistribution` of a simple
 * base: Weibull (`Exponential(1)` → power → scale), Pareto (`Exponential(α)` → exp → scale) and
 * Kumaraswamy (`Uniform(0, 1)` → power → `1 − ·` → power).
 *
 * What the transforms give exactly comes from `wrappers/transformed.ts`: draws (reparameterized
 * through the transforms, gradients reaching the parameters the transforms hold), `cdf` and
 * `icdf` (the base's, through the inverse, flipped where the chain decreases), `logProb` (base
 * density minus the log-Jacobians) and KL dispatch: the family's lineage ends in
 * `TransformedDistribution`, so as in Pyro two members with equal transforms reach the
 * TransformedDistribution/TransformedDistribution rule (KL of the bases) and any other pair
 * without its own rule is `NotImplemented`. A family overrides what has a closed form (moments,
 * entropy) and where the generic path loses float32 accuracy (Kumaraswamy's `logProb`).
 *
 * Subclasses keep the constructor `(...parameters, batchShape?)`: `expand` rebuilds through it
 * (with the parameters they passed to this base).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import type { Distribution } from '../../distribution.js';
import type { Transform } from '../../transforms/transform.js';
import { batchShapeOf, broadcastIfNeeded } from '../../util.js';
import { TransformedDist } from '../../wrappers/transformed.js';

/**
 * A scalar family defined as `transforms` applied to draws of `base` (base batch shape = the
 * family's batch shape, event shape `[]`).
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class TransformedFamilyDist<B extends Dims = Dims, E extends Dims = readonly []> extends TransformedDist<B, E> {
  /** The family's parameters in constructor order. */
  protected readonly parameters: readonly tf.Tensor[];

  /**
   * `layout(batchShape)` builds the base (of that batch shape) and the transforms; the batch
   * shape is `batchShape`, else the broadcast of the parameters' shapes.
   */
  protected constructor(
    family: string,
    parameters: readonly tf.Tensor[],
    batchShape: Shape | undefined,
    layout: (batchShape: Shape) => readonly [Distribution, readonly Transform[]],
  ) {
    const shape = batchShape ?? batchShapeOf(family, parameters.map((p) => p.shape));
    const [base, transforms] = layout(shape);
    super(base, transforms, shape, []);
    this.parameters = parameters;
  }

  /** `compute()` broadcast to the batch shape, its intermediates disposed (moments, entropy). */
  protected batchValue(compute: () => tf.Tensor): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(compute(), this.batchShape));
  }

  /** The same family with a larger batch shape (its constructor with the same parameters). */
  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (...args: readonly (tf.Tensor | Shape)[]) => Distribution;
    return new Family(...this.parameters, batchShape);
  }
}
