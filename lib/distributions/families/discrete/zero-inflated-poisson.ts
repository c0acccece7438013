/**
 * The zero-inflated Poisson (Pyro's `ZeroInflatedPoisson`): a {@link ZeroInflatedDist}
 * (`zero-inflated.ts`: the masses, moments and draws) over a Poisson base, with its own family
 * name and the base's `rate` as a property.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import { PoissonDist } from './poisson.js';
import { type GateOrGateLogits, ZeroInflatedDist, parseGate } from './zero-inflated.js';
import { type TensorInput, checkParam, isPositive, toTensor, construct } from '../../util.js';

/**
 * The ZeroInflatedPoisson family. Construct it with {@link ZeroInflatedPoisson}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class ZeroInflatedPoissonDist<B extends Dims = Dims, E extends Dims = readonly []> extends ZeroInflatedDist<PoissonDist, B, E> {
  override readonly family = 'ZeroInflatedPoisson';

  /** The Poisson rate `λ > 0` (unbroadcast). */
  get rate(): tf.Tensor {
    return this.baseDist.rate;
  }
}

/**
 * A ZeroInflatedPoisson distribution over `{0, 1, 2, …}` (Pyro's
 * `ZeroInflatedPoisson(rate, gate= | gate_logits=)`): 0 with probability `gate`, else
 * `Poisson(rate)`. Batch shape: the broadcast of `rate` and the gate.
 *
 * Gotchas: `rate` must be positive (Pyro's constraint; a plain Poisson allows 0); give exactly
 * one of `gate` (in `[0, 1]`) and `gateLogits`; no `entropy` or `cdf` (Pyro has none).
 *
 * @example
 * ```ts
 * const d = ZeroInflatedPoisson(3, { gate: 0.5 });
 * d.logProb(tf.tensor([0, 2])); // [log(0.5 + 0.5e⁻³), log(0.5 · 4.5e⁻³)]
 * d.mean; // 1.5
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function ZeroInflatedPoisson<Rate extends TensorInput>(rate: Rate, options: GateOrGateLogits): ZeroInflatedPoissonDist<FamilyBatch<[Rate]>, readonly []> {
  return construct(() => {
    const lambda = toTensor(rate);
    checkParam('ZeroInflatedPoisson', 'rate', lambda, 'must be positive and finite', isPositive);
    const gate = parseGate('ZeroInflatedPoisson', options);
    return new ZeroInflatedPoissonDist<FamilyBatch<[Rate]>, readonly []>(new PoissonDist(lambda), gate);
  });
}
