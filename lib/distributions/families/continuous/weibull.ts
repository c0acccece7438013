/**
 * The Weibull distribution, as Pyro builds it: `X = scale · E^(1/concentration)` with
 * `E ~ Exponential(1)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import { lgamma } from '../../../ops/index.js';
import { EULER_GAMMA } from '../../../ops/special/gamma64.js';
import { type Constraint, positive } from '../../constraints/index.js';
import { AffineTransform } from '../../transforms/affine.js';
import { PowerTransform } from '../../transforms/power.js';
import type { TensorInput } from '../../util.js';
import { positiveParam } from './parameters.js';
import { ExponentialDist } from './exponential.js';
import { TransformedFamilyDist } from './transformed-family.js';
import '../../wrappers/index.js';


/**
 * The Weibull family. Construct it with {@link Weibull}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class WeibullDist<B extends Dims = Dims, E extends Dims = readonly []> extends TransformedFamilyDist<B, E> {
  static override readonly family = 'Weibull';
  override readonly family = 'Weibull';
  /** The scale `λ` (> 0). */
  readonly scale: tf.Tensor;
  /** The shape `k` (> 0). */
  readonly concentration: tf.Tensor;

  constructor(scale: tf.Tensor, concentration: tf.Tensor, batchShape?: Shape) {
    super('Weibull', [scale, concentration], batchShape, (shape) => [
      new ExponentialDist(tf.scalar(1), shape),
      [PowerTransform(tf.reciprocal(concentration)), AffineTransform(0, scale)],
    ]);
    this.scale = scale;
    this.concentration = concentration;
  }

  /** `x > 0` (Pyro's `positive`: `logProb(0)` is rejected). */
  override get support(): Constraint {
    return positive;
  }

  /** `E[X] = λ Γ(1 + 1/k)`. */
  override get mean(): tf.Tensor {
    return this.batchValue(() => tf.mul(this.scale, tf.exp(lgamma(tf.add(tf.reciprocal(this.concentration), 1)))));
  }

  /** `Var[X] = λ² (Γ(1 + 2/k) − Γ(1 + 1/k)²)`. */
  override get variance(): tf.Tensor {
    return this.batchValue(() => {
      const inv = tf.reciprocal(this.concentration);
      const spread = tf.sub(tf.exp(lgamma(tf.add(tf.mul(inv, 2), 1))), tf.exp(tf.mul(lgamma(tf.add(inv, 1)), 2)));
      return tf.mul(tf.square(this.scale), spread);
    });
  }

  /** `H = γ (1 − 1/k) + log(λ/k) + 1` (γ Euler's constant). */
  override entropy(): tf.Tensor {
    return this.batchValue(() => {
      const inv = tf.reciprocal(this.concentration);
      return tf.add(tf.mul(tf.sub(1, inv), EULER_GAMMA), tf.add(tf.log(tf.mul(this.scale, inv)), 1));
    });
  }
}

/**
 * A Weibull distribution with `scale` λ > 0 and shape `concentration` k > 0 (Pyro's argument
 * order); support `x > 0`.
 *
 * Density `p(x) = (k/λ)(x/λ)^{k−1} e^{−(x/λ)^k}`; mean `λ Γ(1 + 1/k)`, variance
 * `λ²(Γ(1 + 2/k) − Γ(1 + 1/k)²)`, entropy `γ(1 − 1/k) + log(λ/k) + 1`,
 * `F(x) = 1 − e^{−(x/λ)^k}`, `F⁻¹(q) = λ(−log(1 − q))^{1/k}`.
 *
 * Built as Pyro's `TransformedDistribution(Exponential(1), [PowerTransform(1/k),
 * AffineTransform(0, λ)])`: `logProb`, `cdf`, `icdf` and the reparameterized draws
 * `x = λ E^{1/k}` (gradients to both parameters) come from the transforms. KL: Pyro registers
 * no Weibull rule; two Weibulls with equal parameters reach the TransformedDistribution rule
 * (KL 0), any other pair raises `NotImplemented`, as in Pyro. `Weibull(λ, 1)` is
 * `Exponential(1/λ)`.
 *
 * @example
 * ```ts
 * const lifetimes = Weibull(2, 1.5);
 * lifetimes.cdf(tf.scalar(2)); // 1 − e⁻¹
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Weibull<Scale extends TensorInput, Concentration extends TensorInput>(scale: Scale, concentration: Concentration): WeibullDist<FamilyBatch<[Scale, Concentration]>, readonly []> {
  const [scaleT, concentrationT] = [positiveParam('Weibull', 'scale', scale), positiveParam('Weibull', 'concentration', concentration)];
  return new WeibullDist<FamilyBatch<[Scale, Concentration]>, readonly []>(scaleT, concentrationT);
}
