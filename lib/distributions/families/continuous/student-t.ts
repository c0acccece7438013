/**
 * Student's t distribution with location and scale.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { digamma, lbeta, log1p } from '../../../ops/index.js';
import { type Constraint, real } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { studentTDraws } from '../../sampling/implicit-reparam.js';
import { fused64, studentTEntropyElement } from './density64.js';
import { whereElse } from './piecewise.js';
import {
  type TensorInput,
  batchShapeOf,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isFiniteNumber,
  isPositive,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import '../../wrappers/index.js';

/**
 * The StudentT family. Construct it with {@link StudentT}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class StudentTDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'StudentT';
  readonly support: Constraint = real;
  /** Degrees of freedom `ν`. */
  readonly df: tf.Tensor;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(df: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('StudentT', [df.shape, loc.shape, scale.shape]), []);
    this.df = df;
    this.loc = loc;
    this.scale = scale;
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new StudentTDist(this.df, this.loc, this.scale, batchShape);
  }

  /** `μ + σ ε √(ν / χ²_ν)` (see {@link StudentTDist.rsample}), without gradient. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return studentTDraws(key, this.df, this.loc, this.scale, this.extendedShape(sampleShape), false);
  }

  /**
   * `x = μ + σ ε √(ν / (2G))`, `ε ~ N(0, 1)`, `G ~ Gamma(ν/2, 1)` (torch's construction);
   * differentiable in `loc` and `scale` directly and in `df` through Gamma's implicit
   * reparameterization. One tfjs op.
   */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return studentTDraws(key, this.df, this.loc, this.scale, this.extendedShape(sampleShape), true);
  }

  /**
   * `log p(x) = −((ν + 1)/2) log(1 + y²/ν) − log(σ √ν) − log B(ν/2, ½)`, `y = (x − μ)/σ`
   * (`log B(ν/2, ½) = log Γ(ν/2) + ½ log π − log Γ((ν + 1)/2)`).
   */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const nu = this.df;
    const y = tf.div(tf.sub(value, this.loc), this.scale);
    const kernel = tf.mul(tf.mul(tf.add(nu, 1), -0.5), log1p(tf.div(tf.square(y), nu)));
    const normalizer = tf.add(tf.log(tf.mul(this.scale, tf.sqrt(nu))), lbeta(tf.mul(nu, 0.5), 0.5));
    return broadcastIfNeeded(tf.sub(kernel, normalizer), shape);
  }

  /** `E[X] = μ` for `ν > 1`, else NaN (as Pyro). */
  override get mean(): tf.Tensor {
    return whereElse(tf.greater(this.df, 1), this.loc, NaN, this.batchShape);
  }

  /** `Var[X] = σ² ν/(ν − 2)` for `ν > 2`, `∞` for `1 < ν ≤ 2`, NaN for `ν ≤ 1` (as Pyro). */
  override get variance(): tf.Tensor {
    const nu = this.df;
    const finite = tf.div(tf.mul(tf.square(this.scale), nu), tf.sub(nu, 2));
    const aboveOne = whereElse(tf.greater(nu, 2), finite, Infinity, this.batchShape);
    return whereElse(tf.greater(nu, 1), aboveOne, NaN, this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return tf.sqrt(this.variance);
  }

  /**
   * `H = log σ + ((ν + 1)/2)(ψ((ν + 1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½)`, one float64 fused
   * op (`density64.ts`: the ψ difference is ~1/ν, below float32's resolution of ψ at large ν).
   */
  override entropy(): tf.Tensor {
    const h = fused64('StudentT.entropy', [this.df, this.scale], studentTEntropyElement, ([nu, scale]) => {
      const half = tf.mul(nu!, 0.5);
      const halfPlus = tf.add(half, 0.5);
      return tf.add(tf.add(tf.log(tf.mul(scale!, tf.sqrt(nu!))), lbeta(half, 0.5)), tf.mul(halfPlus, tf.sub(digamma(halfPlus), digamma(half))));
    });
    return broadcastIfNeeded(h, this.batchShape);
  }
}

/**
 * Student's t distribution with `df` ν > 0 degrees of freedom, location `loc` (default 0) and
 * scale `scale > 0` (default 1); support ℝ.
 *
 * Density `p(x) = Γ((ν+1)/2) / (Γ(ν/2) √(νπ) σ) · (1 + y²/ν)^{−(ν+1)/2}`, `y = (x − μ)/σ`; mean `μ`
 * (ν > 1), variance `σ²ν/(ν − 2)` (ν > 2; ∞ for 1 < ν ≤ 2; NaN for ν ≤ 1). `cdf`/`icdf` throw
 * `NotImplemented`, as in Pyro 1.8.6.
 *
 * Sampling: `μ + σ ε √(ν/χ²_ν)`, with the χ² from Gamma (Marsaglia–Tsang), so `rsample` is
 * differentiable in all three parameters (first-order only).
 *
 * @example
 * ```ts
 * const robust = StudentT(4, 0, 2);
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function StudentT<Df extends TensorInput, Loc extends TensorInput = 0, Scale extends TensorInput = 1>(
  df: Df,
  loc?: Loc,
  scale?: Scale,
): StudentTDist<FamilyBatch<[Df, Loc, Scale]>, readonly []> {
  return construct(() => {
    const dfT = toTensor(df);
    const locT = toTensor(loc ?? 0);
    const scaleT = toTensor(scale ?? 1);
    checkParam('StudentT', 'df', dfT, 'must be positive', isPositive);
    checkParam('StudentT', 'loc', locT, 'must be finite', isFiniteNumber);
    checkParam('StudentT', 'scale', scaleT, 'must be positive', isPositive);
    return new StudentTDist<FamilyBatch<[Df, Loc, Scale]>, readonly []>(dfT, locT, scaleT);
  });
}
