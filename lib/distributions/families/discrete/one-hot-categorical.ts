/**
 * The one-hot categorical distribution: a Categorical whose value is the one-hot vector of the
 * drawn category (event shape `[K]`), parameterized by `probs` or `logits` along the last dim,
 * normalized at construction as Categorical's (`categorical-params.ts`).
 *
 * Mass: `log p(x) = Σ_k x_k · logits_k` (normalized logits; `−∞` logits clamped to the float32
 * minimum so the zeros of `x` do not make `0 · (−∞)`). Mean `p`, variance `p (1 − p)`, entropy
 * the Categorical's.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamDims, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { type Constraint, oneHot } from '../../constraints/index.js';
import type { Distribution } from '../../distribution.js';
import { CategoricalParamsDist, FLOAT32_MIN, parseCategoricalParams } from './categorical-params.js';
import type { ProbsOrLogits, ProbsOrLogitsParam } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The OneHotCategorical family. Construct it with {@link OneHotCategorical}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class OneHotCategoricalDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends CategoricalParamsDist<B, E> {
  readonly family = 'OneHotCategorical';
  readonly support: Constraint = oneHot;

  /** `normalized` must already be normalized (probs summing to 1, or log-normalized logits). */
  constructor(parameterization: 'probs' | 'logits', normalized: tf.Tensor, batchShape?: Shape) {
    super(parameterization, normalized, batchShape, normalized.shape.slice(-1));
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new OneHotCategoricalDist(this.parameterization, this.normalized, batchShape);
  }

  /** One-hot rows of inverse-CDF category draws: float32 of shape `sampleShape + batchShape + [K]`. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const k = this.numEvents;
    const index = this.drawIndices(key, sizeOf(shape) / k);
    const out = new Float32Array(sizeOf(shape));
    index.forEach((j, i) => {
      out[i * k + j] = 1;
    });
    return tf.tensor(out, [...shape], 'float32');
  }

  /** `log p(x) = Σ_k x_k · max(logits_k, float32 min)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 1);
    const lp = tf.sum(tf.mul(value, tf.maximum(this.logits, FLOAT32_MIN)), -1);
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[x] = p` (`batchShape + [K]`). */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.probs, [...this.batchShape, this.numEvents]);
  }

  /** `Var[x_k] = p_k (1 − p_k)`. */
  override get variance(): tf.Tensor {
    const p = this.probs;
    return broadcastIfNeeded(tf.mul(p, tf.sub(1, p)), [...this.batchShape, this.numEvents]);
  }

  /** The Categorical's `H = −Σ_k p_k log p_k`. */
  override entropy(): tf.Tensor {
    return this.categoricalEntropy();
  }
}

/**
 * A OneHotCategorical distribution (Pyro's `OneHotCategorical(probs | logits)`):
 * `OneHotCategorical(probs)`, `OneHotCategorical({ probs })` or `OneHotCategorical({ logits })`,
 * with categories along the last dim. Batch shape `param.shape[:-1]`, event shape `[K]`.
 *
 * Gotchas: values are one-hot float vectors (a Categorical takes indices); `probs` need not sum
 * to 1 (normalized, as in Pyro) but must be non-negative with a positive sum; discrete, so no
 * `rsample`.
 *
 * @example
 * ```ts
 * const d = OneHotCategorical({ logits: [-1, 0, 1, 2] });
 * d.logProb(tf.tensor([0, 0, 0, 1])); // -0.440
 * d.sample(prngKey(0), [2]).shape; // [2, 4]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function OneHotCategorical<Params extends TensorInput | ProbsOrLogits>(
  params: Params,
): OneHotCategoricalDist<ParamDims<ProbsOrLogitsParam<Params>, 1>[0], ParamDims<ProbsOrLogitsParam<Params>, 1>[1]> {
  return construct(() => {
    const { kind, normalized } = parseCategoricalParams('OneHotCategorical', params);
    return new OneHotCategoricalDist<ParamDims<ProbsOrLogitsParam<Params>, 1>[0], ParamDims<ProbsOrLogitsParam<Params>, 1>[1]>(kind, normalized);
  });
}
