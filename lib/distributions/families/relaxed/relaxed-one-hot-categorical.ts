/**
 * RelaxedOneHotCategorical (the Concrete / Gumbel-softmax distribution, Maddison et al. 2017;
 * Jang et al. 2017) on the simplex, and its straight-through variant, parameterized by a
 * `temperature` `T > 0` and `probs` or `logits` `ℓ` over `K` categories (last dim).
 *
 * As torch's `RelaxedOneHotCategorical`: `exp` of `x ~ ExpRelaxedCategorical(T, ℓ)`, drawn as
 * `x = s − logsumexp(s)`, `s = (ℓ + g) / T` with Gumbel noise `g = −log(−log u)` (`u ~ U(0, 1)`
 * clamped to `[ε, 1 − ε]`), with density on the log-simplex
 * `log p(x) = log Γ(K) + (K − 1) log T + Σ_k c_k − K logsumexp(c)`, `c = ℓ − T x` (normalized
 * logits); for `y = exp(x)`, `log p(y) = log p(x) − Σ_k x_k`, w.r.t. the Lebesgue measure on all
 * `K` coordinates, as torch defines it. No mean, variance or entropy (as torch).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamDims } from '../../../core/dims.js';
import { type Key, uniforms } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Constraint, simplex } from '../../constraints/index.js';
import type { Distribution } from '../../distribution.js';
import { tensorFrom } from '../../sampling/standard-draws.js';
import { ExpTransform } from '../../transforms/exp.js';
import { FLOAT32_EPS, type ProbsOrLogits, type ProbsOrLogitsParam } from '../discrete/probs-logits.js';
import { FLOAT32_MIN, parseCategoricalParams } from '../discrete/categorical-params.js';
import { type TensorInput, batchShapeOf, toTensor } from '../../util.js';
import { RelaxedDist, parseTemperature } from './relaxed.js';
import '../../wrappers/index.js';

/** `log Γ(k) = log (k − 1)!` for a positive integer `k`. */
function logFactorialBelow(k: number): number {
  let sum = 0;
  for (let i = 2; i < k; i++) sum += Math.log(i);
  return sum;
}

/**
 * The RelaxedOneHotCategorical family and its straight-through variant. Construct them with
 * {@link RelaxedOneHotCategorical} and {@link RelaxedOneHotCategoricalStraightThrough}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class RelaxedOneHotCategoricalDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends RelaxedDist<B, E> {
  readonly family: string;
  readonly support: Constraint = simplex;
  protected readonly transform = ExpTransform();
  /** Which parameter the distribution was built from. */
  readonly parameterization: 'probs' | 'logits';
  /** Normalized probabilities, or log-normalized logits, `[..., K]` (per {@link parameterization}). */
  protected readonly normalized: tf.Tensor;
  /** The number of categories `K`. */
  readonly numEvents: number;

  /** `normalized` must already be normalized (probs summing to 1, or log-normalized logits). */
  constructor(temperature: tf.Tensor, parameterization: 'probs' | 'logits', normalized: tf.Tensor, straightThrough: boolean, batchShape?: Shape) {
    const family = straightThrough ? 'RelaxedOneHotCategoricalStraightThrough' : 'RelaxedOneHotCategorical';
    const k = normalized.shape[normalized.rank - 1]!;
    super(temperature, straightThrough, batchShape ?? batchShapeOf(family, [temperature.shape, normalized.shape.slice(0, -1)]), [k]);
    this.family = family;
    this.parameterization = parameterization;
    this.normalized = normalized;
    this.numEvents = k;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new RelaxedOneHotCategoricalDist(this.temperature, this.parameterization, this.normalized, this.straightThrough, batchShape);
  }

  /** Normalized probabilities `[..., K]` (unbroadcast). */
  get probs(): tf.Tensor {
    return this.parameterization === 'probs' ? this.normalized : tf.exp(this.normalized);
  }

  /** Normalized logits `log p` `[..., K]` (unbroadcast; from probs `log(clamp(p, ε, 1 − ε))`). */
  get logits(): tf.Tensor {
    if (this.parameterization === 'logits') return this.normalized;
    return tf.log(tf.clipByValue(this.normalized, FLOAT32_EPS, 1 - FLOAT32_EPS));
  }

  /** The temperature with a trailing unit dim, against `[..., K]` tensors. */
  private get eventTemperature(): tf.Tensor {
    return tf.expandDims(this.temperature, -1);
  }

  /** `x = s − logsumexp(s)`, `s = (ℓ + g) / T`, Gumbel `g`. */
  protected drawUnconstrained(key: Key, shape: Shape): tf.Tensor {
    const u = uniforms(key, shape.reduce((a, b) => a * b, 1));
    const gumbel = tensorFrom(shape, (i) => -Math.log(-Math.log(Math.min(Math.max(u[i]!, FLOAT32_EPS), 1 - FLOAT32_EPS))));
    const scores = tf.div(tf.add(tf.maximum(this.logits, FLOAT32_MIN), gumbel), this.eventTemperature);
    return tf.logSoftmax(scores);
  }

  /** `log Γ(K) + (K − 1) log T + Σ_k c_k − K logsumexp(c)`, `c = ℓ − T x`. */
  protected unconstrainedLogProb(x: tf.Tensor): tf.Tensor {
    const k = this.numEvents;
    const c = tf.sub(this.logits, tf.mul(x, this.eventTemperature));
    const score = tf.sub(tf.sum(c, -1), tf.mul(tf.logSumExp(c, -1), k));
    return tf.add(score, tf.add(tf.mul(tf.log(this.temperature), k - 1), logFactorialBelow(k)));
  }

  /** The one-hot vector of the largest coordinate. */
  protected quantize(y: tf.Tensor): tf.Tensor {
    if (this.numEvents === 1) return tf.onesLike(y);
    // int32 one-hot then a cast: wasm's OneHot ignores a float32 dtype
    return tf.cast(tf.oneHot(tf.argMax(y, -1), this.numEvents), 'float32');
  }
}

type RelaxedOneHotOf<Params> = RelaxedOneHotCategoricalDist<ParamDims<ProbsOrLogitsParam<Params>, 1>[0], ParamDims<ProbsOrLogitsParam<Params>, 1>[1]>;

function build<Params extends TensorInput | ProbsOrLogits>(family: string, temperature: TensorInput, params: Params, straightThrough: boolean): RelaxedOneHotOf<Params> {
  const t = parseTemperature(family, toTensor(temperature));
  const { kind, normalized } = parseCategoricalParams(family, params);
  return new RelaxedOneHotCategoricalDist<ParamDims<ProbsOrLogitsParam<Params>, 1>[0], ParamDims<ProbsOrLogitsParam<Params>, 1>[1]>(t, kind, normalized, straightThrough);
}

/**
 * A RelaxedOneHotCategorical distribution on the simplex (Pyro's
 * `RelaxedOneHotCategorical(temperature, probs | logits)`): `RelaxedOneHotCategorical(T, probs)`,
 * `RelaxedOneHotCategorical(T, { probs })` or `RelaxedOneHotCategorical(T, { logits })`, categories
 * along the last dim. Batch shape `param.shape[:-1]` (broadcast with the temperature's), event `[K]`.
 *
 * Gotchas: reparameterized (`rsample`); the density is w.r.t. the Lebesgue measure on all `K`
 * coordinates (torch's convention, not the `K − 1`-dim simplex measure); only `logProb` is
 * defined (as torch).
 *
 * @example
 * ```ts
 * const d = RelaxedOneHotCategorical(0.5, [0.2, 0.3, 0.5]);
 * d.logProb(tf.tensor([0.1, 0.2, 0.7])); // 0.276
 * d.rsample(prngKey(0), [2]).shape; // [2, 3], rows on the simplex
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function RelaxedOneHotCategorical<Params extends TensorInput | ProbsOrLogits>(temperature: TensorInput, params: Params): RelaxedOneHotOf<Params> {
  return build('RelaxedOneHotCategorical', temperature, params, false);
}

/**
 * RelaxedOneHotCategorical with straight-through draws (Pyro's
 * `RelaxedOneHotCategoricalStraightThrough`): `rsample` returns the one-hot vector of the relaxed
 * draw's largest coordinate, with the relaxed draw's gradient, and `logProb` of such a draw is
 * the relaxed density at the relaxed value it came from.
 *
 * Gotchas: as {@link RelaxedBernoulliStraightThrough} (the relaxed value lives in the draw's
 * `tf.tidy` scope).
 *
 * @example
 * ```ts
 * const d = RelaxedOneHotCategoricalStraightThrough(0.5, { logits: [0, 1, 2] });
 * d.rsample(prngKey(0)); // e.g. [0, 0, 1]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function RelaxedOneHotCategoricalStraightThrough<Params extends TensorInput | ProbsOrLogits>(temperature: TensorInput, params: Params): RelaxedOneHotOf<Params> {
  return build('RelaxedOneHotCategoricalStraightThrough', temperature, params, true);
}
