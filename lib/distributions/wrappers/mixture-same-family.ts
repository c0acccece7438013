/**
 * `MixtureSameFamily`: a finite mixture whose components are the rightmost batch dim of one
 * distribution (Pyro's / torch's `MixtureSameFamily`).
 *
 * With `mixtureDistribution = Categorical(π)` over `K` categories and `componentDistribution`
 * of batch shape `b + [K]` and event shape `e`, the mixture has batch shape `b`, event shape
 * `e`, the component's support, and
 *
 * - `log p(x) = logsumexp_k (log π_k + log p_k(x))`,
 * - `E[x] = Σ_k π_k μ_k`, `Var[x] = Σ_k π_k σ²_k + Σ_k π_k (μ_k − E[x])²`,
 * - `F(x) = Σ_k π_k F_k(x)` (scalar events),
 * - draws: a category per element, then that component's draw (no gradient: no `rsample`, as in
 *   torch); no entropy or icdf (torch has none).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../core/dims.js';
import { invalidArgument } from '../../core/errors.js';
import { type Key, splitKey } from '../../core/key.js';
import { type Shape, shapesEqual, showShape, tryBroadcastShapes } from '../../core/shape.js';
import type { Constraint } from '../constraints/index.js';
import { type Distribution, DistributionBase } from '../distribution.js';
import type { CategoricalDist } from '../families/discrete/categorical.js';
import { checkSupport, logProbShape } from '../util.js';
import './index.js';

/**
 * The MixtureSameFamily distribution. Construct it with {@link MixtureSameFamily}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class MixtureSameFamilyDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  readonly family = 'MixtureSameFamily';
  /** The mixing weights `π`: a Categorical over the `K` components, batch shape `b` (or broadcastable to it). */
  readonly mixtureDistribution: CategoricalDist;
  /** The components: batch shape `b + [K]`. */
  readonly componentDistribution: Distribution;

  /** Both arguments must already be checked (see {@link MixtureSameFamily}). */
  constructor(mixtureDistribution: CategoricalDist, componentDistribution: Distribution) {
    super(componentDistribution.batchShape.slice(0, -1), componentDistribution.eventShape);
    this.mixtureDistribution = mixtureDistribution;
    this.componentDistribution = componentDistribution;
  }

  /** The components' support. */
  get support(): Constraint {
    return this.componentDistribution.support;
  }

  /** The number of components `K`. */
  get numComponents(): number {
    return this.mixtureDistribution.numEvents;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new MixtureSameFamilyDist(
      this.mixtureDistribution.expand(batchShape) as CategoricalDist,
      this.componentDistribution.expand([...batchShape, this.numComponents]),
    );
  }

  /** `x` with a component dim of size 1 left of its event dims (torch's `_pad`). */
  private pad(x: tf.Tensor): tf.Tensor {
    return tf.expandDims(x, x.rank - this.eventShape.length);
  }

  /** `π` with size-1 dims for the event dims, to weigh per-component quantities `b + [K] + e`. */
  private weights(): tf.Tensor {
    const p = this.mixtureDistribution.probs;
    return tf.reshape(p, [...p.shape, ...this.eventShape.map(() => 1)]);
  }

  /** The weighted sum over the component dim of a per-component quantity `b + [K] + e`. */
  private mix(perComponent: tf.Tensor): tf.Tensor {
    return tf.sum(tf.mul(this.weights(), perComponent), -1 - this.eventShape.length);
  }

  /** `logsumexp_k (log π_k + log p_k(x))`, of shape `sampleShape + batchShape`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    logProbShape(this.family, value, this.batchShape, this.eventShape.length);
    return tf.tidy(() => {
      // the Categorical's logits are normalized at construction (log π)
      const joint = tf.add(this.componentDistribution.logProb(this.pad(value)), this.mixtureDistribution.logits);
      return tf.logSumExp(joint, -1);
    });
  }

  /** A category `k` per element, then component `k`'s draw: `sampleShape + batchShape + eventShape`, no gradient. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const [kMix, kComp] = splitKey(key, 2) as [Key, Key];
    const drawn = tf.tidy((): tf.Tensor => {
      const draws = this.componentDistribution.sample(kComp, sampleShape); // sampleShape + b + [K] + e
      const axis = sampleShape.length + this.batchShape.length;
      if (this.numComponents === 1) return tf.squeeze(draws, [axis]);
      const index = this.mixtureDistribution.expand(this.batchShape).sample(kMix, sampleShape); // sampleShape + b
      // int32 one-hot then a cast: wasm's OneHot ignores a float32 dtype
      const oneHot = tf.cast(tf.oneHot(index, this.numComponents), draws.dtype);
      const selector = tf.reshape(oneHot, [...oneHot.shape, ...this.eventShape.map(() => 1)]);
      return tf.sum(tf.mul(selector, draws), axis);
    });
    return drawn;
  }

  /** `E[x] = Σ_k π_k μ_k`. */
  override get mean(): tf.Tensor {
    return tf.tidy(() => this.mix(this.componentDistribution.mean));
  }

  /** The law of total variance: `Σ_k π_k σ²_k + Σ_k π_k (μ_k − E[x])²`. */
  override get variance(): tf.Tensor {
    return tf.tidy(() => {
      const spread = tf.square(tf.sub(this.componentDistribution.mean, this.pad(this.mean)));
      return tf.add(this.mix(this.componentDistribution.variance), this.mix(spread));
    });
  }

  /** `F(x) = Σ_k π_k F_k(x)` (components with scalar events). */
  override cdf(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sum(tf.mul(this.componentDistribution.cdf(this.pad(value)), this.mixtureDistribution.probs), -1));
  }
}

/**
 * A mixture of the components along the rightmost batch dim of `componentDistribution`,
 * weighted by the Categorical `mixtureDistribution` (Pyro's
 * `MixtureSameFamily(mixture_distribution, component_distribution)`).
 *
 * Gotchas: the number of categories must equal the component batch shape's rightmost dim, and the
 * mixture's batch shape must broadcast to the rest of it (else `InvalidArgument`); no `rsample`
 * (the ELBOs use the score function for a latent mixture site; as a likelihood it needs none).
 *
 * @example
 * ```ts
 * // a Gaussian mixture with weights [0.3, 0.7], the 1-d density of each point:
 * const gmm = MixtureSameFamily(Categorical([0.3, 0.7]), Normal(tf.tensor([-1, 2]), tf.tensor([0.5, 1.5])));
 * gmm.logProb(tf.tensor([-1, 0.5, 3])); // [-1.330, -2.158, -1.903]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function MixtureSameFamily(mixtureDistribution: CategoricalDist, componentDistribution: Distribution): MixtureSameFamilyDist {
  const fn = 'MixtureSameFamily';
  if (mixtureDistribution.family !== 'Categorical') {
    throw invalidArgument(fn, 'mixtureDistribution', 'must be a Categorical', mixtureDistribution.family);
  }
  const componentBatch = componentDistribution.batchShape;
  if (componentBatch.length === 0) {
    throw invalidArgument(fn, 'componentDistribution', 'must have at least one batch dim (the components)', `${componentDistribution.family} with batch shape []`);
  }
  const k = mixtureDistribution.numEvents;
  const kc = componentBatch[componentBatch.length - 1]!;
  if (k !== kc) {
    throw invalidArgument(fn, 'mixtureDistribution', `must have as many categories as componentDistribution's rightmost batch dim (${kc})`, `${k} categories`);
  }
  const batch = componentBatch.slice(0, -1);
  const joint = tryBroadcastShapes(mixtureDistribution.batchShape, batch);
  if (joint === undefined || !shapesEqual(joint, batch)) {
    throw invalidArgument(
      fn,
      'mixtureDistribution',
      `must have a batch shape that broadcasts to the components' ${showShape(batch)}`,
      `batch shape ${showShape(mixtureDistribution.batchShape)}`,
    );
  }
  return new MixtureSameFamilyDist(mixtureDistribution, componentDistribution);
}
