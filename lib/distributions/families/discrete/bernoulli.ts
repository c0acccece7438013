/**
 * The Bernoulli distribution on `{0, 1}`, parameterized by `probs` or `logits` (exactly one).
 *
 * Mass: `p(x) = pˣ (1 − p)¹⁻ˣ`, computed as Pyro does from the logits:
 * `log p(x) = x·ℓ − softplus(ℓ)` with `ℓ = log p − log(1 − p)` (probs clamped to
 * `[ε, 1 − ε]`, ε the float32 epsilon, as torch's `clamp_probs`). Draws are float32 0/1.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import { type Key, uniforms } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { type Constraint, boolean } from '../../constraints/index.js';
import { BinaryProbsDist, type ProbsOrLogits, type ProbsOrLogitsParam, parseBinaryParams } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape } from '../../util.js';
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

  /** `log p(x) = x·ℓ − softplus(ℓ)` (Pyro's `−BCEWithLogits(ℓ, x)`). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const logits = this.logits;
    const lp = tf.sub(tf.mul(value, logits), tf.softplus(logits));
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[x] = p`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.probs, this.batchShape);
  }

  /** `Var[x] = p (1 − p)`. */
  override get variance(): tf.Tensor {
    const p = this.probs;
    return broadcastIfNeeded(tf.mul(p, tf.sub(1, p)), this.batchShape);
  }

  /** `H = softplus(ℓ) − p·ℓ` (Pyro's `BCEWithLogits(ℓ, p)`). */
  override entropy(): tf.Tensor {
    const logits = this.logits;
    return broadcastIfNeeded(tf.sub(tf.softplus(logits), tf.mul(this.probs, logits)), this.batchShape);
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
  const { kind, tensor } = parseBinaryParams('Bernoulli', params);
  return new BernoulliDist<FamilyBatch<[ProbsOrLogitsParam<Params>]>, readonly []>(kind, tensor);
}
