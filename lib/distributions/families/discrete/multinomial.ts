/**
 * The multinomial distribution: the counts of `totalCount` independent Categorical draws over
 * `K` categories (event shape `[K]`), parameterized by `probs` or `logits` along the last dim,
 * normalized at construction as Categorical's (`categorical-params.ts`):
 *
 *   `log p(x) = log (Σx)! − Σ_k log x_k! + Σ_k x_k logits_k`,
 *
 * as torch (which uses the value's own sum `Σx`). The coefficient is computed from the value in
 * float64 (no float32 cancellation of large log-factorials; counts have no gradient), and `−∞`
 * logits meet zero counts as 0. Mean `n p`, variance `n p (1 − p)`; the entropy is torch's
 * `n H(p) − log n! + Σ_k E_{Binomial(n, p_k)}[log x!]`, its last two terms in float64
 * ({@link expectedLogFactorials}).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamDims, Value } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import { type Key, uniforms } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { lgamma64 } from '../../../ops/index.js';
import { type Constraint, multinomial } from '../../constraints/index.js';
import type { Distribution } from '../../distribution.js';
import { binomialDraw } from '../../sampling/discrete-sampling.js';
import { CategoricalParamsDist, FLOAT32_MIN, parseCategoricalParams } from './categorical-params.js';
import { expectedLogFactorials } from './multinomial-entropy.js';
import type { ProbsOrLogits, ProbsOrLogitsParam } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape, construct } from '../../util.js';
import '../../wrappers/index.js';

/** `log (Σx)! − Σ log x_k!` per event of `value` (`[..., K]`), in float64, as a constant tensor. */
function logCoefficients(value: tf.Tensor): tf.Tensor {
  const k = value.shape[value.rank - 1]!;
  const data = value.dataSync();
  const out = new Float32Array(data.length / k);
  for (let row = 0; row < out.length; row++) {
    let total = 0;
    let logs = 0;
    for (let j = row * k; j < (row + 1) * k; j++) {
      total += data[j]!;
      logs += lgamma64(data[j]! + 1);
    }
    out[row] = lgamma64(total + 1) - logs;
  }
  return tf.tensor(out, value.shape.slice(0, -1), 'float32');
}

/**
 * The Multinomial family. Construct it with {@link Multinomial}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class MultinomialDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends CategoricalParamsDist<B, E> {
  readonly family = 'Multinomial';
  readonly support: Constraint;
  /** The number of draws `n` (a non-negative integer, the same for the whole batch, as in torch). */
  readonly totalCount: number;

  /** `normalized` must already be normalized (probs summing to 1, or log-normalized logits). */
  constructor(totalCount: number, parameterization: 'probs' | 'logits', normalized: tf.Tensor, batchShape?: Shape) {
    super(parameterization, normalized, batchShape, normalized.shape.slice(-1));
    this.totalCount = totalCount;
    this.support = multinomial(totalCount);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new MultinomialDist(this.totalCount, this.parameterization, this.normalized, batchShape);
  }

  /**
   * Counts by sequential conditional binomials: `x_j ~ Binomial(n − Σ_{i<j} x_i, p_j / Σ_{i≥j} p_i)`,
   * the last category taking the rest (exact; K − 1 uniforms per draw), float32 `[..., K]`.
   */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const k = this.numEvents;
    const p = this.probsRows();
    const rows = p.length / k;
    const draws = sizeOf(shape) / k;
    const u = uniforms(key, draws * k);
    const out = new Float32Array(draws * k);
    for (let d = 0; d < draws; d++) {
      const at = (d % rows) * k;
      let remaining = this.totalCount;
      let mass = 1;
      for (let j = 0; j < k - 1 && remaining > 0; j++) {
        const q = mass > 0 ? Math.min(1, Math.max(0, p[at + j]! / mass)) : 0;
        const x = binomialDraw(remaining, q, u[d * k + j]!);
        out[d * k + j] = x;
        remaining -= x;
        mass -= p[at + j]!;
      }
      out[d * k + k - 1] = out[d * k + k - 1]! + remaining;
    }
    return tf.tensor(out, [...shape], 'float32');
  }

  /** `log p(x) = log (Σx)! − Σ log x_k! + Σ x_k · max(logits_k, float32 min)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 1);
    const powers = tf.sum(tf.mul(value, tf.maximum(this.logits, FLOAT32_MIN)), -1);
    return broadcastIfNeeded(tf.add(logCoefficients(value), powers), shape);
  }

  /** `E[x] = n p` (`batchShape + [K]`). */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(this.probs, this.totalCount), [...this.batchShape, this.numEvents]);
  }

  /** `Var[x_k] = n p_k (1 − p_k)`. */
  override get variance(): tf.Tensor {
    const p = this.probs;
    return broadcastIfNeeded(tf.mul(tf.mul(p, tf.sub(1, p)), this.totalCount), [...this.batchShape, this.numEvents]);
  }

  /** `H = n H(p) − log n! + Σ_k E_{Binomial(n, p_k)}[log x!]` (torch's), with gradients to the parameters. */
  override entropy(): tf.Tensor {
    const n = this.totalCount;
    const probs = broadcastIfNeeded(this.probs, [...this.batchShape, this.numEvents]);
    return tf.add(tf.mul(this.categoricalEntropy(), n), expectedLogFactorials(probs, n));
  }
}

/**
 * A Multinomial distribution (Pyro's `Multinomial(total_count, probs | logits)`):
 * `Multinomial(totalCount, probs)`, `Multinomial(totalCount, { probs })` or
 * `Multinomial(totalCount, { logits })`, with categories along the last dim. Batch shape
 * `param.shape[:-1]`, event shape `[K]`.
 *
 * Gotchas: `totalCount` is one non-negative integer for the whole batch (torch refuses
 * inhomogeneous counts too; with 1 the law is `OneHotCategorical`'s); `probs` are
 * normalized (they need a positive sum); `logProb` accepts count vectors summing to at most
 * `totalCount` and uses the value's own sum, as torch; discrete, so no `rsample`.
 *
 * @example
 * ```ts
 * const d = Multinomial(10, [0.2, 0.3, 0.5]);
 * d.logProb(tf.tensor([2, 3, 5])); // -2.465
 * d.mean; // [2, 3, 5]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Multinomial<Params extends TensorInput | ProbsOrLogits>(
  totalCount: number,
  params: Params,
): MultinomialDist<ParamDims<ProbsOrLogitsParam<Params>, 1>[0], ParamDims<ProbsOrLogitsParam<Params>, 1>[1]> {
  return construct(() => {
    if (!(Number.isInteger(totalCount) && totalCount >= 0)) {
      throw invalidArgument('Multinomial', 'totalCount', 'must be a non-negative integer (one count for the whole batch)', String(totalCount));
    }
    const { kind, normalized } = parseCategoricalParams('Multinomial', params);
    return new MultinomialDist<ParamDims<ProbsOrLogitsParam<Params>, 1>[0], ParamDims<ProbsOrLogitsParam<Params>, 1>[1]>(totalCount, kind, normalized);
  });
}
