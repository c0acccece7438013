/**
 * The shared base of the families on ℝᵈ given by a location `μ` `[..., d]` and a lower Cholesky
 * factor `L` `[..., d, d]` (MultivariateNormal, MultivariateStudentT), as `LocScaleDist` is for
 * the scalar location–scale families: the parameters (stored unbroadcast), the batch shape (their
 * batch dims and the family's other parameters', broadcast), event shape `[d]`, support ℝᵈ,
 * Pyro's matrix getters, the fused `μ + L ε` draw, and the factories' checks of `loc` and `L`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import type { Shape } from '../../../core/shape.js';
import { showShape } from '../../../core/shape.js';
import { choleskyInverse, diagonalOf } from '../../../ops/index.js';
import { type Constraint, realVector } from '../../constraints/index.js';
import { DistributionBase } from '../../distribution.js';
import { batchShapeOf, broadcastIfNeeded, checkParam, isFiniteNumber, isPositive } from '../../util.js';
import { checkLowerCholesky, checkSquareMatrix } from './matrix-checks.js';
import { mvnRsample, mvnRsampleDiagonal } from './mvn-kernels.js';

/**
 * A family on ℝᵈ with a location and a lower Cholesky factor. Subclasses set `family`, add
 * their other parameters (whose batch shapes the constructor takes), and implement `logProb`.
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class ScaleTrilDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends DistributionBase<B, E> {
  readonly support: Constraint = realVector;
  /** The location `μ` `[..., d]` (unbroadcast). */
  readonly loc: tf.Tensor;
  /** The lower Cholesky factor `L` `[..., d, d]` (unbroadcast: see the getter {@link scaleTril}). */
  readonly unbroadcastedScaleTril: tf.Tensor;

  /** `family` names the family in a shape error; `otherBatchShapes` are the other parameters' batch shapes. */
  protected constructor(family: string, loc: tf.Tensor, scaleTril: tf.Tensor, otherBatchShapes: readonly Shape[], batchShape?: Shape) {
    const d = loc.shape[loc.rank - 1]!;
    super(batchShape ?? batchShapeOf(family, [...otherBatchShapes, loc.shape.slice(0, -1), scaleTril.shape.slice(0, -2)]), [d]);
    this.loc = loc;
    this.unbroadcastedScaleTril = scaleTril;
  }

  /** `batchShape + [d]`. */
  protected get vectorShape(): Shape {
    return [...this.batchShape, ...this.eventShape];
  }

  /** `batchShape + [d, d]`. */
  protected get matrixShape(): Shape {
    return [...this.vectorShape, ...this.eventShape];
  }

  /** `L`, broadcast to `batchShape + [d, d]`. */
  get scaleTril(): tf.Tensor {
    return broadcastIfNeeded(this.unbroadcastedScaleTril, this.matrixShape);
  }

  /** `L Lᵀ`, broadcast to `batchShape + [d, d]`. */
  get covarianceMatrix(): tf.Tensor {
    const l = this.unbroadcastedScaleTril;
    return tf.tidy(() => broadcastIfNeeded(tf.matMul(l, l, false, true), this.matrixShape));
  }

  /** `(L Lᵀ)⁻¹ = L⁻ᵀ L⁻¹`, broadcast to `batchShape + [d, d]`. */
  get precisionMatrix(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(choleskyInverse(this.unbroadcastedScaleTril), this.matrixShape));
  }

  override get hasRsample(): boolean {
    return true;
  }

  /**
   * `loc + L ε` for standard-normal `ε` of shape `shape` (float64 data): one fused op, O(d) per
   * element when `L` is a `diagEmbed`.
   */
  protected affineNormals(loc: tf.Tensor, eps: Float64Array, shape: Shape): tf.Tensor {
    const diagonal = diagonalOf(this.unbroadcastedScaleTril);
    return diagonal === undefined ? mvnRsample(loc, this.unbroadcastedScaleTril, eps, shape) : mvnRsampleDiagonal(loc, diagonal, eps, shape);
  }
}

/** A factory's check of `loc`: at least one-dimensional and finite. Returns `d`. */
export function checkLoc(family: string, loc: tf.Tensor): number {
  if (loc.rank < 1) throw invalidArgument(family, 'loc', 'must be at least one-dimensional', `shape ${showShape(loc.shape)}`);
  checkParam(family, 'loc', loc, 'must be finite', isFiniteNumber);
  return loc.shape[loc.rank - 1]!;
}

/**
 * A factory's check of `scaleTril`: `[..., d, d]`, lower triangular with a positive diagonal (a
 * `diagEmbed` is lower triangular by construction: only its diagonal is read).
 */
export function checkScaleTril(family: string, scaleTril: tf.Tensor, d: number): void {
  checkSquareMatrix(family, 'scaleTril', scaleTril, d);
  const diagonal = diagonalOf(scaleTril);
  if (diagonal === undefined) checkLowerCholesky(family, 'scaleTril', scaleTril);
  else checkParam(family, 'scaleTril', diagonal, 'must be lower triangular with a positive diagonal', isPositive);
}
