/**
 * The Bernoulli distribution on `{0, 1}`, parameterized by `probs` or `logits` (exactly one).
 *
 * Mass: `p(x) = pˣ (1 − p)¹⁻ˣ`, Pyro's `log p(x) = x·ℓ − softplus(ℓ)` with
 * `ℓ = log p − log(1 − p)` (probs clamped to `[ε, 1 − ε]`, ε the float32 epsilon, as torch's
 * `clamp_probs`), evaluated in float64 without cancellation (`mass64.ts`). Moments from the
 * logits use `σ(ℓ)σ(−ℓ)`, never `p(1 − p)` of a rounded p. Draws are float32 0/1.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import { type Key, uniforms } from '../../../core/key.js';
import { type Shape, broadcastShapes, sizeOf } from '../../../core/shape.js';
import { fusedElementwise } from '../../../ops/fused/elementwise.js';
import { type Constraint, boolean } from '../../constraints/index.js';
import { bernoulliElement } from './mass64.js';
import { BinaryProbsDist, type ProbsOrLogits, type ProbsOrLogitsParam, binaryLogits, parseBinaryParams } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Bernoulli family. Construct it with {@link Bernoulli}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class BernoulliDist<B extends Dims = Dims, E extends Dims = readonly []> extends BinaryProbsDist<B, E> {
  readonly family = 'Bernoulli';
  readonly support: Constraint = boolean;

  /** `x = 1` if `u < p` else `0`, one uniform per element (float32 0/1, no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const param = broadcastIfNeeded(this.param, this.batchShape);
    const p = this.probsOf(param.dataSync());
    if (param !== this.param) param.dispose();
    const u = uniforms(key, sizeOf(shape));
    const out = new Float32Array(u.length);
    for (let i = 0; i < out.length; i++) out[i] = u[i]! < p[i % p.length]! ? 1 : 0;
    return tf.tensor(out, [...shape], 'float32');
  }

  /**
   * `log p(x) = x·ℓ − softplus(ℓ)` (Pyro's `−BCEWithLogits(ℓ, x)`), as one float64 fused op
   * computing `−x softplus(−ℓ) − (1 − x) softplus(ℓ)` (no cancellation at large |ℓ|).
   */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const kind = this.parameterization;
    const lp = fusedElementwise([value, this.param], broadcastShapes('Bernoulli.logProb', value.shape, this.param.shape), bernoulliElement(kind), ([x, theta]) => {
      const logits = kind === 'logits' ? theta! : binaryLogits(theta!);
      return tf.sub(tf.mul(x!, logits), tf.softplus(logits));
    });
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[x] = p`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.probs, this.batchShape);
  }

  /** `Var[x] = p (1 − p)`, from logits `σ(ℓ)σ(−ℓ)` (Bernoulli(logits = 20): 2.06e-9, not 0). */
  override get variance(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.mul(this.probs, this.probsComplement), this.batchShape));
  }

  /** `H = softplus(ℓ) − p·ℓ` (Pyro's `BCEWithLogits(ℓ, p)`), without cancellation (the base's `bernoulliEntropy`). */
  override entropy(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(this.bernoulliEntropy(), this.batchShape));
  }
}

/**
 * A Bernoulli distribution on `{0, 1}`: `Bernoulli(probs)`, `Bernoulli({ probs })` or
 * `Bernoulli({ logits })`. Batch shape is the parameter's shape; the event shape is `[]`.
 *
 * Gotchas: discrete, so no `rsample` (the ELBOs use the score function); `probs` must lie in
 * `[0, 1]` and `logits` must not be NaN, else `InvalidArgument`.
 *
 * @example
 * ```ts
 * const coin = Bernoulli({ logits: tf.tensor([-2, 0, 1.5]) });
 * coin.logProb(tf.tensor([1, 0, 1])); // [-2.127, -0.693, -0.201]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Bernoulli<Params extends TensorInput | ProbsOrLogits>(params: Params): BernoulliDist<FamilyBatch<[ProbsOrLogitsParam<Params>]>, readonly []> {
  return construct(() => {
    const { kind, tensor } = parseBinaryParams('Bernoulli', params);
    return new BernoulliDist<FamilyBatch<[ProbsOrLogitsParam<Params>]>, readonly []>(kind, tensor);
  });
}
