/**
 * The LKJ distribution over Cholesky factors of `D×D` correlation matrices (Pyro/torch's
 * `LKJCholesky(dim, concentration)`): `L` lower triangular with a positive diagonal and unit
 * rows, `Ω = L Lᵀ` a correlation matrix with `p(Ω) ∝ det(Ω)^(η−1)`.
 *
 * Density of the factor (w.r.t. its strictly-lower entries; Stan's `lkj_corr_cholesky`):
 * `log p(L) = Σ_{i=1}^{D−1} (2(η − 1) + D − 1 − i) log Lᵢᵢ − log Z(η)`, with
 * `log Z = ((D − 1)/2) log π + log Γ_{D−1}(α − ½) − (D − 1) log Γ(α)`, `α = η + (D − 1)/2`,
 * `Γ_p` the multivariate Gamma function (`log Γ_p(a) = (p(p − 1)/4) log π + Σ_{j=1}^p log Γ(a + (1 − j)/2)`).
 *
 * The rows are independent: row `i ≥ 1`'s strictly-lower part `w ∈ ℝⁱ` has density
 * `∝ (1 − ‖w‖²)^((2(η − 1) + D − 1 − i)/2)` on the unit ball, so `‖w‖² ~ Beta(i/2, η + (D − 1 − i)/2)`
 * and its direction is uniform. Draws (the onion method, vectorized as NumPyro's): `w = √yᵢ uᵢ`,
 * `uᵢ` a normalized standard normal, `Lᵢᵢ = √(1 − yᵢ)` (clamped at the smallest normal float32,
 * as torch); row 0 is `e₀`.
 *
 * Gotcha (a deliberate difference from torch 1.13, which Pyro 1.8.6 uses): torch draws `yᵢ` from
 * `Beta(i − ½, …)`, which is `i/2` only for `i = 1`, so its draws for `D ≥ 3` do not follow its
 * own `log_prob` (e.g. `E[Ω₂₀²]` is 0.3, not `1/(2η + D − 1)` = ¼, for `D = 3`, `η = 1`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, ParamBatch, Value } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import { type Key, normals, splitKey } from '../../../core/key.js';
import { type Shape, sizeOf } from '../../../core/shape.js';
import { diagPart, lgamma } from '../../../ops/index.js';
import { type Constraint, corrCholesky } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { FLOAT32_TINY } from '../../sampling/gamma-sampler.js';
import { betaDraws } from '../../sampling/implicit-reparam.js';
import { type TensorInput, broadcastIfNeeded, checkParam, checkSupport, construct, isPositive, logProbShape, toTensor } from '../../util.js';
import '../../wrappers/index.js';

const LOG_PI = Math.log(Math.PI);

/**
 * The LKJCholesky family. Construct it with {@link LKJCholesky}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class LKJCholeskyDist<B extends Dims = Dims> extends DistributionBase<B, readonly [string, string]> {
  readonly family = 'LKJCholesky';
  readonly support: Constraint = corrCholesky;
  /** The matrix size `D ≥ 2`. */
  readonly dim: number;
  /** The shape parameter `η > 0` (batch shape; 1 is uniform over correlation matrices). */
  readonly concentration: tf.Tensor;

  constructor(dim: number, concentration: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? concentration.shape, [dim, dim]);
    this.dim = dim;
    this.concentration = concentration;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new LKJCholeskyDist(this.dim, this.concentration, batchShape);
  }

  /**
   * Onion-method draws (see the module header), in float64 JavaScript: the Beta draws from the
   * Beta family's sampler, the sphere directions from normalized standard normals. Not
   * reparameterized (as torch).
   */
  override sample(key: Key, sampleShape: Shape = []): Value<B, readonly [string, string]> {
    const d = this.dim;
    const shape = this.extendedShape(sampleShape);
    const rows = shape.slice(0, -1); // sampleShape + batchShape + [D]: one Beta draw per row
    const [keyBeta, keyNormal] = splitKey(key, 2) as [Key, Key];
    const y = tf.tidy(() => {
      // row i's Beta(i/2, η + (D − 1 − i)/2), for i ≥ 1 (row 0's draw is unused: Beta(½, η + (D − 2)/2))
      const c1 = tf.tensor1d(Array.from({ length: d }, (_, i) => Math.max(i, 1) / 2));
      const shift = tf.tensor1d(Array.from({ length: d }, (_, i) => (d - 1 - Math.max(i, 1)) / 2));
      const c0 = tf.add(tf.expandDims(this.concentration, -1), shift);
      return betaDraws(keyBeta, c1, c0, rows, false).dataSync();
    });
    const z = normals(keyNormal, sizeOf(shape));
    const out = new Float32Array(z.length);
    for (let r = 0; r < y.length; r++) {
      const i = r % d; // the row within its matrix
      const o = r * d; // offset of row r (rows are contiguous, D entries each)
      if (i === 0) {
        out[o] = 1;
        continue;
      }
      let norm2 = 0;
      for (let j = 0; j < i; j++) norm2 += z[o + j]! ** 2;
      const radius = Math.sqrt(y[r]! / norm2);
      let offDiagonal2 = 0;
      for (let j = 0; j < i; j++) {
        const w = z[o + j]! * radius;
        out[o + j] = w;
        offDiagonal2 += w * w;
      }
      out[o + i] = Math.sqrt(Math.max(1 - offDiagonal2, FLOAT32_TINY));
    }
    return tf.tensor(out, [...shape], 'float32');
  }

  /** `Σ_{i ≥ 1} (2(η − 1) + D − 1 − i) log Lᵢᵢ − log Z(η)` (module header). */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 2);
    const d = this.dim;
    return tf.tidy(() => {
      const eta = tf.expandDims(this.concentration, -1);
      // (2(η − 1) + D − 1 − i) for i ≥ 1; 0 for i = 0 (L₀₀ = 1 and torch leaves it out)
      const isRow = tf.tensor1d(Array.from({ length: d }, (_, i) => (i === 0 ? 0 : 1)));
      const rest = tf.tensor1d(Array.from({ length: d }, (_, i) => (i === 0 ? 0 : d - 1 - i)));
      const order = tf.add(tf.mul(tf.mul(tf.sub(eta, 1), 2), isRow), rest);
      const unnormalized = tf.sum(tf.mul(order, tf.log(diagPart(value))), -1);
      return broadcastIfNeeded(tf.sub(unnormalized, this.logNormalizer()), shape);
    });
  }

  /** `log Z(η) = ((D − 1)/2) log π + log Γ_{D−1}(α − ½) − (D − 1) log Γ(α)`, `α = η + (D − 1)/2`. */
  private logNormalizer(): tf.Tensor {
    const p = this.dim - 1;
    const alpha = tf.add(this.concentration, 0.5 * p);
    // log Γ_p(α − ½) = (p(p − 1)/4) log π + Σ_{j=1}^p log Γ(α − ½ + (1 − j)/2)
    const shifts = tf.tensor1d(Array.from({ length: p }, (_, j) => -0.5 - j / 2));
    const mvlgamma = tf.sum(lgamma(tf.add(tf.expandDims(alpha, -1), shifts)), -1);
    const constant = 0.5 * p * LOG_PI + 0.25 * p * (p - 1) * LOG_PI;
    return tf.sub(tf.add(mvlgamma, constant), tf.mul(lgamma(alpha), p));
  }
}

/**
 * The LKJ distribution over Cholesky factors of `dim × dim` correlation matrices, with
 * `concentration` η > 0 (default 1: uniform over correlation matrices; η > 1 favours the
 * identity, η < 1 strong correlations). Support `constraints.corrCholesky`; event shape
 * `[dim, dim]`, batch shape `concentration.shape`. `bijectTo(corrCholesky)` is the
 * `CorrCholeskyTransform`, so autoguides fit it in `dim(dim − 1)/2` unconstrained coordinates.
 *
 * Gotchas: `logProb` is a density of the strictly-lower entries of `L` (not of `Ω = L Lᵀ`);
 * no `rsample`, `mean`, `variance` or `entropy` (as torch); `dim` must be an integer ≥ 2.
 *
 * @example
 * ```ts
 * const prior = LKJCholesky(3, 2);
 * const l = prior.sample(prngKey(0)); // [3, 3], L Lᵀ a correlation matrix
 * prior.logProb(l);
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function LKJCholesky<C extends TensorInput = 1>(dim: number, concentration?: C): LKJCholeskyDist<ParamBatch<C>> {
  if (!Number.isInteger(dim) || dim < 2) {
    throw invalidArgument('LKJCholesky', 'dim', 'must be an integer ≥ 2', `${dim}`);
  }
  // construct: a throwing factory leaks none of the tensors it made
  return construct(() => {
    const eta = toTensor(concentration ?? 1);
    checkParam('LKJCholesky', 'concentration', eta, 'must be positive', isPositive);
    return new LKJCholeskyDist<ParamBatch<C>>(dim, eta);
  });
}
