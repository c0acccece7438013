/**
 * The beta-binomial distribution: `k ~ Binomial(n, p)` with `p ~ Beta(α, β)`, marginalized, on
 * `{0, …, n}` (Pyro's `BetaBinomial(concentration1 α, concentration0 β, total_count n)`):
 *
 *   `log p(k) = log C(n, k) + lbeta(k + α, n − k + β) − lbeta(α, β)`,
 *
 * with `log C(n, k) = −lbeta(k + 1, n − k + 1) − log(n + 1)`, every term a float64 `lbeta`
 * (no float32 cancellation of log-factorials). Mean `n α/(α + β)`, variance
 * `n α β (α + β + n) / ((α + β)² (α + β + 1))`. Draws: `p` from two Gamma draws, then an exact
 * binomial, in float64.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { lbeta } from '../../../ops/index.js';
import { type Constraint, integerInterval } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { betaBinomialDraws } from '../../sampling/compound-draws.js';
import { tensorFrom } from '../../sampling/standard-draws.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkParam, checkSupport, dataAt, isPositive, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The BetaBinomial family. Construct it with {@link BetaBinomial}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class BetaBinomialDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'BetaBinomial';
  readonly support: Constraint;
  /** `α > 0`, the Beta pseudo-count of successes. */
  readonly concentration1: tf.Tensor;
  /** `β > 0`, the Beta pseudo-count of failures. */
  readonly concentration0: tf.Tensor;
  /** The number of trials `n` (a non-negative integer per element). */
  readonly totalCount: tf.Tensor;

  constructor(concentration1: tf.Tensor, concentration0: tf.Tensor, totalCount: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('BetaBinomial', [concentration1.shape, concentration0.shape, totalCount.shape]), []);
    this.concentration1 = concentration1;
    this.concentration0 = concentration0;
    this.totalCount = totalCount;
    this.support = integerInterval(0, totalCount);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new BetaBinomialDist(this.concentration1, this.concentration0, this.totalCount, batchShape);
  }

  /** `p ~ Beta(α, β)` then `k ~ Binomial(n, p)`, in float64 (float32 counts, no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const m = sizeOf(this.batchShape);
    const [a, b, n] = [this.concentration1, this.concentration0, this.totalCount].map((t) => dataAt(t, this.batchShape)) as [
      ArrayLike<number>,
      ArrayLike<number>,
      ArrayLike<number>,
    ];
    const draws = betaBinomialDraws(key, sizeOf(shape), (i) => a[i % m]!, (i) => b[i % m]!, (i) => n[i % m]!);
    return tensorFrom(shape, (i) => draws[i]!);
  }

  /** `log p(k) = −lbeta(k + 1, n − k + 1) − log(n + 1) + lbeta(k + α, n − k + β) − lbeta(α, β)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const [a, b, n] = [this.concentration1, this.concentration0, this.totalCount];
    const rest = tf.sub(n, value);
    const logChoose = tf.neg(tf.add(lbeta(tf.add(value, 1), tf.add(rest, 1)), tf.log(tf.add(n, 1))));
    const lp = tf.add(logChoose, tf.sub(lbeta(tf.add(value, a), tf.add(rest, b)), lbeta(a, b)));
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[k] = n α/(α + β)`. */
  override get mean(): tf.Tensor {
    const [a, b] = [this.concentration1, this.concentration0];
    return broadcastIfNeeded(tf.div(tf.mul(this.totalCount, a), tf.add(a, b)), this.batchShape);
  }

  /** `Var[k] = n α β (α + β + n) / ((α + β)² (α + β + 1))`. */
  override get variance(): tf.Tensor {
    const [a, b, n] = [this.concentration1, this.concentration0, this.totalCount];
    const s = tf.add(a, b);
    const betaVariance = tf.div(tf.mul(a, b), tf.mul(tf.square(s), tf.add(s, 1)));
    return broadcastIfNeeded(tf.mul(betaVariance, tf.mul(n, tf.add(s, n))), this.batchShape);
  }
}

/**
 * A BetaBinomial distribution on `{0, …, totalCount}` (Pyro's
 * `BetaBinomial(concentration1, concentration0, total_count=1)`): a Binomial whose success
 * probability is `Beta(concentration1, concentration0)`, marginalized. Batch shape: the
 * broadcast of the three parameters.
 *
 * Gotchas: the concentrations must be positive and `totalCount` a non-negative integer, else
 * `InvalidArgument`; no `entropy` or `cdf` (Pyro has none); discrete, so no `rsample`.
 *
 * @example
 * ```ts
 * const d = BetaBinomial(2, 3, 10); // mean 4, variance 6
 * d.logProb(tf.tensor([4])); // [-1.967]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function BetaBinomial<C1 extends TensorInput, C0 extends TensorInput, TotalCount extends TensorInput = number>(
  concentration1: C1,
  concentration0: C0,
  totalCount: TotalCount = 1 as TotalCount,
): BetaBinomialDist<FamilyBatch<[C1, C0, TotalCount]>, readonly []> {
  return construct(() => {
    const [a, b, n] = [toTensor(concentration1), toTensor(concentration0), toTensor(totalCount)];
    checkParam('BetaBinomial', 'concentration1', a, 'must be positive and finite', isPositive);
    checkParam('BetaBinomial', 'concentration0', b, 'must be positive and finite', isPositive);
    checkParam('BetaBinomial', 'totalCount', n, 'must be a non-negative integer', (x) => x >= 0 && Number.isInteger(x));
    return new BetaBinomialDist<FamilyBatch<[C1, C0, TotalCount]>, readonly []>(a, b, n);
  });
}
