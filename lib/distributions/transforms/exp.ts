/**
 * The exponential transform (Pyro's `ExpTransform`): ℝ → (0, ∞).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { expExact, expLoop, fusedUnary } from '../../ops/fused/unary.js';
import type { Constraint } from '../constraints/constraint.js';
import { positive, real } from '../constraints/index.js';
import { TransformBase } from './transform.js';

/**
 * `y = exp(x)`, `x = log(y)`, `log|det J| = x`.
 *
 * Kernels: `forward` 1, `logAbsDetJacobian` 0 (it returns `x` itself: do not dispose it
 * separately from `x`), `forwardWithLogDet` 1.
 *
 * @category transforms
 * @since 0.1.0
 */
export class ExpTransformImpl extends TransformBase {
  readonly name = 'ExpTransform';
  readonly domain: Constraint = real;
  readonly codomain: Constraint = positive;

  override get sign(): number {
    return 1;
  }

  /** One fused op (JS `eˣ`; an input-saving exp, exact at every order, under higher-order gradients). */
  forward(x: tf.Tensor): tf.Tensor {
    return fusedUnary(x, expLoop, expExact);
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return tf.log(y);
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    return x;
  }
}

const EXP = new ExpTransformImpl();

/**
 * The transform `y = exp(x)` from ℝ onto the positive reals.
 *
 * @example
 * ```ts
 * const t = ExpTransform();
 * t.forward(tf.scalar(0)); // 1
 * t.logAbsDetJacobian(x, t.forward(x)); // x
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function ExpTransform(): ExpTransformImpl {
  return EXP;
}
