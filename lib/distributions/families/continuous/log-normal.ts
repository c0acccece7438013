/**
 * The LogNormal distribution: `log X ~ Normal(loc, scale)`.
 *
 * Written with direct formulas rather than as a transformed Normal, because it is on hot paths
 * (`scale ~ LogNormal(0, 1)` priors): `logProb` is one fused op (forward and backward in float64
 * JavaScript, see `ops/fused/elementwise.ts`), `rsample` is 3 kernels.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import { type Key, normals } from '../../../core/key.js';
import { type Shape, broadcastShapes } from '../../../core/shape.js';
import { ndtr, ndtri } from '../../../ops/index.js';
import { type Constraint, positive } from '../../constraints/index.js';
import { LocScaleDist } from './loc-scale.js';
import { type ElementFn, fusedElementwise } from '../../../ops/fused/elementwise.js';
import { locScaleDraw } from '../../sampling/reparam.js';
import {
  type TensorInput,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isFiniteNumber,
  isPositive,
  isValidationEnabled,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import '../../wrappers/index.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** The LogNormal log-density from tfjs ops (9 kernels): the reference for the fused op. */
export function logNormalLogDensity(value: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor): tf.Tensor {
  const z = tf.div(tf.sub(tf.log(value), loc), scale);
  return tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), tf.log(tf.mul(scale, value))), HALF_LOG_TWO_PI);
}

/**
 * The LogNormal log-density and its partials `∂x, ∂μ, ∂σ` (into `partials[0..2]`) in float64,
 * at one element `(x, μ, σ)` (also the LogNormal's density kernel, `density/families.ts`).
 *
 * @category distributions
 * @since 0.1.0
 */
export function logNormalElement(x: number, mu: number, sigma: number, partials: Float64Array): number {
  const logX = Math.log(x);
  const z = (logX - mu) / sigma;
  partials[0] = -(z / sigma + 1) / x;
  partials[1] = z / sigma;
  partials[2] = (z * z - 1) / sigma;
  return -0.5 * z * z - Math.log(sigma) - logX - HALF_LOG_TWO_PI;
}

const logNormalArgs: ElementFn = (args, partials) => logNormalElement(args[0]!, args[1]!, args[2]!, partials);

/**
 * The LogNormal family. Construct it with {@link LogNormal}.
 * `loc` and `scale` are the mean and standard deviation of `log X`; draws `x = exp(μ + σ ε)`,
 * `ε ~ N(0, 1)` from the key.
 *
 * @category distributions
 * @since 0.1.0
 */
export class LogNormalDist<B extends Dims = Dims, E extends Dims = readonly []> extends LocScaleDist<B, E> {
  readonly family = 'LogNormal';
  readonly support: Constraint = positive;

  constructor(loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super('LogNormal', loc, scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return normals(key, n);
  }

  /** `exp(μ + σ ε)`, one fused op. */
  protected override drawFrom(eps: Float64Array, shape: Shape): tf.Tensor {
    return locScaleDraw(this.loc, this.scale, eps, shape, true);
  }

  /**
   * `log p(x) = −½((log x − μ)/σ)² − log(σ x) − ½ log 2π`, as ONE fused op (float64 JS with
   * analytic partials `∂/∂x = −(z/σ + 1)/x`, `∂/∂μ = z/σ`, `∂/∂σ = (z² − 1)/σ`; higher-order
   * gradients through {@link logNormalLogDensity}); the support check runs in the same JS pass.
   */
  logProb(value: tf.Tensor): tf.Tensor {
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    if (isValidationEnabled() && !value.dataSync().every((x) => x > 0)) {
      throw invalidArgument(`${this.family}.logProb`, 'value', `must be in the support ${this.support.name}`, 'a value outside it');
    }
    const inputs = [value, this.loc, this.scale];
    const lp = fusedElementwise(inputs, broadcastShapes('LogNormal.logProb', value.shape, this.loc.shape, this.scale.shape), logNormalArgs, ([x, loc, scale]) =>
      logNormalLogDensity(x!, loc!, scale!),
    );
    return broadcastIfNeeded(lp, shape);
  }

  /** `E[X] = exp(μ + σ²/2)`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.exp(tf.add(this.loc, tf.mul(tf.square(this.scale), 0.5))), this.batchShape);
  }

  /** `Var[X] = (exp(σ²) − 1) exp(2μ + σ²)`. */
  override get variance(): tf.Tensor {
    const s2 = tf.square(this.scale);
    return broadcastIfNeeded(tf.mul(tf.expm1(s2), tf.exp(tf.add(tf.mul(this.loc, 2), s2))), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return tf.sqrt(this.variance);
  }

  /** `H = μ + ½ + ½ log 2π + log σ`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.add(this.loc, tf.log(this.scale)), 0.5 + HALF_LOG_TWO_PI), this.batchShape);
  }

  /** `F(x) = Φ((log x − μ)/σ)` (Φ in float64, `ndtr`); the value is validated as by `logProb`. */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return ndtr(tf.div(tf.sub(tf.log(value), this.loc), this.scale));
  }

  /** `F⁻¹(q) = exp(μ + σ Φ⁻¹(q))`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.exp(tf.add(this.loc, tf.mul(this.scale, ndtri(q))));
  }
}

/**
 * A LogNormal distribution: `X = exp(Y)`, `Y ~ Normal(loc, scale)`, `scale > 0`; support `x > 0`.
 *
 * Density `p(x) = exp(−(log x − μ)² / 2σ²) / (x σ √(2π))`; mean `exp(μ + σ²/2)`, variance
 * `(exp(σ²) − 1) exp(2μ + σ²)`. Reparameterized: `x = exp(μ + σ ε)`.
 *
 * Gotcha: `loc` and `scale` are the parameters of `log X`, not its mean and standard deviation.
 *
 * @example
 * ```ts
 * const prior = LogNormal(0, 1); // the benchmark's prior on a scale
 * const lp = prior.logProb(tf.scalar(1.5));
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function LogNormal<Loc extends TensorInput, Scale extends TensorInput>(loc: Loc, scale: Scale): LogNormalDist<FamilyBatch<[Loc, Scale]>, readonly []> {
  return construct(() => {
    const locT = toTensor(loc);
    const scaleT = toTensor(scale);
    checkParam('LogNormal', 'loc', locT, 'must be finite', isFiniteNumber);
    checkParam('LogNormal', 'scale', scaleT, 'must be positive', isPositive);
    return new LogNormalDist<FamilyBatch<[Loc, Scale]>, readonly []>(locT, scaleT);
  });
}
