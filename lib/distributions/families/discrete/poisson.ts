/**
 * The Poisson distribution on `{0, 1, 2, …}` with `rate` λ ≥ 0.
 *
 * Mass: `log p(k) = k log λ − λ − log k!` (with `0 · log 0 = 0`, so `rate = 0` is the point
 * mass at 0, as in torch). Mean and variance are λ. Draws are float32 counts, by inversion
 * from the mode with one uniform per element (exact, backend-independent).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import { type Key, uniforms } from '../../../core/key.js';
import { type Shape, broadcastShapes, sizeOf } from '../../../core/shape.js';
import { fusedElementwise } from '../../../ops/fused/elementwise.js';
import { poissonElement } from './mass64.js';
import { lgamma, xlogy } from '../../../ops/index.js';
import { type Constraint, nonnegativeInteger } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { poissonDraw } from '../../sampling/discrete-sampling.js';
import { type TensorInput, broadcastIfNeeded, checkParam, checkSupport, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * The Poisson family. Construct it with {@link Poisson}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class PoissonDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'Poisson';
  readonly support: Constraint = nonnegativeInteger;
  readonly rate: tf.Tensor;

  constructor(rate: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? rate.shape, []);
    this.rate = rate;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new PoissonDist(this.rate, batchShape);
  }

  /** Exact draws by inversion from the mode (float32 counts, no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const rate = broadcastIfNeeded(this.rate, this.batchShape);
    const lambda = rate.dataSync();
    if (rate !== this.rate) rate.dispose();
    const u = uniforms(key, sizeOf(shape));
    const out = new Float32Array(u.length);
    for (let i = 0; i < out.length; i++) out[i] = poissonDraw(lambda[i % lambda.length]!, u[i]!);
    return tf.tensor(out, [...shape], 'float32');
  }

  /** `log p(k) = xlogy(k, λ) − λ − lgamma(k + 1)`, one float64 fused op (`mass64.ts`: no float32 cancellation at large λ). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const full = broadcastShapes('Poisson.logProb', value.shape, this.rate.shape);
    const lp = fusedElementwise([value, this.rate], full, poissonElement, ([k, rate]) => tf.sub(tf.sub(xlogy(k!, rate!), rate!), lgamma(tf.add(k!, 1))));
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[k] = λ`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.rate, this.batchShape);
  }

  /** `Var[k] = λ`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(this.rate, this.batchShape);
  }
}

/**
 * A Poisson distribution with `rate` λ ≥ 0 (batch shape = `rate`'s shape).
 *
 * Gotchas: discrete, so no `rsample`; no closed-form `entropy` or `cdf` (Pyro raises
 * NotImplemented too); a negative or non-finite rate raises `InvalidArgument`.
 *
 * @example
 * ```ts
 * Poisson([0.5, 3, 10]).logProb(tf.tensor([0, 2, 12])); // [-0.5, -1.496, -2.356]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Poisson<Rate extends TensorInput>(rate: Rate): PoissonDist<FamilyBatch<[Rate]>, readonly []> {
  return construct(() => {
    const rateT = toTensor(rate);
    checkParam('Poisson', 'rate', rateT, 'must be non-negative and finite', (x) => x >= 0 && Number.isFinite(x));
    return new PoissonDist<FamilyBatch<[Rate]>, readonly []>(rateT);
  });
}
