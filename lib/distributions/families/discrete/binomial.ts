/**
 * The Binomial distribution: the number of successes in `totalCount` independent trials with
 * success probability `probs` (or `logits`, exactly one of the two).
 *
 * Mass (torch's form): `log p(k) = k·ℓ − n·softplus(ℓ) + log n! − log k! − log (n−k)!` with `ℓ`
 * the logits, evaluated in float64 without cancellation (`mass64.ts`). Mean `n p`, variance
 * `n p (1 − p)` (`n σ(ℓ)σ(−ℓ)` from logits). Draws are float32 counts, by
 * inversion from the mode with one uniform per element (exact, backend-independent).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import { ignisError } from '../../../core/errors.js';
import { type Key, uniforms } from '../../../core/key.js';
import { type Shape, broadcastShapes, sizeOf } from '../../../core/shape.js';
import { fusedElementwise } from '../../../ops/fused/elementwise.js';
import { lgamma } from '../../../ops/index.js';
import { type Constraint, integerInterval } from '../../constraints/index.js';
import type { Distribution } from '../../distribution.js';
import { binomialDraw } from '../../sampling/discrete-sampling.js';
import { binomialElement } from './mass64.js';
import { BinaryProbsDist, type ProbsOrLogits, type ProbsOrLogitsParam, binaryLogits, parseBinaryParams } from './probs-logits.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkParam, checkSupport, dataAt, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Binomial family. Construct it with {@link Binomial}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class BinomialDist<B extends Dims = Dims, E extends Dims = readonly []> extends BinaryProbsDist<B, E> {
  readonly family = 'Binomial';
  readonly support: Constraint;
  readonly totalCount: tf.Tensor;

  constructor(totalCount: tf.Tensor, parameterization: 'probs' | 'logits', param: tf.Tensor, batchShape?: Shape) {
    super(parameterization, param, batchShape ?? batchShapeOf('Binomial', [totalCount.shape, param.shape]));
    this.totalCount = totalCount;
    this.support = integerInterval(0, totalCount);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new BinomialDist(this.totalCount, this.parameterization, this.param, batchShape);
  }

  /** Exact draws by inversion from the mode (float32 counts, no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const n = dataAt(this.totalCount, this.batchShape);
    const p = this.probsOf(dataAt(this.param, this.batchShape));
    const u = uniforms(key, sizeOf(shape));
    const out = new Float32Array(u.length);
    for (let i = 0; i < out.length; i++) out[i] = binomialDraw(n[i % n.length]!, p[i % p.length]!, u[i]!);
    return tf.tensor(out, [...shape], 'float32');
  }

  /**
   * `log p(k) = k·ℓ − n·softplus(ℓ) + lgamma(n+1) − lgamma(k+1) − lgamma(n−k+1)`, as one float64
   * fused op computing `log C(n, k) − k softplus(−ℓ) − (n − k) softplus(ℓ)` (Binomial(10, 0.999)
   * at 10: −0.0100049, not torch's float32 −0.0100021).
   */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const kind = this.parameterization;
    const full = broadcastShapes('Binomial.logProb', value.shape, this.totalCount.shape, this.param.shape);
    const lp = fusedElementwise([value, this.totalCount, this.param], full, binomialElement(kind), ([k, n, theta]) => {
      const logits = kind === 'logits' ? theta! : binaryLogits(theta!);
      const logChoose = tf.sub(tf.sub(lgamma(tf.add(n!, 1)), lgamma(tf.add(k!, 1))), lgamma(tf.add(tf.sub(n!, k!), 1)));
      return tf.add(tf.sub(tf.mul(k!, logits), tf.mul(n!, tf.softplus(logits))), logChoose);
    });
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[k] = n p`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(this.totalCount, this.probs), this.batchShape);
  }

  /** `Var[k] = n p (1 − p)`, from logits `n σ(ℓ)σ(−ℓ)` (no rounding of p near 1 first). */
  override get variance(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.mul(tf.mul(this.totalCount, this.probs), this.probsComplement), this.batchShape));
  }

  /**
   * `H = −Σ_{k=0..n} p(k) log p(k)` by enumerating the support, as torch does; only for a
   * homogeneous `totalCount` (else `NotImplemented`, as in torch).
   */
  override entropy(): tf.Tensor {
    const counts = this.totalCount.dataSync();
    const n = counts.length === 0 ? 0 : Math.max(...counts);
    if (counts.some((c) => c !== n)) {
      throw ignisError('NotImplemented', {
        fn: 'Binomial.entropy',
        what: 'entropy needs a homogeneous totalCount',
        detail: `got counts between ${Math.min(...counts)} and ${n}`,
      });
    }
    return tf.tidy(() => {
      const support = tf.reshape(tf.range(0, n + 1, 1, 'float32'), [n + 1, ...this.batchShape.map(() => 1)]);
      const lp = this.logProb(support);
      return tf.neg(tf.sum(tf.mul(tf.exp(lp), lp), 0));
    });
  }
}

/**
 * A Binomial distribution: `Binomial(totalCount, probs)`, `Binomial(totalCount, { probs })`
 * or `Binomial(totalCount, { logits })`. Batch shape: the broadcast of both parameters.
 *
 * Gotchas: `totalCount` must be a non-negative integer and `probs` in `[0, 1]`, else
 * `InvalidArgument`; discrete, so no `rsample`.
 *
 * @example
 * ```ts
 * Binomial(10, 0.3).mean; // 3
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Binomial<TotalCount extends TensorInput, Params extends TensorInput | ProbsOrLogits>(
  totalCount: TotalCount,
  params: Params,
): BinomialDist<FamilyBatch<[TotalCount, ProbsOrLogitsParam<Params>]>, readonly []> {
  return construct(() => {
    const n = toTensor(totalCount);
    checkParam('Binomial', 'totalCount', n, 'must be a non-negative integer', (x) => x >= 0 && Number.isInteger(x));
    const { kind, tensor } = parseBinaryParams('Binomial', params);
    return new BinomialDist<FamilyBatch<[TotalCount, ProbsOrLogitsParam<Params>]>, readonly []>(n, kind, tensor);
  });
}
