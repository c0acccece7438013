/**
 * The Beta distribution on the unit interval, with draws built from two Gammas.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { digamma, lbeta, xlogy } from '../../../ops/index.js';
import { type Constraint, unitInterval } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { betaDraws } from '../../sampling/implicit-reparam.js';
import { betaElement, betaEntropyElement, fused64 } from './density64.js';
import {
  type TensorInput,
  batchShapeOf,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isPositive,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Beta family. Construct it with {@link Beta}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class BetaDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'Beta';
  readonly support: Constraint = unitInterval;
  /** `a`, the pseudo-count of ones (the exponent of `x`). */
  readonly concentration1: tf.Tensor;
  /** `b`, the pseudo-count of zeros (the exponent of `1 − x`). */
  readonly concentration0: tf.Tensor;

  constructor(concentration1: tf.Tensor, concentration0: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('Beta', [concentration1.shape, concentration0.shape]), []);
    this.concentration1 = concentration1;
    this.concentration0 = concentration0;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new BetaDist(this.concentration1, this.concentration0, batchShape);
  }

  /** `X / (X + Y)`, `X ~ Gamma(a)`, `Y ~ Gamma(b)` by Marsaglia–Tsang, without gradient. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return betaDraws(key, this.concentration1, this.concentration0, this.extendedShape(sampleShape), false);
  }

  /**
   * `X / (X + Y)`, `X ~ Gamma(a)`, `Y ~ Gamma(b)`: the gradient is the implicit
   * reparameterization of both Gammas through the ratio. One tfjs op.
   */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return betaDraws(key, this.concentration1, this.concentration0, this.extendedShape(sampleShape), true);
  }

  /**
   * `log p(x) = (a − 1) log x + (b − 1) log(1 − x) − log B(a, b)`, with `xlogy` so the
   * endpoints match Pyro (`log p(0) = −log B(1, b)` for `a = 1`).
   */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const lp = fused64('Beta.logProb', [value, this.concentration1, this.concentration0], betaElement, ([x, a, b]) =>
      tf.sub(tf.add(xlogy(tf.sub(a!, 1), x!), xlogy(tf.sub(b!, 1), tf.sub(1, x!))), lbeta(a!, b!)),
    );
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[X] = a/(a + b)`. */
  override get mean(): tf.Tensor {
    const [a, b] = [this.concentration1, this.concentration0];
    return broadcastIfNeeded(tf.div(a, tf.add(a, b)), this.batchShape);
  }

  /** `Var[X] = ab / ((a + b)² (a + b + 1))`. */
  override get variance(): tf.Tensor {
    const [a, b] = [this.concentration1, this.concentration0];
    const total = tf.add(a, b);
    return broadcastIfNeeded(tf.div(tf.mul(a, b), tf.mul(tf.square(total), tf.add(total, 1))), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return tf.sqrt(this.variance);
  }

  /** `H = log B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b)`, one float64 fused op (`density64.ts`). */
  override entropy(): tf.Tensor {
    const h = fused64('Beta.entropy', [this.concentration1, this.concentration0], betaEntropyElement, ([a, b]) => {
      const total = tf.add(a!, b!);
      return tf.add(
        tf.sub(lbeta(a!, b!), tf.add(tf.mul(tf.sub(a!, 1), digamma(a!)), tf.mul(tf.sub(b!, 1), digamma(b!)))),
        tf.mul(tf.sub(total, 2), digamma(total)),
      );
    });
    return broadcastIfNeeded(h, this.batchShape);
  }
}

/**
 * A Beta distribution with `concentration1` a > 0 and `concentration0` b > 0; support `[0, 1]`
 * (`unitInterval`, closed as in Pyro).
 *
 * Density `p(x) = x^{a−1} (1 − x)^{b−1} / B(a, b)`; mean `a/(a + b)`, variance
 * `ab/((a + b)²(a + b + 1))`. `cdf`/`icdf` throw `NotImplemented`, as in Pyro 1.8.6.
 *
 * Sampling: `X/(X + Y)` with independent `X ~ Gamma(a, 1)`, `Y ~ Gamma(b, 1)` (Marsaglia–Tsang),
 * in log space and clamped into `[tiny, 1 − 2⁻²⁴]` so float32 draws never hit 0 or 1.
 * `rsample` inherits Gamma's implicit reparameterization gradient (first-order only).
 *
 * @example
 * ```ts
 * const p = Beta(2, 5);
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Beta<Concentration1 extends TensorInput, Concentration0 extends TensorInput>(concentration1: Concentration1, concentration0: Concentration0): BetaDist<FamilyBatch<[Concentration1, Concentration0]>, readonly []> {
  return construct(() => {
    const c1 = toTensor(concentration1);
    const c0 = toTensor(concentration0);
    checkParam('Beta', 'concentration1', c1, 'must be positive', isPositive);
    checkParam('Beta', 'concentration0', c0, 'must be positive', isPositive);
    return new BetaDist<FamilyBatch<[Concentration1, Concentration0]>, readonly []>(c1, c0);
  });
}
