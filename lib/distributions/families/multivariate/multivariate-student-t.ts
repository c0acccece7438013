/**
 * The multivariate Student's t distribution on ℝᵈ (Pyro's `MultivariateStudentT(df, loc,
 * scale_tril)`): `x = μ + L y √(ν / χ²_ν)`, `y ~ N(0, I)`, with `ν > 0` degrees of freedom and
 * `L` a lower Cholesky factor.
 *
 * Density: with `z = L⁻¹(x − μ)`,
 * `log p(x) = −((ν + d)/2) log(1 + ‖z‖²/ν) − Σᵢ log Lᵢᵢ − (d/2) log(νπ) − log B(ν/2, d/2) − log Γ(d/2)`
 * (`log Γ(ν/2) − log Γ((ν + d)/2) = log B(ν/2, d/2) − log Γ(d/2)`, in float64 without the
 * cancellation of two large log-Gammas). Mean `μ` (ν > 1), variance `diag(L Lᵀ) ν/(ν − 2)`
 * (ν > 2; ∞ for 1 < ν ≤ 2; NaN for ν ≤ 1). Batch shape: the broadcast of `df.shape`,
 * `loc.shape[:-1]` and `scaleTril.shape[:-2]`; event shape `[d]`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BroadcastDims, Dims, ParamBatch, ParamDims, Value } from '../../../core/dims.js';
import { type Key, normals, splitKey } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { diagPart, lbeta, lgamma64, log1p, triangularSolve } from '../../../ops/index.js';
import type { Distribution } from '../../distribution.js';
import { gammaDraws } from '../../sampling/implicit-reparam.js';
import { whereElse } from '../continuous/piecewise.js';
import { ScaleTrilDist, checkLoc, checkScaleTril } from './scale-tril.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkParam, checkSupport, construct, isPositive, logProbShape, toTensor } from '../../util.js';
import '../../wrappers/index.js';

const HALF_LOG_PI = 0.5 * Math.log(Math.PI);

/** Phantom batch dims: `df`'s, `loc`'s without its last dim and `scaleTril`'s without its last two, broadcast. */
export type MvtBatch<Df, Loc, ScaleTril> = BroadcastDims<ParamBatch<Df>, BroadcastDims<ParamBatch<Loc, 1>, ParamBatch<ScaleTril, 2>>>;

/**
 * The MultivariateStudentT family. Construct it with {@link MultivariateStudentT}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class MultivariateStudentTDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends ScaleTrilDist<B, E> {
  readonly family = 'MultivariateStudentT';
  /** Degrees of freedom `ν` (unbroadcast). */
  readonly df: tf.Tensor;

  constructor(df: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor, batchShape?: Shape) {
    super('MultivariateStudentT', loc, scaleTril, [df.shape], batchShape);
    this.df = df;
  }

  /**
   * `L Lᵀ`, broadcast to `batchShape + [d, d]`. As Pyro's `covariance_matrix`, this is the scale
   * matrix, NOT the covariance (which is `ν/(ν − 2)` times it, for ν > 2).
   */
  override get covarianceMatrix(): tf.Tensor {
    return super.covarianceMatrix;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new MultivariateStudentTDist(this.df, this.loc, this.unbroadcastedScaleTril, batchShape);
  }

  /**
   * `x = μ + √(ν/χ²_ν) · L ε`, `ε ~ N(0, I)` (torch's construction). `ν/χ²_ν` is one
   * InverseGamma(ν/2, ν/2) draw per batch element, differentiable in `ν` by implicit
   * reparameterization (first order); `L ε` is the MultivariateNormal's fused draw.
   */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const [keyNormal, keyChi2] = splitKey(key, 2) as [Key, Key];
    return tf.tidy(() => {
      const halfDf = tf.mul(this.df, 0.5);
      const ratio = gammaDraws(keyChi2, halfDf, halfDf, shape.slice(0, -1), { inverse: true, differentiable: true });
      const scaled = this.affineNormals(tf.zerosLike(this.loc), normals(keyNormal, sizeOf(shape)), shape);
      return tf.add(this.loc, tf.mul(tf.expandDims(tf.sqrt(ratio), -1), scaled));
    });
  }

  /** The density of the module header: a triangular solve, then elementwise ops. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 1);
    const d = this.eventShape[0]!;
    const nu = this.df;
    return tf.tidy(() => {
      const z = triangularSolve(this.unbroadcastedScaleTril, tf.expandDims(tf.sub(value, this.loc), -1));
      const maha = tf.sum(tf.square(z), [-2, -1]);
      const kernel = tf.mul(tf.mul(tf.add(nu, d), -0.5), log1p(tf.div(maha, nu)));
      const logDet = tf.sum(tf.log(diagPart(this.unbroadcastedScaleTril)), -1);
      const normalizer = tf.add(tf.add(logDet, tf.mul(tf.log(nu), 0.5 * d)), tf.sub(lbeta(tf.mul(nu, 0.5), d / 2), lgamma64(d / 2) - d * HALF_LOG_PI));
      return broadcastIfNeeded(tf.sub(kernel, normalizer), shape);
    });
  }

  /** `E[x] = μ` for `ν > 1`, else NaN (as Pyro). */
  override get mean(): tf.Tensor {
    return tf.tidy(() => whereElse(tf.expandDims(tf.greater(this.df, 1), -1), this.loc, NaN, this.vectorShape));
  }

  /** `Var[xᵢ] = (L Lᵀ)ᵢᵢ ν/(ν − 2)` for `ν > 2`, `∞` for `1 < ν ≤ 2`, NaN for `ν ≤ 1` (as Pyro). */
  override get variance(): tf.Tensor {
    return tf.tidy(() => {
      const nu = tf.expandDims(this.df, -1);
      const finite = tf.mul(tf.sum(tf.square(this.unbroadcastedScaleTril), -1), tf.div(nu, tf.sub(nu, 2)));
      const aboveOne = whereElse(tf.greater(nu, 2), finite, Infinity, this.vectorShape);
      return whereElse(tf.greater(nu, 1), aboveOne, NaN, this.vectorShape);
    });
  }
}

/**
 * A multivariate Student's t: `MultivariateStudentT(df, loc, scaleTril)`, Pyro's
 * parameterization — `df` ν > 0 (batch), `loc` μ `[..., d]`, `scaleTril` L `[..., d, d]` lower
 * triangular with a positive diagonal. Support ℝᵈ; reparameterized draws (in all three
 * parameters); no entropy (as Pyro 1.8.6) and no registered KL.
 *
 * Gotchas: `covarianceMatrix` is `L Lᵀ`, as Pyro's, not the covariance `ν/(ν − 2) L Lᵀ`.
 * Unlike Pyro 1.8.6 (which skips it), `scaleTril` is validated, as MultivariateNormal's.
 *
 * @example
 * ```ts
 * const d = MultivariateStudentT(4, [0, 0], [[1, 0], [0.5, 2]]);
 * d.logProb(tf.tensor([0.3, -0.2]));
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function MultivariateStudentT<Df extends TensorInput, Loc extends TensorInput, ScaleTril extends TensorInput>(
  df: Df,
  loc: Loc,
  scaleTril: ScaleTril,
): MultivariateStudentTDist<MvtBatch<Df, Loc, ScaleTril>, ParamDims<Loc, 1>[1]> {
  // construct: a throwing factory leaks none of the tensors it made
  return construct(() => {
    const dfT = toTensor(df);
    const locT = toTensor(loc);
    const l = toTensor(scaleTril);
    checkParam('MultivariateStudentT', 'df', dfT, 'must be positive', isPositive);
    checkScaleTril('MultivariateStudentT', l, checkLoc('MultivariateStudentT', locT));
    batchShapeOf('MultivariateStudentT', [dfT.shape, locT.shape.slice(0, -1), l.shape.slice(0, -2)]);
    return new MultivariateStudentTDist(dfT, locT, l);
  });
}
