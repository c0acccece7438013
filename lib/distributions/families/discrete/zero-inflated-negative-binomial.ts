/**
 * The zero-inflated negative binomial (Pyro's `ZeroInflatedNegativeBinomial`): a
 * {@link ZeroInflatedDist} (`zero-inflated.ts`: the masses, moments and draws) over a
 * NegativeBinomial base, with its own family name and the base's parameters as properties.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import { type NegativeBinomialDist, negativeBinomialParams } from './negative-binomial.js';
import type { ProbsOrLogits, ProbsOrLogitsParam } from './probs-logits.js';
import { type GateOrGateLogits, ZeroInflatedDist, parseGate } from './zero-inflated.js';
import { type TensorInput, construct } from '../../util.js';

/**
 * The ZeroInflatedNegativeBinomial family. Construct it with {@link ZeroInflatedNegativeBinomial}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class ZeroInflatedNegativeBinomialDist<B extends Dims = Dims, E extends Dims = readonly []> extends ZeroInflatedDist<NegativeBinomialDist, B, E> {
  override readonly family = 'ZeroInflatedNegativeBinomial';

  /** The NegativeBinomial's `totalCount` (unbroadcast). */
  get totalCount(): tf.Tensor {
    return this.baseDist.totalCount;
  }

  /** The NegativeBinomial's success probability (unbroadcast). */
  get probs(): tf.Tensor {
    return this.baseDist.probs;
  }

  /** The NegativeBinomial's logits (unbroadcast). */
  get logits(): tf.Tensor {
    return this.baseDist.logits;
  }
}

/**
 * A ZeroInflatedNegativeBinomial distribution over `{0, 1, 2, …}` (Pyro's
 * `ZeroInflatedNegativeBinomial(total_count, probs= | logits=, gate= | gate_logits=)`): 0 with
 * probability `gate`, else `NegativeBinomial(totalCount, probs | logits)`. Options: exactly one
 * of `probs`/`logits` and exactly one of `gate`/`gateLogits`.
 *
 * Gotchas: torch's NegativeBinomial convention (`probs` is the success probability, mean
 * `totalCount · p/(1 − p)` before inflation); `probs` in `[0, 1)`; no `entropy` or `cdf`.
 *
 * @example
 * ```ts
 * const d = ZeroInflatedNegativeBinomial(2, { probs: 0.3, gate: 0.2 });
 * d.mean; // 0.8 · 2 · 0.3/0.7 = 0.686
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function ZeroInflatedNegativeBinomial<TotalCount extends TensorInput, Params extends ProbsOrLogits & GateOrGateLogits>(
  totalCount: TotalCount,
  options: Params,
): ZeroInflatedNegativeBinomialDist<FamilyBatch<[TotalCount, ProbsOrLogitsParam<Params>]>, readonly []> {
  return construct(() => {
    const family = 'ZeroInflatedNegativeBinomial';
    const base = negativeBinomialParams(family, totalCount, { probs: options.probs, logits: options.logits } as ProbsOrLogits);
    const gate = parseGate(family, options);
    return new ZeroInflatedNegativeBinomialDist<FamilyBatch<[TotalCount, ProbsOrLogitsParam<Params>]>, readonly []>(base, gate);
  });
}
