/**
 * The low-rank multivariate normal `N(μ, W Wᵀ + D)` on ℝᵈ, with `covFactor` W `[..., d, m]`
 * and `covDiag` D `[..., d]` (positive): Pyro's `LowRankMultivariateNormal`.
 *
 * Everything goes through the m×m capacitance matrix `C = I + Wᵀ D⁻¹ W` and its Cholesky
 * factor (computed once at construction), never a d×d inverse:
 * - Woodbury: `(x−μ)ᵀ Σ⁻¹ (x−μ) = ‖D^{-½}(x−μ)‖² − ‖chol(C)⁻¹ Wᵀ D⁻¹ (x−μ)‖²`;
 * - determinant lemma: `log det Σ = log det C + Σᵢ log Dᵢ`;
 * - `log p(x) = −½ (d log 2π + log det Σ + Mahalanobis)`, `H = ½ (d (1 + log 2π) + log det Σ)`;
 * - draws `x = μ + W ε₁ + √D ε₂` with `ε₁ ~ N(0, I_m)`, `ε₂ ~ N(0, I_d)`.
 *
 * Batch shape: the broadcast of `loc.shape[:-1]`, `covFactor.shape[:-2]`, `covDiag.shape[:-1]`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BroadcastDims, Dims, FamilyBatch, ParamBatch, ParamDims, Value } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import { type Key, normals } from '../../../core/key.js';
import { type Shape, showShape, sizeOf } from '../../../core/shape.js';
import { cholesky, choleskyLogDet, diagEmbed, matvec, triangularSolve } from '../../../ops/index.js';
import { transposeLast2 } from '../../../ops/internal/tensors.js';
import { type Constraint, realVector } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
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

const LOG_TWO_PI = Math.log(2 * Math.PI);

/** What the constructor needs besides the parameters (computed once by the factory). */
export interface Capacitance {
  /** `Wᵀ D⁻¹`, `[..., m, d]`. */
  readonly wtDinv: tf.Tensor;
  /** `chol(I + Wᵀ D⁻¹ W)`, `[..., m, m]`. */
  readonly capacitanceTril: tf.Tensor;
}

/** `Wᵀ D⁻¹` and the Cholesky factor of the capacitance `I + Wᵀ D⁻¹ W`. */
export function capacitanceOf(covFactor: tf.Tensor, covDiag: tf.Tensor): Capacitance {
  const m = covFactor.shape[covFactor.rank - 1]!;
  const wtDinv = tf.div(transposeLast2(covFactor), tf.expandDims(covDiag, -2));
  const capacitanceTril = cholesky(tf.add(tf.matMul(wtDinv, covFactor), tf.eye(m)));
  return { wtDinv, capacitanceTril };
}

/**
 * The LowRankMultivariateNormal family. Construct it with {@link LowRankMultivariateNormal}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class LowRankMultivariateNormalDist<B extends Dims = Dims, E extends Dims = readonly [string]> extends DistributionBase<B, E> {
  readonly family = 'LowRankMultivariateNormal';
  readonly support: Constraint = realVector;
  readonly loc: tf.Tensor;
  readonly covFactor: tf.Tensor;
  readonly covDiag: tf.Tensor;
  private readonly capacitance: Capacitance;

  constructor(loc: tf.Tensor, covFactor: tf.Tensor, covDiag: tf.Tensor, cap: Capacitance, batchShape?: Shape) {
    const shapes = [loc.shape.slice(0, -1), covFactor.shape.slice(0, -2), covDiag.shape.slice(0, -1)];
    super(batchShape ?? batchShapeOf('LowRankMultivariateNormal', shapes), [loc.shape[loc.rank - 1]!]);
    this.loc = loc;
    this.covFactor = covFactor;
    this.covDiag = covDiag;
    this.capacitance = cap;
  }

  private get d(): number {
    return this.eventShape[0]!;
  }

  private get matrixShape(): Shape {
    return [...this.batchShape, this.d, this.d];
  }

  override get hasRsample(): boolean {
    return true;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new LowRankMultivariateNormalDist(this.loc, this.covFactor, this.covDiag, this.capacitance, batchShape);
  }

  /** `log det Σ = 2 Σ log diag chol(C) + Σ log D` (matrix determinant lemma). */
  private logDet(): tf.Tensor {
    return tf.add(choleskyLogDet(this.capacitance.capacitanceTril), tf.sum(tf.log(this.covDiag), -1));
  }

  /** `x = μ + W ε₁ + √D ε₂` (ε₁ then ε₂ drawn from `key`). */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const shape = this.extendedShape(sampleShape);
    const m = this.covFactor.shape[this.covFactor.rank - 1]!;
    const lead = shape.slice(0, -1);
    const nW = sizeOf(lead) * m;
    const eps = normals(key, nW + sizeOf(shape));
    const epsW = tf.tensor(Float32Array.from(eps.subarray(0, nW)), [...lead, m], 'float32');
    const epsD = tf.tensor(Float32Array.from(eps.subarray(nW)), [...shape], 'float32');
    const x = tf.add(tf.add(this.loc, matvec(this.covFactor, epsW)), tf.mul(tf.sqrt(this.covDiag), epsD));
    return broadcastIfNeeded(x, shape);
  }

  /** `−½ (d log 2π + log det Σ + ‖D^{-½}r‖² − ‖chol(C)⁻¹ Wᵀ D⁻¹ r‖²)`, `r = x − μ`. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 1);
    const r = tf.sub(value, this.loc);
    const term1 = tf.sum(tf.div(tf.square(r), this.covDiag), -1);
    const v = triangularSolve(this.capacitance.capacitanceTril, tf.expandDims(matvec(this.capacitance.wtDinv, r), -1));
    const term2 = tf.sum(tf.square(v), [-2, -1]);
    const lp = tf.sub(tf.mul(tf.add(tf.sub(term1, term2), this.logDet()), -0.5), 0.5 * this.d * LOG_TWO_PI);
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[x] = μ`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, [...this.batchShape, this.d]);
  }

  /** `Var[xᵢ] = Σⱼ Wᵢⱼ² + Dᵢ`. */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.sum(tf.square(this.covFactor), -1), this.covDiag), [...this.batchShape, this.d]);
  }

  /** `H = ½ (d (1 + log 2π) + log det Σ)`. */
  override entropy(): tf.Tensor {
    const h = tf.add(tf.mul(this.logDet(), 0.5), 0.5 * this.d * (1 + LOG_TWO_PI));
    return broadcastIfNeeded(h, this.batchShape);
  }

  /** `Σ = W Wᵀ + diag(D)`, `batchShape + [d, d]`. */
  get covarianceMatrix(): tf.Tensor {
    const sigma = tf.add(tf.matMul(this.covFactor, this.covFactor, false, true), diagEmbed(this.covDiag));
    return broadcastIfNeeded(sigma, this.matrixShape);
  }

  /** `Σ⁻¹ = D⁻¹ − Aᵀ A` with `A = chol(C)⁻¹ Wᵀ D⁻¹` (Woodbury), `batchShape + [d, d]`. */
  get precisionMatrix(): tf.Tensor {
    const a = triangularSolve(this.capacitance.capacitanceTril, this.capacitance.wtDinv);
    const p = tf.sub(diagEmbed(tf.reciprocal(this.covDiag)), tf.matMul(a, a, true, false));
    return broadcastIfNeeded(p, this.matrixShape);
  }

  /** `√D · chol(I + D^{-½} W Wᵀ D^{-½})` (lower, `L Lᵀ = Σ`), `batchShape + [d, d]`. */
  get scaleTril(): tf.Tensor {
    const sqrtD = tf.expandDims(tf.sqrt(this.covDiag), -1);
    const w = tf.div(this.covFactor, sqrtD);
    const k = tf.add(tf.matMul(w, w, false, true), tf.eye(this.d));
    return broadcastIfNeeded(tf.mul(sqrtD, cholesky(k)), this.matrixShape);
  }
}

/**
 * A low-rank multivariate normal with covariance `covFactor · covFactorᵀ + diag(covDiag)`.
 *
 * Gotchas: `covFactor` is `[..., d, m]` (m the rank) and `covDiag` `[..., d]` must be positive,
 * else `InvalidArgument`; cost per `logProb` is O(d m²), never O(d³).
 *
 * @example
 * ```ts
 * const d = LowRankMultivariateNormal(tf.zeros([3]), tf.ones([3, 1]), tf.ones([3]));
 * d.entropy();
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function LowRankMultivariateNormal<Loc extends TensorInput, CovFactor extends TensorInput, CovDiag extends TensorInput>(
  loc: Loc,
  covFactor: CovFactor,
  covDiag: CovDiag,
): LowRankMultivariateNormalDist<BroadcastDims<FamilyBatch<[Loc, CovDiag], 1>, ParamBatch<CovFactor, 2>>, ParamDims<Loc, 1>[1]> {
  return construct(() => {
    const fn = 'LowRankMultivariateNormal';
    const locT = toTensor(loc);
    const w = toTensor(covFactor);
    const diag = toTensor(covDiag);
    if (locT.rank < 1) throw invalidArgument(fn, 'loc', 'must be at least one-dimensional', `shape ${showShape(locT.shape)}`);
    const d = locT.shape[locT.rank - 1]!;
    if (w.rank < 2 || w.shape[w.rank - 2] !== d) {
      throw invalidArgument(fn, 'covFactor', `must have shape [..., ${d}, m] matching 'loc'`, `shape ${showShape(w.shape)}`);
    }
    if (diag.rank < 1 || diag.shape[diag.rank - 1] !== d) {
      throw invalidArgument(fn, 'covDiag', `must have shape [..., ${d}] matching 'loc'`, `shape ${showShape(diag.shape)}`);
    }
    checkParam(fn, 'loc', locT, 'must be finite', isFiniteNumber);
    checkParam(fn, 'covFactor', w, 'must be finite', isFiniteNumber);
    checkParam(fn, 'covDiag', diag, 'must be positive', isPositive);
    batchShapeOf(fn, [locT.shape.slice(0, -1), w.shape.slice(0, -2), diag.shape.slice(0, -1)]);
    return new LowRankMultivariateNormalDist<BroadcastDims<FamilyBatch<[Loc, CovDiag], 1>, ParamBatch<CovFactor, 2>>, ParamDims<Loc, 1>[1]>(
      locT,
      w,
      diag,
      capacitanceOf(w, diag),
    );
  });
}
