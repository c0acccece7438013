/**
 * The von Mises distribution on the circle.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { unaryOp } from '../../../ops/fused/elementwise-ops.js';
import { besselI1OverI0_64, logBesselI0 } from '../../../ops/index.js';
import { besselRatioDerivative } from '../../../ops/special/bessel.js';
import { type Constraint, real } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { vonMisesDraws } from '../../sampling/von-mises-sampler.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkSupport, logProbShape } from '../../util.js';
import { finiteParam, positiveParam } from './parameters.js';
import '../../wrappers/index.js';

const LOG_TWO_PI = Math.log(2 * Math.PI);

/**
 * `1 − I₁(κ)/I₀(κ)` in float64 (one rounding: subtracting the float32 ratio from 1 would lose
 * the relative accuracy for large κ, where it is ≈ 1/(2κ)); gradient `−d(I₁/I₀)/dκ`.
 */
const circularVariance = unaryOp(
  (k) => 1 - besselI1OverI0_64(k),
  (k, _y, dy) => tf.neg(tf.mul(dy, besselRatioDerivative(k))),
);

/**
 * The VonMises family. Construct it with {@link VonMises}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class VonMisesDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family = 'VonMises';
  /** ℝ, as Pyro's: angles are not reduced (`logProb` is 2π-periodic). */
  readonly support: Constraint = real;
  /** The mean direction `μ`. */
  readonly loc: tf.Tensor;
  /** The concentration `κ` (> 0). */
  readonly concentration: tf.Tensor;

  constructor(loc: tf.Tensor, concentration: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('VonMises', [loc.shape, concentration.shape]), []);
    this.loc = loc;
    this.concentration = concentration;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    return new VonMisesDist(this.loc, this.concentration, batchShape);
  }

  /** Best–Fisher rejection sampling in float64 (torch's algorithm), wrapped into `[−π, π)`. */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    return vonMisesDraws(key, this.loc, this.concentration, this.extendedShape(sampleShape));
  }

  /**
   * `log p(x) = κ cos(x − μ) − log 2π − log I₀(κ)`, with the exact `log I₀` (float64, see
   * `logBesselI0`) where torch uses a polynomial approximation off by up to ~2e-7.
   */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    return tf.tidy(() => {
      const kappa = this.concentration;
      const lp = tf.sub(tf.sub(tf.mul(kappa, tf.cos(tf.sub(value, this.loc))), LOG_TWO_PI), logBesselI0(kappa));
      return broadcastIfNeeded(lp, shape);
    });
  }

  /** The mean direction `μ` (Pyro's `mean`). */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, this.batchShape);
  }

  /** The circular variance `1 − I₁(κ)/I₀(κ)` (Pyro's `variance`). */
  override get variance(): tf.Tensor {
    return broadcastIfNeeded(circularVariance(this.concentration), this.batchShape);
  }
}

/**
 * A von Mises distribution over angles, with mean direction `loc` and `concentration` κ > 0
 * (Pyro's `VonMises`); support ℝ (values are not reduced; `logProb` is 2π-periodic).
 *
 * Density `p(x) = e^{κ cos(x − μ)} / (2π I₀(κ))`. `mean` is `μ`, `variance` the circular
 * variance `1 − I₁(κ)/I₀(κ)`, as in Pyro; `entropy`, `cdf` and `icdf` raise `NotImplemented` and
 * no KL rule is registered, as in Pyro. `sample` only (no reparameterized draws, as Pyro):
 * Best–Fisher rejection, returned in `[−π, π)`.
 *
 * Gotcha: `log I₀` is exact here (float64 series), while Pyro's float64 values use a polynomial
 * approximation; they differ by up to ~2e-7 in `logProb`, below float32 resolution for
 * moderate κ.
 *
 * @example
 * ```ts
 * const wind = VonMises(Math.PI / 4, 2);
 * const angles = wind.sample(prngKey(0), [100]); // in [−π, π)
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function VonMises<Loc extends TensorInput, Concentration extends TensorInput>(loc: Loc, concentration: Concentration): VonMisesDist<FamilyBatch<[Loc, Concentration]>, readonly []> {
  const [locT, concentrationT] = [finiteParam('VonMises', 'loc', loc), positiveParam('VonMises', 'concentration', concentration)];
  return new VonMisesDist<FamilyBatch<[Loc, Concentration]>, readonly []>(locT, concentrationT);
}
