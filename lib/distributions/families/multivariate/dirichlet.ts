/**
 * The Dirichlet distribution on the probability simplex, with `concentration` α `[..., K]`
 * (positive); batch shape `α.shape[:-1]`, event shape `[K]`.
 *
 * Density: `log p(x) = Σᵢ (αᵢ − 1) log xᵢ + log Γ(α₀) − Σᵢ log Γ(αᵢ)`, `α₀ = Σᵢ αᵢ`.
 * Moments: `E[xᵢ] = αᵢ/α₀`, `Var[xᵢ] = αᵢ(α₀ − αᵢ) / (α₀²(α₀ + 1))`. Entropy:
 * `Σ log Γ(αᵢ) − log Γ(α₀) − (K − α₀) ψ(α₀) − Σ (αᵢ − 1) ψ(αᵢ)`.
 *
 * Reparameterized draws: `xᵢ = gᵢ / Σⱼ gⱼ` with `gᵢ ~ Gamma(αᵢ, 1)` (the Gamma family's
 * Marsaglia–Tsang sampler, normalized in log space) and implicit reparameterization gradients
 * (`d log gᵢ / dαᵢ` from the Gamma family), chained through the normalization in JavaScript:
 * `∂L/∂αⱼ = xⱼ (d log gⱼ/dαⱼ) (∂L/∂xⱼ − Σᵢ xᵢ ∂L/∂xᵢ)`. One custom op.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamDims, Value } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import type { Key } from '../../../core/key.js';
import { type Shape, showShape, sizeOf } from '../../../core/shape.js';
import { digamma, lgamma, xlogy } from '../../../ops/index.js';
import { type Constraint, simplex } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { FLOAT32_TINY, standardGammaDLogZ, standardGammaLogDraws } from '../../sampling/gamma-sampler.js';
import { broadcastIndex, sumByIndex } from '../../../ops/fused/broadcast.js';
import { type TensorInput, broadcastIfNeeded, checkParam, checkSupport, isPositive, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * Dirichlet draws of `shape = sampleShape + batchShape + [K]` from `concentration` `[..., K]`,
 * as one custom op (see the module header); with `differentiable` false, a constant.
 */
function dirichletDraws(key: Key, concentration: tf.Tensor, shape: Shape, differentiable: boolean): tf.Tensor {
  const k = shape[shape.length - 1]!;
  const index = broadcastIndex(concentration.shape, shape);
  const alpha = concentration.dataSync();
  const alphaAt = (i: number): number => alpha[index[i]!]!;
  const logG = standardGammaLogDraws(key, sizeOf(shape), alphaAt);
  const x = new Float64Array(logG.length);
  for (let off = 0; off < x.length; off += k) {
    let max = -Infinity;
    for (let i = off; i < off + k; i++) max = Math.max(max, logG[i]!);
    let sum = 0;
    for (let i = off; i < off + k; i++) sum += Math.exp(logG[i]! - max);
    const logSum = max + Math.log(sum);
    for (let i = off; i < off + k; i++) x[i] = Math.exp(logG[i]! - logSum);
  }
  const upload = (): tf.Tensor => tf.tensor(Float32Array.from(x, (v) => Math.max(v, FLOAT32_TINY)), [...shape], 'float32');
  if (!differentiable) return upload();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const input = args[0] as tf.Tensor;
    return {
      value: upload(),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const g = (Array.isArray(dy) ? dy[0]! : dy).dataSync();
        const vjp = new Float64Array(x.length);
        for (let off = 0; off < x.length; off += k) {
          let dot = 0;
          for (let i = off; i < off + k; i++) dot += g[i]! * x[i]!;
          for (let i = off; i < off + k; i++) vjp[i] = x[i]! * standardGammaDLogZ(alphaAt(i), logG[i]!) * (g[i]! - dot);
        }
        return [tf.tensor(sumByIndex(vjp, index, input.size), input.shape, 'float32')];
      },
    };
  });
  return op(concentration);
}

/**
 * The Dirichlet family. Construct it with {@link Dirichlet}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class DirichletDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends DistributionBase<B, E> {
  readonly family = 'Dirichlet';
  readonly support: Constraint = simplex;
  /** α `[..., K]` (unbroadcast). */
  readonly concentration: tf.Tensor;

  constructor(concentration: tf.Tensor, batchShape?: Shape) {
    const k = concentration.shape[concentration.rank - 1]!;
    super(batchShape ?? concentration.shape.slice(0, -1), [k]);
    this.concentration = concentration;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new DirichletDist(this.concentration, batchShape);
  }

  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return dirichletDraws(key, this.concentration, this.extendedShape(sampleShape), false);
  }

  /** Normalized Gamma draws with implicit reparameterization gradients (one custom op). */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return dirichletDraws(key, this.concentration, this.extendedShape(sampleShape), true);
  }

  /** `Σ xlogy(α − 1, x) + lgamma(α₀) − Σ lgamma(α)`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 1);
    const a = this.concentration;
    const normalizer = tf.sub(lgamma(tf.sum(a, -1)), tf.sum(lgamma(a), -1));
    const lp = tf.add(tf.sum(xlogy(tf.sub(a, 1), value), -1), normalizer);
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[xᵢ] = αᵢ / α₀`. */
  override get mean(): tf.Tensor {
    const a = this.concentration;
    return broadcastIfNeeded(tf.div(a, tf.sum(a, -1, true)), [...this.batchShape, ...this.eventShape]);
  }

  /** `Var[xᵢ] = αᵢ (α₀ − αᵢ) / (α₀² (α₀ + 1))`. */
  override get variance(): tf.Tensor {
    const a = this.concentration;
    const a0 = tf.sum(a, -1, true);
    const v = tf.div(tf.mul(a, tf.sub(a0, a)), tf.mul(tf.square(a0), tf.add(a0, 1)));
    return broadcastIfNeeded(v, [...this.batchShape, ...this.eventShape]);
  }

  /** `H = Σ lgamma(αᵢ) − lgamma(α₀) − (K − α₀) ψ(α₀) − Σ (αᵢ − 1) ψ(αᵢ)`. */
  override entropy(): tf.Tensor {
    const a = this.concentration;
    const k = this.eventShape[0]!;
    const a0 = tf.sum(a, -1);
    const h = tf.sub(
      tf.sub(tf.sum(lgamma(a), -1), lgamma(a0)),
      tf.add(tf.mul(tf.sub(k, a0), digamma(a0)), tf.sum(tf.mul(tf.sub(a, 1), digamma(a)), -1)),
    );
    return broadcastIfNeeded(h, this.batchShape);
  }
}

/**
 * A Dirichlet distribution with positive `concentration` `[..., K]` (categories along the last dim).
 *
 * Gotchas: values must lie on the simplex (non-negative, summing to 1 within 1e-5), else
 * `logProb` raises; draws are clamped below at the smallest normal float32 so `logProb` of a
 * draw stays finite for small α.
 *
 * @example
 * ```ts
 * const d = Dirichlet([[1, 1, 1], [0.5, 2, 3]]); // batch [2], event [3]
 * d.logProb(tf.tensor([[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]])); // [0.693, 0.925]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Dirichlet<Concentration extends TensorInput>(
  concentration: Concentration,
): DirichletDist<ParamDims<Concentration, 1>[0], ParamDims<Concentration, 1>[1]> {
  return construct(() => {
    const a = toTensor(concentration);
    if (a.rank < 1 || a.shape[a.rank - 1] === 0) {
      throw invalidArgument('Dirichlet', 'concentration', 'must be at least one-dimensional with at least one category ([..., K], K ≥ 1)', `shape ${showShape(a.shape)}`);
    }
    checkParam('Dirichlet', 'concentration', a, 'must be positive', isPositive);
    return new DirichletDist<ParamDims<Concentration, 1>[0], ParamDims<Concentration, 1>[1]>(a);
  });
}
