/**
 * The softplus transform (Pyro's `SoftplusTransform`): ℝ → (0, ∞), what
 * `bijectTo(softplusPositive)` returns.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedUnary, softplusLoop } from '../../ops/fused/unary.js';
import { softplusInverse } from '../../ops/index.js';
import type { Constraint } from '../constraints/constraint.js';
import { real, softplusPositive } from '../constraints/index.js';
import { TransformBase } from './transform.js';

/**
 * `y = softplus(x) = log(1 + eˣ)`, `x = y + log(−expm1(−y))`,
 * `log|det J| = log σ(x) = −softplus(−x)`, computed as `x − y` (one kernel, reusing `y`).
 *
 * Gotcha: `x − y` is exact up to one float32 ulp of `y` in absolute terms; for large `x`
 * (where the true value `−e^(−x)` is tiny) the relative error is large but the absolute error
 * stays below `1e-7·y`. Kernels: `forward` 1, `logAbsDetJacobian` 1, `forwardWithLogDet` 2.
 *
 * @category transforms
 * @since 0.1.0
 */
export class SoftplusTransformImpl extends TransformBase {
  readonly name = 'SoftplusTransform';
  readonly domain: Constraint = real;
  readonly codomain: Constraint = softplusPositive;

  override get sign(): number {
    return 1;
  }

  /** One fused op (JS `y` and `σ(x)` together; `tf.softplus` under higher-order gradients). */
  forward(x: tf.Tensor): tf.Tensor {
    return fusedUnary(x, softplusLoop, (t) => tf.softplus(t));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return softplusInverse(y);
  }

  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    return tf.sub(x, y);
  }
}

const SOFTPLUS = new SoftplusTransformImpl();

/**
 * The transform `y = log(1 + eˣ)` from ℝ onto the positive reals: gentler than `exp` for
 * scales optimized by SVI (linear, not exponential, growth).
 *
 * @example
 * ```ts
 * SoftplusTransform().forward(tf.scalar(0)); // log 2
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function SoftplusTransform(): SoftplusTransformImpl {
  return SOFTPLUS;
}
