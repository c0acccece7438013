/**
 * The Categorical distribution over `{0, …, K−1}`, parameterized by `probs` or `logits`
 * (exactly one) along the last dim.
 *
 * As in Pyro, parameters are normalized at construction (`categorical-params.ts`); the batch
 * shape is `param.shape[:-1]` and the event shape is `[]`. Values are integer indices (`int32` draws; float values holding integers are
 * accepted by `logProb`). Mass: `log p(i) = logits[i]` (normalized).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { type Constraint, integerInterval } from '../../constraints/index.js';
import type { Distribution } from '../../distribution.js';
import { CategoricalParamsDist, parseCategoricalParams } from './categorical-params.js';
import type { ProbsOrLogits, ProbsOrLogitsParam } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Categorical family. Construct it with {@link Categorical}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class CategoricalDist<B extends Dims = Dims, E extends Dims = readonly []> extends CategoricalParamsDist<B, E> {
  readonly family = 'Categorical';
  readonly support: Constraint;

  /** `normalized` must already be normalized (probs summing to 1, or log-normalized logits). */
  constructor(parameterization: 'probs' | 'logits', normalized: tf.Tensor, batchShape?: Shape) {
    super(parameterization, normalized, batchShape, []);
    this.support = integerInterval(0, this.numEvents - 1);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new CategoricalDist(this.parameterization, this.normalized, batchShape);
  }

  /** Inverse-CDF draws (one uniform per element), `int32` of shape `sampleShape + batchShape`. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    return tf.tensor(this.drawIndices(key, sizeOf(shape)), [...shape], 'int32');
  }

  /** `log p(x) = Σ_k onehot(x)_k · logits_k` (a gather written as a masked sum). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    // One category: the support is {0} and the log-mass is 0 (tfjs's oneHot needs depth ≥ 2).
    if (this.numEvents === 1) return broadcastIfNeeded(tf.squeeze(this.logits, [-1]), shape);
    const index = value.dtype === 'int32' ? value : tf.cast(value, 'int32');
    // int32 one-hot then a cast: wasm's OneHot ignores a float32 dtype (writes int bits).
    const oneHot = tf.cast(tf.oneHot(index, this.numEvents), 'float32');
    const lp = tf.sum(tf.mul(oneHot, this.logits), -1);
    return broadcastIfNeeded(lp, shape);
  }

  /** Undefined for a categorical: NaN of the batch shape, as in Pyro. */
  override get mean(): tf.Tensor {
    return tf.fill([...this.batchShape], NaN);
  }

  /** Undefined for a categorical: NaN of the batch shape, as in Pyro. */
  override get variance(): tf.Tensor {
    return tf.fill([...this.batchShape], NaN);
  }

  /** `H = −Σ_k p_k · max(logits_k, float32 min)` (the clamp makes `0 · (−∞)` vanish). */
  override entropy(): tf.Tensor {
    return this.categoricalEntropy();
  }
}

/**
 * A Categorical distribution: `Categorical(probs)`, `Categorical({ probs })` or
 * `Categorical({ logits })`, with categories along the last dim.
 *
 * Gotchas: `probs` need not sum to 1 (they are normalized, as in Pyro) but must be
 * non-negative with a positive sum; `mean`/`variance` are NaN (Pyro's convention); discrete,
 * so no `rsample`; draws are `int32`.
 *
 * @example
 * ```ts
 * const d = Categorical(tf.tensor([[0.2, 0.3, 0.5], [0.7, 0.2, 0.1]])); // batch [2]
 * d.logProb(tf.tensor([2, 0], undefined, 'int32')); // [log 0.5, log 0.7]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Categorical<Params extends TensorInput | ProbsOrLogits>(params: Params): CategoricalDist<FamilyBatch<[ProbsOrLogitsParam<Params>], 1>, readonly []> {
  return construct(() => {
    const { kind, normalized } = parseCategoricalParams('Categorical', params);
    return new CategoricalDist<FamilyBatch<[ProbsOrLogitsParam<Params>], 1>, readonly []>(kind, normalized);
  });
}
