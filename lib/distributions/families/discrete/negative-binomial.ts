/**
 * The negative binomial distribution (torch's convention): the number of successes `k` before
 * `totalCount` failures, each trial a success with probability `probs` (or `logits`, exactly
 * one of the two):
 *
 *   `log p(k) = log Γ(r + k) − log Γ(r) − log k! + k log p + r log(1 − p)`,  `r = totalCount`,
 *
 * computed from the logits as torch does (`log p = −softplus(−ℓ)`, `log(1 − p) = −softplus(ℓ)`, probs
 * clamped to `[ε, 1 − ε]`). Mean `r e^ℓ = r p/(1 − p)`, variance `mean / (1 − p)`. A Gamma–Poisson
 * mixture (`gamma-poisson-mixture.ts`): draws are `Poisson(Gamma(r) · p/(1 − p))`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import type { Distribution } from '../../distribution.js';
import { GammaPoissonMixtureDist } from './gamma-poisson-mixture.js';
import {
  type ProbsOrLogits,
  type ProbsOrLogitsParam,
  type ProbsRequirement,
  logitsFrom,
  parseBinaryParams,
  probsFrom,
} from './probs-logits.js';
import { type TensorInput, batchShapeOf, checkParam, dataAt, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/** torch's `probs ∈ [0, 1)` (`p = 1` would put all mass at infinity). */
const HALF_OPEN_UNIT: ProbsRequirement = ['must be in [0, 1)', (x) => x >= 0 && x < 1];

/**
 * The NegativeBinomial family. Construct it with {@link NegativeBinomial}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class NegativeBinomialDist<B extends Dims = Dims, E extends Dims = readonly []> extends GammaPoissonMixtureDist<B, E> {
  readonly family = 'NegativeBinomial';
  /** The number of failures `r ≥ 0` (real-valued, as in torch). */
  readonly totalCount: tf.Tensor;
  /** Which parameter the distribution was built from. */
  readonly parameterization: 'probs' | 'logits';
  /** The given `probs` or `logits` tensor (per {@link parameterization}). */
  readonly param: tf.Tensor;

  constructor(totalCount: tf.Tensor, parameterization: 'probs' | 'logits', param: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('NegativeBinomial', [totalCount.shape, param.shape]));
    this.totalCount = totalCount;
    this.parameterization = parameterization;
    this.param = param;
  }

  /** Success probability `p` (unbroadcast). */
  get probs(): tf.Tensor {
    return probsFrom(this.parameterization, this.param);
  }

  /** `ℓ = log(p / (1 − p))` (unbroadcast; from probs clamped to `[ε, 1 − ε]`). */
  get logits(): tf.Tensor {
    return logitsFrom(this.parameterization, this.param);
  }

  protected get mixingShape(): tf.Tensor {
    return this.totalCount;
  }

  /** `log p = −softplus(−ℓ)`, `log(1 − p) = −softplus(ℓ)` (not `tf.logSigmoid`: its custom gradient fails on an intermediate input). */
  protected logSuccessFailure(): readonly [tf.Tensor, tf.Tensor] {
    const logits = this.logits;
    return [tf.neg(tf.softplus(tf.neg(logits))), tf.neg(tf.softplus(logits))];
  }

  /** `e^ℓ` (torch's). */
  protected get odds(): tf.Tensor {
    return tf.exp(this.logits);
  }

  protected oddsData(): ArrayLike<number> {
    const data = dataAt(this.param, this.batchShape);
    return Float64Array.from(data, this.parameterization === 'probs' ? (p) => p / (1 - p) : Math.exp);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new NegativeBinomialDist(this.totalCount, this.parameterization, this.param, batchShape);
  }
}

/**
 * Read and validate NegativeBinomial's parameters (also used by ZeroInflatedNegativeBinomial):
 * `totalCount ≥ 0`, `probs ∈ [0, 1)` or `logits` not NaN, exactly one of the two.
 */
export function negativeBinomialParams(family: string, totalCount: TensorInput, params: TensorInput | ProbsOrLogits): NegativeBinomialDist {
  const r = toTensor(totalCount);
  checkParam(family, 'totalCount', r, 'must be non-negative', (x) => x >= 0 && Number.isFinite(x));
  const { kind, tensor } = parseBinaryParams(family, params, HALF_OPEN_UNIT);
  return new NegativeBinomialDist(r, kind, tensor);
}

/**
 * A NegativeBinomial distribution (Pyro's `NegativeBinomial(total_count, probs | logits)`):
 * `NegativeBinomial(totalCount, probs)`, `NegativeBinomial(totalCount, { probs })` or
 * `NegativeBinomial(totalCount, { logits })`, over `{0, 1, 2, …}`: successes before
 * `totalCount` failures. Batch shape: the broadcast of both parameters.
 *
 * Gotchas: torch's convention, so `probs` is the SUCCESS probability and the mean is
 * `totalCount · p/(1 − p)` (some texts swap p and 1 − p); `totalCount` may be any real ≥ 0
 * (`0` is the point mass at 0); `probs = 1` is refused. No `entropy` or `cdf` (Pyro has none);
 * discrete, so no `rsample`. The same law as `GammaPoisson(totalCount, (1 − p)/p)`.
 *
 * @example
 * ```ts
 * const d = NegativeBinomial(2, 0.3); // mean 2·0.3/0.7 = 0.857
 * d.logProb(tf.tensor([0, 1, 4])); // [2 log 0.7, log(2·0.3·0.49), …]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function NegativeBinomial<TotalCount extends TensorInput, Params extends TensorInput | ProbsOrLogits>(
  totalCount: TotalCount,
  params: Params,
): NegativeBinomialDist<FamilyBatch<[TotalCount, ProbsOrLogitsParam<Params>]>, readonly []> {
  return construct(() => {
    return negativeBinomialParams('NegativeBinomial', totalCount, params) as NegativeBinomialDist<FamilyBatch<[TotalCount, ProbsOrLogitsParam<Params>]>, readonly []>;
  });
}
