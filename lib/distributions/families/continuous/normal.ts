/**
 * The Normal (Gaussian) distribution.
 *
 * Density: `p(x) = exp(−(x − μ)² / 2σ²) / (σ √(2π))`, support ℝ, reparameterized by
 * `x = μ + σ ε` with `ε ~ N(0, 1)` drawn from the site's key.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, FamilyBatch } from '../../../core/dims.js';
import { type Key, normals } from '../../../core/key.js';
import { type Shape, shapesEqual } from '../../../core/shape.js';
import { ndtr, ndtri } from '../../../ops/index.js';
import { type Constraint, real } from '../../constraints/index.js';
import { LocScaleDist } from './loc-scale.js';
import {
  type TensorInput,
  broadcastIfNeeded,
  checkParam,
  checkSupport,
  isFiniteNumber,
  isPositive,
  logProbShape,
  toTensor,
  construct,
} from '../../util.js';
import { normalDraw, ownDrawDensity, ownDrawLogProb } from '../../sampling/reparam.js';
import '../../wrappers/index.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * The Normal family. Construct it with {@link Normal}.
 *
 * @category distributions
 * @since 0.1.0
 */
export class NormalDist<B extends Dims = Dims, E extends Dims = readonly []> extends LocScaleDist<B, E> {
  readonly family = 'Normal';
  readonly support: Constraint = real;

  constructor(loc: tf.Tensor, scale: tf.Tensor, batchShape?: Shape) {
    super('Normal', loc, scale, batchShape);
  }

  protected standardDraws(key: Key, n: number): Float64Array {
    return normals(key, n);
  }

  /**
   * `x = μ + σ ε`, one fused op (no `ε` tensor); the draw remembers `ε`, so {@link logProb} of
   * this very draw takes the ε-form (see `sampling/reparam.ts`).
   */
  protected override drawFrom(eps: Float64Array, shape: Shape): tf.Tensor {
    return normalDraw(this.loc, this.scale, eps, shape);
  }

  /**
   * `log p(x) = −½((x − μ)/σ)² − log σ − ½ log 2π`; for a draw of this distribution's own
   * `loc` and `scale` (by `rsample`), the ε-form computed with it (same value and total gradient).
   */
  logProb(value: tf.Tensor): tf.Tensor {
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const own = ownDrawDensity(value, this.loc, this.scale);
    if (own !== undefined && shapesEqual(own.shape, shape)) return ownDrawLogProb(own);
    checkSupport(this.family, this.support, value);
    const z = tf.div(tf.sub(value, this.loc), this.scale);
    const lp = tf.sub(tf.sub(tf.mul(tf.square(z), -0.5), tf.log(this.scale)), HALF_LOG_TWO_PI);
    return broadcastIfNeeded(lp, shape);
  }

  override get mean(): tf.Tensor {
    return broadcastIfNeeded(this.loc, this.batchShape);
  }

  override get variance(): tf.Tensor {
    return broadcastIfNeeded(tf.square(this.scale), this.batchShape);
  }

  override get stddev(): tf.Tensor {
    return broadcastIfNeeded(this.scale, this.batchShape);
  }

  /** `H = ½ + ½ log 2π + log σ`. */
  override entropy(): tf.Tensor {
    return broadcastIfNeeded(tf.add(tf.log(this.scale), 0.5 + HALF_LOG_TWO_PI), this.batchShape);
  }

  /**
   * `F(x) = Φ((x − μ)/σ)`, with Φ evaluated in float64 (`ndtr`: relatively accurate in the lower
   * tail, where `½(1 + erf)` cancels); the value is validated as by `logProb`.
   */
  override cdf(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value, 'cdf');
    return ndtr(tf.div(tf.sub(value, this.loc), this.scale));
  }

  /** `F⁻¹(q) = μ + σ Φ⁻¹(q)`. */
  override icdf(q: tf.Tensor): tf.Tensor {
    return tf.add(this.loc, tf.mul(this.scale, ndtri(q)));
  }
}

/**
 * A Normal distribution with mean `loc` and standard deviation `scale` (> 0).
 *
 * @example
 * ```ts
 * const d = Normal(0, 1).expand([3]).toEvent(1); // batch [], event [3]
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function Normal<Loc extends TensorInput, Scale extends TensorInput>(loc: Loc, scale: Scale): NormalDist<FamilyBatch<[Loc, Scale]>, readonly []> {
  return construct(() => {
    const locT = toTensor(loc);
    const scaleT = toTensor(scale);
    checkParam('Normal', 'loc', locT, 'must be finite', isFiniteNumber);
    checkParam('Normal', 'scale', scaleT, 'must be positive', isPositive);
    return new NormalDist<FamilyBatch<[Loc, Scale]>, readonly []>(locT, scaleT);
  });
}
