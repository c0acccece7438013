/**
 * KL rules between Gaussians: MultivariateNormal and LowRankMultivariateNormal in every
 * combination, through one formula on Cholesky factors (so the result does not depend on how
 * either was parameterized).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../../core/errors.js';
import { showShape } from '../../core/shape.js';
import { choleskyLogDet, triangularSolve } from '../../ops/index.js';
import type { Distribution } from '../distribution.js';
import type { LowRankMultivariateNormalDist } from '../families/multivariate/low-rank-multivariate-normal.js';
import type { MultivariateNormalDist } from '../families/multivariate/multivariate-normal.js';
import { registerKL } from './registry.js';

/** A Gaussian as its mean and a lower Cholesky factor of its covariance (unbroadcast where possible). */
interface GaussianView {
  readonly loc: tf.Tensor;
  readonly scaleTril: tf.Tensor;
}

const mvnView = (d: MultivariateNormalDist): GaussianView => ({ loc: d.loc, scaleTril: d.unbroadcastedScaleTril });
/** The dense factor `L Lᵀ = W Wᵀ + diag(D)`: O(d³), fine for the sizes autoguides use. */
const lowRankView = (d: LowRankMultivariateNormalDist): GaussianView => ({ loc: d.loc, scaleTril: d.scaleTril });

function sameEvent(p: Distribution, q: Distribution): void {
  if (p.eventShape[0] !== q.eventShape[0]) {
    throw ignisError('ShapeMismatch', {
      fn: 'klDivergence',
      what: `event shapes of p (${p.family}) and q (${q.family}) differ`,
      detail: `${showShape(p.eventShape)} vs ${showShape(q.eventShape)}`,
    });
  }
}

/**
 * `KL(N(μp, Σp) ‖ N(μq, Σq)) = Σ log (Lq)ᵢᵢ − Σ log (Lp)ᵢᵢ + ½ (‖Lq⁻¹ Lp‖²_F + ‖Lq⁻¹ (μq − μp)‖² − d)`
 * with `Σ = L Lᵀ` (torch's formula). Log-determinants accumulate in float64.
  *
  * @category distributions
  * @since 0.1.0
 */
export function klGaussian(p: GaussianView, q: GaussianView, d: number): tf.Tensor {
  const halfLogDetRatio = tf.mul(tf.sub(choleskyLogDet(q.scaleTril), choleskyLogDet(p.scaleTril)), 0.5);
  const trace = tf.sum(tf.square(triangularSolve(q.scaleTril, p.scaleTril, { lower: true })), [-2, -1]);
  const diff = tf.expandDims(tf.sub(q.loc, p.loc), -1);
  const mahalanobis = tf.sum(tf.square(triangularSolve(q.scaleTril, diff, { lower: true })), [-2, -1]);
  return tf.add(halfLogDetRatio, tf.mul(tf.sub(tf.add(trace, mahalanobis), d), 0.5));
}

const register = <P extends Distribution, Q extends Distribution>(
  familyP: string,
  familyQ: string,
  viewP: (d: P) => GaussianView,
  viewQ: (d: Q) => GaussianView,
): void => {
  registerKL<P, Q>(familyP, familyQ, (p, q) => {
    sameEvent(p, q);
    return klGaussian(viewP(p), viewQ(q), p.eventShape[0]!);
  });
};

register<MultivariateNormalDist, MultivariateNormalDist>('MultivariateNormal', 'MultivariateNormal', mvnView, mvnView);
register<LowRankMultivariateNormalDist, LowRankMultivariateNormalDist>(
  'LowRankMultivariateNormal',
  'LowRankMultivariateNormal',
  lowRankView,
  lowRankView,
);
register<LowRankMultivariateNormalDist, MultivariateNormalDist>('LowRankMultivariateNormal', 'MultivariateNormal', lowRankView, mvnView);
register<MultivariateNormalDist, LowRankMultivariateNormalDist>('MultivariateNormal', 'LowRankMultivariateNormal', mvnView, lowRankView);
