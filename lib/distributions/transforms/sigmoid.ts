/**
 * The logistic sigmoid transform (Pyro's `SigmoidTransform`): ℝ → [0, 1], what
 * `bijectTo(unitInterval)` returns.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { log1p } from '../../ops/index.js';
import type { Constraint } from '../constraints/constraint.js';
import { real, unitInterval } from '../constraints/index.js';
import { TransformBase } from './transform.js';

/** float32's smallest normal number and machine epsilon (torch's `finfo(float32)`). */
const TINY = 1.1754943508222875e-38;
const EPS = 1.1920928955078125e-7;

/**
 * `y = σ(x) = 1 / (1 + e^(−x))` clamped to `[tiny, 1 − eps]` (as torch, so `log y` and
 * `log(1 − y)` stay finite), `x = log y − log1p(−y)`,
 * `log|det J| = log σ(x) + log σ(−x) = x − 2 softplus(x)`.
 *
 * Kernels: `forward` 2, `logAbsDetJacobian` 3.
 *
 * @category transforms
 * @since 0.1.0
 */
export class SigmoidTransformImpl extends TransformBase {
  readonly name = 'SigmoidTransform';
  readonly domain: Constraint = real;
  readonly codomain: Constraint = unitInterval;

  override get sign(): number {
    return 1;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.clipByValue(tf.sigmoid(x), TINY, 1 - EPS));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const p = tf.clipByValue(y, TINY, 1 - EPS);
      return tf.sub(tf.log(p), log1p(tf.neg(p)));
    });
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.sub(x, tf.mul(tf.softplus(x), 2)));
  }
}

const SIGMOID = new SigmoidTransformImpl();

/**
 * The transform `y = 1 / (1 + e^(−x))` from ℝ onto the unit interval.
 *
 * @example
 * ```ts
 * SigmoidTransform().forward(tf.scalar(0)); // 0.5
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function SigmoidTransform(): SigmoidTransformImpl {
  return SIGMOID;
}
