/**
 * The affine transform (Pyro's `AffineTransform`): `y = loc + scale · x`, elementwise, with
 * `eventDim` rightmost dims forming one event.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Shape, broadcastShapes, sizeOf } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real } from '../constraints/index.js';
import { sumRightmost } from '../wrappers/independent.js';
import { type TensorInput, broadcastIfNeeded, toTensor } from '../util.js';
import { TransformBase } from './transform.js';

/** A number stays a number (fast paths, no kernels); anything else becomes a tensor. */
const asParam = (p: TensorInput): number | tf.Tensor => (typeof p === 'number' ? p : toTensor(p));
const shapeOf = (p: number | tf.Tensor): Shape => (typeof p === 'number' ? [] : p.shape);

/**
 * `y = loc + scale · x`, `x = (y − loc) / scale`, `log|det J| = Σ_event log|scale|`.
 *
 * Number parameters cost no kernels where they are neutral: `loc = 0` and `scale = 1` skip the
 * add and the multiply (so `forward` may return `x` itself), and a number `scale` makes the
 * log-Jacobian a constant (`constantLogDet`), which `ComposeTransform` adds as a number.
 *
 * @category transforms
 * @since 0.1.0
 */
export class AffineTransformImpl extends TransformBase {
  readonly name = 'AffineTransform';
  readonly loc: number | tf.Tensor;
  readonly scale: number | tf.Tensor;
  readonly eventDim: number;
  readonly domain: Constraint;
  readonly codomain: Constraint;

  constructor(loc: TensorInput, scale: TensorInput, eventDim = 0) {
    super();
    if (!Number.isInteger(eventDim) || eventDim < 0) {
      throw invalidArgument('AffineTransform', 'eventDim', 'must be a non-negative integer', String(eventDim));
    }
    this.loc = asParam(loc);
    this.scale = asParam(scale);
    this.eventDim = eventDim;
    this.domain = eventDim === 0 ? real : independent(real, eventDim);
    this.codomain = this.domain;
  }

  /** `sign(scale)`: a number for a number scale, else a tensor. */
  override get sign(): number | tf.Tensor {
    return typeof this.scale === 'number' ? Math.sign(this.scale) : tf.sign(this.scale);
  }

  override get constantLogDet(): number | undefined {
    return typeof this.scale === 'number' ? Math.log(Math.abs(this.scale)) : undefined;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const { loc, scale } = this;
    if (scale === 1) return loc === 0 ? x : tf.add(x, loc);
    if (loc === 0) return tf.mul(x, scale);
    return tf.tidy(() => tf.add(tf.mul(x, scale), loc));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const { loc, scale } = this;
    if (scale === 1) return loc === 0 ? y : tf.sub(y, loc);
    if (loc === 0) return tf.div(y, scale);
    return tf.tidy(() => tf.div(tf.sub(y, loc), scale));
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    const batch = x.shape.slice(0, x.rank - this.eventDim);
    if (typeof this.scale === 'number') {
      const perEvent = Math.log(Math.abs(this.scale)) * sizeOf(x.shape.slice(x.rank - this.eventDim));
      return tf.fill([...batch], perEvent);
    }
    const scale = this.scale;
    return tf.tidy(() => {
      const full = tf.broadcastTo(tf.log(tf.abs(scale)), [...broadcastShapes('AffineTransform', scale.shape, x.shape)]);
      const summed = sumRightmost(full, this.eventDim);
      return broadcastIfNeeded(summed, batch);
    });
  }

  override forwardShape(shape: Shape): Shape {
    return broadcastShapes('AffineTransform.forwardShape', shape, shapeOf(this.loc), shapeOf(this.scale));
  }

  override inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}

/**
 * The affine map `y = loc + scale · x` (elementwise; `eventDim` rightmost dims form one event,
 * over which the log-Jacobian is summed).
 *
 * @example
 * ```ts
 * const t = AffineTransform(1, 2);
 * t.forward(tf.scalar(3)); // 7
 * t.logAbsDetJacobian(x, y); // log 2, of x's shape
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function AffineTransform(loc: TensorInput, scale: TensorInput, eventDim = 0): AffineTransformImpl {
  return new AffineTransformImpl(loc, scale, eventDim);
}
