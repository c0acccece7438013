/**
 * The multivariate normal distribution `N(μ, Σ)` on ℝᵈ, given by exactly one of
 * `covarianceMatrix` Σ, `scaleTril` L (lower Cholesky factor, Σ = L Lᵀ) or `precisionMatrix`
 * Σ⁻¹; L is the canonical stored factor.
 *
 * Density: `log p(x) = −½‖L⁻¹(x − μ)‖² − Σᵢ log Lᵢᵢ − (d/2) log 2π`; entropy
 * `Σᵢ log Lᵢᵢ + (d/2)(1 + log 2π)`; draws `x = μ + L ε`, `ε ~ N(0, I)`. Batch shape: the broadcast
 * of `loc.shape[:-1]` and the matrix's `shape[:-2]`; event shape `[d]`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BroadcastDims, Dims, ParamBatch, ParamDims, Value } from '../../../core/dims.js';
import { IgnisError, invalidArgument } from '../../../core/errors.js';
import { type Key, normals } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { cholesky, choleskyLogDet, triangularSolve } from '../../../ops/index.js';
import type { Distribution } from '../../distribution.js';
import { checkSquareMatrix, checkSymmetric } from './matrix-checks.js';
import { mvnLogProb } from './mvn-kernels.js';
import { ScaleTrilDist, checkLoc, checkScaleTril } from './scale-tril.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkSupport, construct, logProbShape, toTensor } from '../../util.js';
import '../../wrappers/index.js';

const HALF_LOG_TWO_PI_E = 0.5 * (1 + Math.log(2 * Math.PI));

/** The matrix a MultivariateNormal was built from, kept so the getters can return it as given. */
export interface MvnGiven {
  readonly covarianceMatrix?: tf.Tensor;
  readonly precisionMatrix?: tf.Tensor;
}

/**
 * The MultivariateNormal family. Construct it with {@link MultivariateNormal}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class MultivariateNormalDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends ScaleTrilDist<B, E> {
  readonly family = 'MultivariateNormal';
  private readonly given: MvnGiven;

  constructor(loc: tf.Tensor, scaleTril: tf.Tensor, given: MvnGiven = {}, batchShape?: Shape) {
    super('MultivariateNormal', loc, scaleTril, [], batchShape);
    this.given = given;
  }

  /** `Σ = L Lᵀ` (the given matrix when built from one), broadcast to `batchShape + [d, d]`. */
  override get covarianceMatrix(): tf.Tensor {
    const sigma = this.given.covarianceMatrix;
    return sigma === undefined ? super.covarianceMatrix : broadcastIfNeeded(sigma, this.matrixShape);
  }

  /** `Σ⁻¹ = L⁻ᵀ L⁻¹` (the given matrix when built from one), broadcast to `batchShape + [d, d]`. */
  override get precisionMatrix(): tf.Tensor {
    const p = this.given.precisionMatrix;
    return p === undefined ? super.precisionMatrix : broadcastIfNeeded(p, this.matrixShape);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new MultivariateNormalDist(this.loc, this.unbroadcastedScaleTril, this.given, batchShape);
  }

  /** `x = μ + L ε` with `ε ~ N(0, I)` from `key` (one fused custom op). */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    return this.affineNormals(this.loc, normals(key, sizeOf(shape)), shape);
  }

  /** `−½‖L⁻¹(x − μ)‖² − Σ log Lᵢᵢ − (d/2) log 2π` (one fused custom op). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 1);
    const x = value.dtype === 'float32' ? value : tf.cast(value, 'float32');
    return broadcastIfNeeded(mvnLogProb(x, this.loc, this.unbroadcastedScaleTril), shape);
  }

  /** `E[x] = μ`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, this.vectorShape);
  }

  /** `Var[xᵢ] = Σᵢᵢ = Σⱼ Lᵢⱼ²`. */
  override get variance(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.sum(tf.square(this.unbroadcastedScaleTril), -1), this.vectorShape));
  }

  /** `H = Σ log Lᵢᵢ + (d/2)(1 + log 2π)`. */
  override entropy(): tf.Tensor {
    const d = this.eventShape[0]!;
    const h = tf.add(tf.mul(choleskyLogDet(this.unbroadcastedScaleTril), 0.5), d * HALF_LOG_TWO_PI_E);
    return broadcastIfNeeded(h, this.batchShape);
  }
}

/**
 * The covariance parameter of {@link MultivariateNormal}: exactly one of the three (the type
 * rejects two or none at compile time; the factory checks again at run time).
 *
 * @category distributions
 * @since 0.1.0
 */
export type MvnMatrix =
  | { readonly covarianceMatrix: TensorInput; readonly scaleTril?: never; readonly precisionMatrix?: never }
  | { readonly scaleTril: TensorInput; readonly covarianceMatrix?: never; readonly precisionMatrix?: never }
  | { readonly precisionMatrix: TensorInput; readonly covarianceMatrix?: never; readonly scaleTril?: never };

/** The tensor input inside an {@link MvnMatrix} argument. */
type MvnMatrixParam<M> = M extends { readonly covarianceMatrix: infer X }
  ? X
  : M extends { readonly scaleTril: infer X }
    ? X
    : M extends { readonly precisionMatrix: infer X }
      ? X
      : TensorInput;

/** Phantom batch dims of a MultivariateNormal: `loc` without its last dim, broadcast with the matrix's batch. */
export type MvnBatch<Loc, Matrix> = BroadcastDims<ParamBatch<Loc, 1>, ParamBatch<MvnMatrixParam<Matrix>, 2>>;

/** `cholesky(m)`, rethrowing a factorization failure as `InvalidArgument` naming `arg`. */
function choleskyOf(m: tf.Tensor, arg: string): tf.Tensor {
  try {
    return cholesky(m);
  } catch (e) {
    if (e instanceof IgnisError && e.tag === 'InvalidArgument') {
      throw invalidArgument('MultivariateNormal', arg, 'must be positive definite', e.message);
    }
    throw e;
  }
}

/**
 * The lower-triangular L with `L Lᵀ = P⁻¹` (torch's `_precision_to_scale_tril`): with J the
 * reversal, `J P J = Lf Lfᵀ` gives `P = U Uᵀ` with `U = J Lf J` upper triangular, so
 * `L = U⁻ᵀ = (Uᵀ)⁻¹`, a lower-triangular solve against the identity (no explicit inverse of P).
 */
function precisionToScaleTril(p: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const r = p.rank;
    const lf = choleskyOf(tf.reverse(p, [r - 2, r - 1]), 'precisionMatrix');
    const uT = tf.transpose(tf.reverse(lf, [r - 2, r - 1]), [...Array(r - 2).keys(), r - 1, r - 2]);
    return triangularSolve(uT, tf.eye(p.shape[r - 1]!));
  });
}

/**
 * A multivariate normal: `MultivariateNormal(loc, { covarianceMatrix | scaleTril | precisionMatrix })`.
 *
 * Gotchas: give exactly one matrix (else `InvalidArgument`); a matrix that is not positive
 * definite raises `InvalidArgument` naming it; `scaleTril` must be lower triangular with a
 * positive diagonal. `logProb` and `rsample` are single fused kernels (fast inside plates).
 *
 * @example
 * ```ts
 * const d = MultivariateNormal(tf.zeros([2]), { covarianceMatrix: [[2, 0.5], [0.5, 1]] });
 * d.logProb(tf.tensor([0.3, -0.2]));
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function MultivariateNormal<Loc extends TensorInput, Matrix extends MvnMatrix>(
  loc: Loc,
  matrix: Matrix,
): MultivariateNormalDist<MvnBatch<Loc, Matrix>, ParamDims<Loc, 1>[1]> {
  return construct(() => {
    const locT = toTensor(loc);
    const d = checkLoc('MultivariateNormal', locT);
    const given = (['covarianceMatrix', 'scaleTril', 'precisionMatrix'] as const).filter((k) => matrix[k] !== undefined);
    if (given.length !== 1) {
      throw invalidArgument(
        'MultivariateNormal',
        'covarianceMatrix',
        "(or 'scaleTril' or 'precisionMatrix') must be given, exactly one of them",
        given.length === 0 ? 'none' : given.join(' and '),
      );
    }
    const arg = given[0]!;
    const m = toTensor(matrix[arg]!);
    if (arg === 'scaleTril') checkScaleTril('MultivariateNormal', m, d);
    else checkSquareMatrix('MultivariateNormal', arg, m, d);
    batchShapeOf('MultivariateNormal', [locT.shape.slice(0, -1), m.shape.slice(0, -2)]);
    if (arg === 'scaleTril') {
      return new MultivariateNormalDist<MvnBatch<Loc, Matrix>, ParamDims<Loc, 1>[1]>(locT, m);
    }
    checkSymmetric('MultivariateNormal', arg, m);
    if (arg === 'covarianceMatrix') return new MultivariateNormalDist<MvnBatch<Loc, Matrix>, ParamDims<Loc, 1>[1]>(locT, choleskyOf(m, arg), { covarianceMatrix: m });
    return new MultivariateNormalDist<MvnBatch<Loc, Matrix>, ParamDims<Loc, 1>[1]>(locT, precisionToScaleTril(m), { precisionMatrix: m });
  });
}
