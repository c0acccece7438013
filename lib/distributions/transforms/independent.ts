/**
 * Reinterpret batch dims of a transform as event dims (Pyro's `IndependentTransform`).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import type { Shape } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { independent } from '../constraints/index.js';
import { sumRightmost } from '../wrappers/independent.js';
import { type ForwardWithLogDet, type Transform, TransformBase } from './transform.js';

/**
 * `base` with its rightmost `reinterpretedBatchNdims` batch dims moved into the event: the
 * same map, with the log-Jacobian summed over those dims.
 *
 * @category transforms
 * @since 0.1.0
 */
export class IndependentTransformImpl extends TransformBase {
  readonly name = 'IndependentTransform';
  readonly base: Transform;
  readonly reinterpretedBatchNdims: number;
  readonly domain: Constraint;
  readonly codomain: Constraint;

  constructor(base: Transform, reinterpretedBatchNdims: number) {
    super();
    const n = reinterpretedBatchNdims;
    if (!Number.isInteger(n) || n < 0) {
      throw invalidArgument('IndependentTransform', 'reinterpretedBatchNdims', 'must be a non-negative integer', String(n));
    }
    this.base = base;
    this.reinterpretedBatchNdims = n;
    this.domain = independent(base.domain, n);
    this.codomain = independent(base.codomain, n);
  }

  override get bijective(): boolean {
    return this.base.bijective;
  }

  override get sign(): number | tf.Tensor | undefined {
    return this.base.sign;
  }

  override get constantLogDet(): number | undefined {
    return this.base.constantLogDet;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return this.base.forward(x);
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return this.base.inverse(y);
  }

  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    return sumRightmost(this.base.logAbsDetJacobian(x, y), this.reinterpretedBatchNdims);
  }

  override forwardWithLogDet(x: tf.Tensor): ForwardWithLogDet {
    const { y, logAbsDetJacobian } = this.base.forwardWithLogDet(x);
    return { y, logAbsDetJacobian: sumRightmost(logAbsDetJacobian, this.reinterpretedBatchNdims) };
  }

  override forwardShape(shape: Shape): Shape {
    return this.base.forwardShape(shape);
  }

  override inverseShape(shape: Shape): Shape {
    return this.base.inverseShape(shape);
  }

  override toString(): string {
    return `IndependentTransform(${String(this.base)}, ${this.reinterpretedBatchNdims})`;
  }
}

/**
 * `base` applied elementwise with the rightmost `reinterpretedBatchNdims` dims forming one
 * event (the log-Jacobian is summed over them).
 *
 * @example
 * ```ts
 * const t = IndependentTransform(ExpTransform(), 1);
 * t.logAbsDetJacobian(x, t.forward(x)); // Σ_last x, shape x.shape[:-1]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function IndependentTransform(base: Transform, reinterpretedBatchNdims: number): IndependentTransformImpl {
  return new IndependentTransformImpl(base, reinterpretedBatchNdims);
}
