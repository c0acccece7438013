/**
 * The Pareto distribution, as Pyro builds it: `X = scale · e^E` with `E ~ Exponential(alpha)`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Shape } from '../../../core/shape.js';
import { type GreaterThanEq, greaterThanEq } from '../../constraints/index.js';
import { AffineTransform } from '../../transforms/affine.js';
import { ExpTransform } from '../../transforms/exp.js';
import type { TensorInput } from '../../util.js';
import { positiveParam } from './parameters.js';
import { ExponentialDist } from './exponential.js';
import { TransformedFamilyDist } from './transformed-family.js';
import '../../wrappers/index.js';

/**
 * The Pareto family. Construct it with {@link Pareto}.
 *
 * @category distributions
 * @since 0.2.0
 */
export class ParetoDist<B extends Dims = Dims, E extends Dims = readonly []> extends TransformedFamilyDist<B, E> {
  static override readonly family = 'Pareto';
  override readonly family = 'Pareto';
  /** The scale `xₘ` (> 0): the smallest value. */
  readonly scale: tf.Tensor;
  /** The tail index `α` (> 0). */
  readonly alpha: tf.Tensor;
  readonly #support: GreaterThanEq;

  constructor(scale: tf.Tensor, alpha: tf.Tensor, batchShape?: Shape) {
    super('Pareto', [scale, alpha], batchShape, (shape) => [new ExponentialDist(alpha, shape), [ExpTransform(), AffineTransform(0, scale)]]);
    this.scale = scale;
    this.alpha = alpha;
    this.#support = greaterThanEq(scale);
  }

  /** `x ≥ scale` (Pyro's `greater_than_eq(scale)`, a tensor bound). */
  override get support(): GreaterThanEq {
    return this.#support;
  }

  /** `E[X] = α xₘ / (α − 1)` for `α > 1`, else `∞` (Pyro's `α` clamped at 1). */
  override get mean(): tf.Tensor {
    return this.batchValue(() => {
      const a = tf.maximum(this.alpha, 1);
      return tf.div(tf.mul(a, this.scale), tf.sub(a, 1));
    });
  }

  /** `Var[X] = xₘ² α / ((α − 1)² (α − 2))` for `α > 2`, else `∞` (Pyro's `α` clamped at 2). */
  override get variance(): tf.Tensor {
    return this.batchValue(() => {
      const a = tf.maximum(this.alpha, 2);
      return tf.div(tf.mul(tf.square(this.scale), a), tf.mul(tf.square(tf.sub(a, 1)), tf.sub(a, 2)));
    });
  }

  /** `H = log(xₘ/α) + 1 + 1/α`. */
  override entropy(): tf.Tensor {
    return this.batchValue(() => tf.add(tf.log(tf.div(this.scale, this.alpha)), tf.add(tf.reciprocal(this.alpha), 1)));
  }
}

/**
 * A Pareto distribution with `scale` xₘ > 0 and `alpha` α > 0 (Pyro's argument order); support
 * `x ≥ scale` (`greaterThanEq(scale)`, so `logProb(scale)` is defined: `log(α/xₘ)`).
 *
 * Density `p(x) = α xₘ^α / x^{α+1}`; mean `αxₘ/(α − 1)` (∞ for α ≤ 1), variance
 * `xₘ²α/((α − 1)²(α − 2))` (∞ for α ≤ 2), entropy `log(xₘ/α) + 1 + 1/α`,
 * `F(x) = 1 − (xₘ/x)^α`.
 *
 * Built as Pyro's `TransformedDistribution(Exponential(α), [ExpTransform(),
 * AffineTransform(0, xₘ)])`: `logProb`, `cdf`, `icdf` and the reparameterized draws
 * `x = xₘ e^{E/α}` come from the transforms. KL rules (torch's): Pareto/Pareto,
 * Pareto/Exponential, Pareto/Gamma, Pareto/Normal, Uniform/Pareto, and `∞` where the supports
 * do not nest.
 *
 * @example
 * ```ts
 * const incomes = Pareto(1, 3);
 * incomes.mean; // 1.5
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Pareto<Scale extends TensorInput, Alpha extends TensorInput>(scale: Scale, alpha: Alpha): ParetoDist<FamilyBatch<[Scale, Alpha]>, readonly []> {
  const [scaleT, alphaT] = [positiveParam('Pareto', 'scale', scale), positiveParam('Pareto', 'alpha', alpha)];
  return new ParetoDist<FamilyBatch<[Scale, Alpha]>, readonly []>(scaleT, alphaT);
}
