/**
 * The geometric distribution: the number of failures `k ∈ {0, 1, 2, …}` before the first
 * success, each trial a success with probability `probs` (or `logits`, exactly one):
 *
 *   `log p(k) = k log(1 − p) + log p = (−k − 1) softplus(ℓ) + ℓ`,
 *
 * Pyro 1.8.6's form (it overrides torch's), from the logits (probs clamped to `[ε, 1 − ε]`),
 * evaluated in float64 without cancellation (`mass64.ts`). Mean `(1 − p)/p`, variance
 * `(1 − p)/p²`, entropy `(softplus(ℓ) − p ℓ)/p` (its numerator the base's cancellation-free
 * Bernoulli entropy). Draws by inversion,
 * `⌊log u / log(1 − p)⌋`, in float64.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import { type Shape, broadcastShapes, sizeOf } from '../../../core/shape.js';
import { fusedElementwise } from '../../../ops/fused/elementwise.js';
import { type Constraint, nonnegativeInteger } from '../../constraints/index.js';
import { openUniforms, tensorFrom } from '../../sampling/standard-draws.js';
import { geometricElement, softplus64 } from './mass64.js';
import { BinaryProbsDist, type ProbsOrLogits, type ProbsOrLogitsParam, binaryLogits, parseBinaryParams } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, dataAt, logProbShape, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Geometric family. Construct it with {@link Geometric}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class GeometricDist<B extends Dims = Dims, E extends Dims = readonly []> extends BinaryProbsDist<B, E> {
  readonly family = 'Geometric';
  readonly support: Constraint = nonnegativeInteger;

  /** `⌊log u / log(1 − p)⌋`, `u ∈ (0, 1)` (torch's inversion), in float64; float32 counts, no gradient. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const m = sizeOf(this.batchShape);
    const param = dataAt(this.param, this.batchShape);
    const logFailure = Float64Array.from(param, this.parameterization === 'probs' ? (p) => Math.log1p(-p) : (l) => -softplus64(l));
    const u = openUniforms(key, sizeOf(shape));
    return tensorFrom(shape, (i) => Math.max(0, Math.floor(Math.log(u[i]!) / logFailure[i % m]!)));
  }

  /** `log p(k) = (−k − 1) softplus(ℓ) + ℓ` (Pyro 1.8.6), one float64 fused op computing `−k softplus(ℓ) − softplus(−ℓ)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const kind = this.parameterization;
    const lp = fusedElementwise([value, this.param], broadcastShapes('Geometric.logProb', value.shape, this.param.shape), geometricElement(kind), ([k, theta]) => {
      const logits = kind === 'logits' ? theta! : binaryLogits(theta!);
      return tf.add(tf.mul(tf.sub(tf.neg(k!), 1), tf.softplus(logits)), logits);
    });
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[k] = (1 − p)/p` (`e^{−ℓ}` from logits). */
  override get mean(): tf.Tensor {
    const odds = this.parameterization === 'logits' ? tf.exp(tf.neg(this.param)) : tf.div(tf.sub(1, this.param), this.param);
    return broadcastIfNeeded(odds, this.batchShape);
  }

  /** `Var[k] = (1 − p)/p²`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.div(this.mean, this.probs), this.batchShape);
  }

  /** `H = (softplus(ℓ) − p ℓ)/p` (torch's `BCEWithLogits(ℓ, p)/p`; the numerator without cancellation). */
  override entropy(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.div(this.bernoulliEntropy(), this.probs), this.batchShape));
  }
}

/**
 * A Geometric distribution over `{0, 1, 2, …}`: failures before the first success
 * (Pyro's `Geometric(probs | logits)`): `Geometric(probs)`, `Geometric({ probs })` or
 * `Geometric({ logits })`. Batch shape: the parameter's shape.
 *
 * Gotchas: counts FAILURES (support starts at 0; add 1 for the number of trials); `probs`
 * must be in `(0, 1]` (0 has no mass anywhere), else `InvalidArgument`; no `cdf` (Pyro has
 * none); discrete, so no `rsample`.
 *
 * @example
 * ```ts
 * Geometric(0.25).logProb(tf.tensor([0, 1, 4])); // [log 0.25, log 0.1875, …]
 * Geometric({ logits: 0 }).mean; // 1
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Geometric<Params extends TensorInput | ProbsOrLogits>(params: Params): GeometricDist<FamilyBatch<[ProbsOrLogitsParam<Params>]>, readonly []> {
  return construct(() => {
    const { kind, tensor } = parseBinaryParams('Geometric', params, ['must be in (0, 1]', (x) => x > 0 && x <= 1]);
    return new GeometricDist<FamilyBatch<[ProbsOrLogitsParam<Params>]>, readonly []>(kind, tensor);
  });
}
