/**
 * RelaxedBernoulli (the binary Concrete distribution, Maddison et al. 2017) on `[0, 1]` and its
 * straight-through variant, parameterized by a `temperature` `T > 0` and `probs` or `logits` `ℓ`.
 *
 * As torch's `RelaxedBernoulli`: the sigmoid of `x ~ LogitRelaxedBernoulli(T, ℓ)`, drawn as
 * `x = (log u − log(1 − u) + ℓ) / T` (logistic noise, `u ~ U(0, 1)` clamped to `[ε, 1 − ε]`),
 * with density `log p(x) = log T + d − 2 softplus(d)`, `d = ℓ − T x`; so for `y = σ(x)`,
 * `log p(y) = log p(x) − (x − 2 softplus(x))` at `x = logit(y)`. torch implements no mean,
 * variance, entropy, cdf or icdf (they raise `NotImplemented`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import { type Key, uniforms } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { type Constraint, unitInterval } from '../../constraints/index.js';
import type { Distribution } from '../../distribution.js';
import { tensorFrom } from '../../sampling/standard-draws.js';
import { SigmoidTransform } from '../../transforms/sigmoid.js';
import { FLOAT32_EPS, type ProbsOrLogits, type ProbsOrLogitsParam, logitsFrom, parseBinaryParams, probsFrom } from '../discrete/probs-logits.js';
import { type TensorInput, batchShapeOf, toTensor } from '../../util.js';
import { RelaxedDist, parseTemperature } from './relaxed.js';
import '../../wrappers/index.js';

/**
 * The RelaxedBernoulli family and its straight-through variant. Construct them with
 * {@link RelaxedBernoulli} and {@link RelaxedBernoulliStraightThrough}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class RelaxedBernoulliDist<B extends Dims = Dims, E extends Dims = readonly []> extends RelaxedDist<B, E> {
  readonly family: string;
  readonly support: Constraint = unitInterval;
  protected readonly transform = SigmoidTransform();
  /** Which parameter the distribution was built from. */
  readonly parameterization: 'probs' | 'logits';
  /** The given tensor (`probs` or `logits`, per {@link parameterization}). */
  readonly param: tf.Tensor;

  constructor(temperature: tf.Tensor, parameterization: 'probs' | 'logits', param: tf.Tensor, straightThrough: boolean, batchShape?: Shape) {
    const family = straightThrough ? 'RelaxedBernoulliStraightThrough' : 'RelaxedBernoulli';
    super(temperature, straightThrough, batchShape ?? batchShapeOf(family, [temperature.shape, param.shape]), []);
    this.family = family;
    this.parameterization = parameterization;
    this.param = param;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new RelaxedBernoulliDist(this.temperature, this.parameterization, this.param, this.straightThrough, batchShape);
  }

  /** `p` (the given tensor, or `σ(logits)`); unbroadcast. */
  get probs(): tf.Tensor {
    return probsFrom(this.parameterization, this.param);
  }

  /** `ℓ = log(p / (1 − p))` (the given tensor, or from probs clamped to `[ε, 1 − ε]`); unbroadcast. */
  get logits(): tf.Tensor {
    return logitsFrom(this.parameterization, this.param);
  }

  /** `x = (log u − log(1 − u) + ℓ) / T`. */
  protected drawUnconstrained(key: Key, shape: Shape): tf.Tensor {
    const u = uniforms(key, shape.reduce((a, b) => a * b, 1));
    const noise = tensorFrom(shape, (i) => {
      const v = Math.min(Math.max(u[i]!, FLOAT32_EPS), 1 - FLOAT32_EPS);
      return Math.log(v) - Math.log1p(-v);
    });
    return tf.div(tf.add(noise, this.logits), this.temperature);
  }

  /** `log T + d − 2 softplus(d)`, `d = ℓ − T x`. */
  protected unconstrainedLogProb(x: tf.Tensor): tf.Tensor {
    const d = tf.sub(this.logits, tf.mul(x, this.temperature));
    return tf.add(tf.log(this.temperature), tf.sub(d, tf.mul(tf.softplus(d), 2)));
  }

  /** Rounded to 0 or 1. */
  protected quantize(y: tf.Tensor): tf.Tensor {
    return tf.round(y);
  }
}

type RelaxedBernoulliOf<T, Params> = RelaxedBernoulliDist<FamilyBatch<[T, ProbsOrLogitsParam<Params>]>, readonly []>;

function build<T extends TensorInput, Params extends TensorInput | ProbsOrLogits>(family: string, temperature: T, params: Params, straightThrough: boolean): RelaxedBernoulliOf<T, Params> {
  const t = parseTemperature(family, toTensor(temperature));
  const { kind, tensor } = parseBinaryParams(family, params);
  return new RelaxedBernoulliDist<FamilyBatch<[T, ProbsOrLogitsParam<Params>]>, readonly []>(t, kind, tensor, straightThrough);
}

/**
 * A RelaxedBernoulli distribution on `[0, 1]` (Pyro's `RelaxedBernoulli(temperature, probs | logits)`):
 * `RelaxedBernoulli(T, probs)`, `RelaxedBernoulli(T, { probs })` or `RelaxedBernoulli(T, { logits })`.
 * Batch shape: the broadcast of the temperature and the parameter.
 *
 * Gotchas: reparameterized (`rsample`), so a guide can use it with the pathwise gradient; only
 * `logProb` is defined (no mean, variance, entropy, cdf, as torch); small temperatures put the
 * mass near 0 and 1, where float32 clamps values to `[1e-38, 1 − 1.2e-7]`.
 *
 * @example
 * ```ts
 * const d = RelaxedBernoulli(0.5, [0.2, 0.5, 0.9]);
 * d.logProb(tf.tensor([0.1, 0.5, 0.95])); // [0.308, -0.693, 0.839]
 * d.rsample(prngKey(0), [4]).shape; // [4, 3]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function RelaxedBernoulli<T extends TensorInput, Params extends TensorInput | ProbsOrLogits>(temperature: T, params: Params): RelaxedBernoulliOf<T, Params> {
  return build('RelaxedBernoulli', temperature, params, false);
}

/**
 * RelaxedBernoulli with straight-through draws (Pyro's `RelaxedBernoulliStraightThrough`):
 * `rsample` returns the relaxed draw rounded to 0 or 1, with the relaxed draw's gradient, and
 * `logProb` of such a draw is the relaxed density at the relaxed value it came from.
 *
 * Gotchas: the relaxed value of a draw lives in the `tf.tidy` scope that made the draw: a draw
 * returned out of that tidy loses it, and its `logProb` (as that of any other 0/1 value) is the
 * relaxed density at the clamped value. Draw and score inside one `tf.tidy` (as SVI steps do).
 *
 * @example
 * ```ts
 * const d = RelaxedBernoulliStraightThrough(0.5, { logits: [0, 2] });
 * d.rsample(prngKey(0)); // e.g. [1, 1], with ∂/∂logits of the relaxed draw
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function RelaxedBernoulliStraightThrough<T extends TensorInput, Params extends TensorInput | ProbsOrLogits>(temperature: T, params: Params): RelaxedBernoulliOf<T, Params> {
  return build('RelaxedBernoulliStraightThrough', temperature, params, true);
}
