/**
 * The Gumbel (type I extreme value) distribution.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { EULER_GAMMA } from '../../../ops/special/gamma64.js';
import { type Constraint, real } from '../../constraints/index.js';
import { gumbelValues } from '../../sampling/standard-draws.js';
import { type TensorInput, broadcastIfNeeded } from '../../util.js';
import { LocScaleDist, locScaleParams } from './loc-scale.js';
import '../../wrappers/index.js';

/**
 * The Gumbel family. Construct it with {@link Gumbel}.
 * `loc` is the mode `μ`, `scale` is `β`; draws `x = μ − β log(−log u)`, `u ~ U(0, 1)` from the
 * key (inversion, one fused op).
 *
 * @category distributions
 * @since 0.2.0
 */
export class GumbelDist<B extends Dims = Dims, E extends Dims = readonly []> extends LocScaleDist<B, E> {
  readonly family = 'Gumbel';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super('Gumbel', loc, scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return gumbelValues(key, n);
  }

  /** `log p(x) = −(log β + z + e^{−z})`, `z = (x − μ)/β` (torch's formula). */
  logProb(value: tf.Tensor): tf.Tensor {
    return this.logProbOfStandardized(value, (z) => tf.neg(tf.add(tf.add(tf.log(this.scale), z), tf.exp(tf.neg(z)))));
  }

  /** `E[X] = μ + βγ` (γ Euler's constant). */
  override get mean(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.add(this.loc, tf.mul(this.scale, EULER_GAMMA)), this.batchShape));
  }

  /** `Var[X] = π²β²/6`. */
  override get variance(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.mul(tf.square(this.scale), (Math.PI * Math.PI) / 6), this.batchShape));
  }

  override get stddev(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.mul(this.scale, Math.PI / Math.sqrt(6)), this.batchShape));
  }

  /** `H = log β + 1 + γ`. */
  override entropy(): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.add(tf.log(this.scale), 1 + EULER_GAMMA), this.batchShape));
  }

  /** `F(x) = exp(−e^{−z})`. */
  override cdf(value: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.exp(tf.neg(tf.exp(tf.neg(this.standardize(value))))));
  }

  /** `F⁻¹(q) = μ − β log(−log q)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(this.loc, tf.mul(this.scale, tf.log(tf.neg(tf.log(q))))));
  }
}

/**
 * A Gumbel distribution with location `loc` (the mode) and `scale` β > 0; support ℝ.
 *
 * Density `p(x) = e^{−(z + e^{−z})}/β`, `z = (x − μ)/β`; mean `μ + βγ`, variance `π²β²/6`,
 * entropy `log β + 1 + γ`, `F(x) = exp(−e^{−z})`. Reparameterized by inversion. The maximum of
 * many light-tailed draws; `−log(−log u)` noise is the Gumbel-max trick's.
 *
 * Pyro builds it as a transformed `Uniform(tiny, 1 − ε)`; Ignis draws the same variable by
 * inversion in float64 (one fused op) and uses the closed forms Pyro overrides. KL rules
 * (torch's): Gumbel/Gumbel, Normal/Gumbel, Gumbel/Normal, Exponential/Gumbel, Gamma/Gumbel,
 * Uniform/Gumbel, and `∞` against the half-line and interval families.
 *
 * @example
 * ```ts
 * const maxima = Gumbel(10, 2);
 * maxima.cdf(tf.scalar(10)); // e⁻¹
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function Gumbel<Loc extends TensorInput, Scale extends TensorInput>(loc: Loc, scale: Scale): GumbelDist<FamilyBatch<[Loc, Scale]>, readonly []> {
  const [locT, scaleT] = locScaleParams('Gumbel', loc, scale);
  return new GumbelDist<FamilyBatch<[Loc, Scale]>, readonly []>(locT, scaleT);
}
