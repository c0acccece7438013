/**
 * The Kumaraswamy distribution on the unit interval, as Pyro builds it:
 * `X = (1 − U^(1/b))^(1/a)` with `U ~ Uniform(0, 1)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import { digamma, log1p, xlogy } from '../../../ops/index.js';
import { EULER_GAMMA } from '../../../ops/special/gamma64.js';
import { type Constraint, unitInterval } from '../../constraints/index.js';
import { AffineTransform } from '../../transforms/affine.js';
import { PowerTransform } from '../../transforms/power.js';
import { type TensorInput, broadcastIfNeeded, checkSupport, logProbShape } from '../../util.js';
import { positiveParam } from './parameters.js';
import { kumaraswamyMean, kumaraswamyVariance } from './kumaraswamy-moments.js';
import { TransformedFamilyDist } from './transformed-family.js';
import { UniformDist } from './uniform.js';
import '../../wrappers/index.js';

/**
 * `log(1 − xᵃ)` as `log(−expm1(a log x))`: where `xᵃ` is within float32 rounding of 1 (x near 1,
 * where most of the mass sits for b < 1), `1 − xᵃ` itself would be 0 or one ulp, while `log x`
 * keeps its relative accuracy.
 */
function logOneMinusPower(x: tf.Tensor, a: tf.Tensor): tf.Tensor {
  return tf.log(tf.neg(tf.expm1(tf.mul(a, tf.log(x)))));
}

/**
 * The Kumaraswamy family. Construct it with {@link Kumaraswamy}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class KumaraswamyDist<B extends Dims = Dims, E extends Dims = readonly []> extends TransformedFamilyDist<B, E> {
  static override readonly family = 'Kumaraswamy';
  override readonly family = 'Kumaraswamy';
  /** `a` (> 0), the exponent of `x`. */
  readonly concentration1: tf.Tensor;
  /** `b` (> 0), the exponent of `1 − xᵃ`. */
  readonly concentration0: tf.Tensor;

  constructor(concentration1: tf.Tensor, concentration0: tf.Tensor, batchShape?: Shape) {
    super('Kumaraswamy', [concentration1, concentration0], batchShape, (shape) => [
      new UniformDist(tf.scalar(0), tf.scalar(1), shape),
      [PowerTransform(tf.reciprocal(concentration0)), AffineTransform(1, -1), PowerTransform(tf.reciprocal(concentration1))],
    ]);
    this.concentration1 = concentration1;
    this.concentration0 = concentration0;
  }

  /** `[0, 1]` (Pyro's `unit_interval`). */
  override get support(): Constraint {
    return unitInterval;
  }

  /**
   * `log p(x) = log a + log b + (a − 1) log x + (b − 1) log(1 − xᵃ)`, directly rather than
   * through the transforms (whose inverse `u = (1 − xᵃ)^b` rounds to 1 in float32 for small `xᵃ`,
   * where the base density is `−∞`); `(a − 1) log x` is `xlogy`, so `log p(0) = log b` for `a = 1`,
   * and `log(1 − xᵃ)` is computed in log space (see {@link logOneMinusPower}).
   */
  override logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    return tf.tidy(() => {
      const [a, b] = [this.concentration1, this.concentration0];
      const lp = tf.add(tf.add(tf.log(tf.mul(a, b)), xlogy(tf.sub(a, 1), value)), tf.mul(tf.sub(b, 1), logOneMinusPower(value, a)));
      return broadcastIfNeeded(lp, shape);
    });
  }

  /** `F(x) = 1 − (1 − xᵃ)^b = −expm1(b log(1 − xᵃ))`, accurate at both ends of [0, 1]. */
  override cdf(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.neg(tf.expm1(tf.mul(this.concentration0, logOneMinusPower(value, this.concentration1)))));
  }

  /** `F⁻¹(q) = (1 − (1 − q)^{1/b})^{1/a}`, as `exp(log(−expm1(log1p(−q)/b))/a)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const oneMinusPower = tf.neg(tf.expm1(tf.div(log1p(tf.neg(q)), this.concentration0)));
      return tf.exp(tf.div(tf.log(oneMinusPower), this.concentration1));
    });
  }

  /** `E[X] = b B(1 + 1/a, b)` (float64, see `kumaraswamy-moments.ts`). */
  override get mean(): tf.Tensor {
    return this.batchValue(() => kumaraswamyMean(this.concentration1, this.concentration0));
  }

  /** `Var[X] = b B(1 + 2/a, b) − (b B(1 + 1/a, b))²`, in float64 (it cancels; see `kumaraswamy-moments.ts`). */
  override get variance(): tf.Tensor {
    return this.batchValue(() => kumaraswamyVariance(this.concentration1, this.concentration0));
  }

  /** `H = (1 − 1/b) + (1 − 1/a)(ψ(b + 1) + γ) − log a − log b` (γ Euler's constant). */
  override entropy(): tf.Tensor {
    return this.batchValue(() => {
      const [a, b] = [this.concentration1, this.concentration0];
      const harmonic = tf.add(digamma(tf.add(b, 1)), EULER_GAMMA);
      return tf.sub(tf.add(tf.sub(1, tf.reciprocal(b)), tf.mul(tf.sub(1, tf.reciprocal(a)), harmonic)), tf.log(tf.mul(a, b)));
    });
  }
}

/**
 * A Kumaraswamy distribution with `concentration1` a > 0 and `concentration0` b > 0; support
 * `[0, 1]` (`unitInterval`).
 *
 * Density `p(x) = a b x^{a−1} (1 − xᵃ)^{b−1}`; `F(x) = 1 − (1 − xᵃ)^b`; mean `b B(1 + 1/a, b)`,
 * variance `b B(1 + 2/a, b) − mean²`, entropy `(1 − 1/b) + (1 − 1/a)(ψ(b + 1) + γ) − log ab`.
 * A Beta look-alike whose `cdf`, `icdf` and reparameterized draws are closed forms.
 *
 * Built as Pyro's `TransformedDistribution(Uniform(0, 1), [PowerTransform(1/b),
 * AffineTransform(1, −1), PowerTransform(1/a)])`: draws `x = (1 − u^{1/b})^{1/a}` (gradients to
 * both parameters) come from the transforms; `logProb`, `cdf` and `icdf` are the closed forms,
 * computed in log space so that float32 keeps its accuracy near 1 (see
 * {@link KumaraswamyDist.logProb}). KL: as for Weibull, only equal parameters (KL 0,
 * through the TransformedDistribution rule); otherwise `NotImplemented`, as in Pyro.
 * `Kumaraswamy(1, b)` is `Beta(1, b)`.
 *
 * Gotcha (float32): for b < 1 some mass lies within one float32 ulp of 1 (2.8e-5 of it at
 * a = 5, b = 0.7); draws there round to exactly 1, where `logProb` is `+∞` (NaN for b = 1), as
 * in float32 Pyro.
 *
 * @example
 * ```ts
 * const p = Kumaraswamy(2, 5);
 * p.icdf(tf.scalar(0.5)); // the median (1 − 2^{−1/5})^{1/2}
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Kumaraswamy<C1 extends TensorInput, C0 extends TensorInput>(concentration1: C1, concentration0: C0): KumaraswamyDist<FamilyBatch<[C1, C0]>, readonly []> {
  const [c1, c0] = [positiveParam('Kumaraswamy', 'concentration1', concentration1), positiveParam('Kumaraswamy', 'concentration0', concentration0)];
  return new KumaraswamyDist<FamilyBatch<[C1, C0]>, readonly []>(c1, c0);
}
