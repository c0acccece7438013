/**
 * The affine map of `[0, 1]` onto `[low, high]` with tensor bounds: the second part of
 * `bijectTo(interval(low, high))` (Pyro's `AffineTransform(low, high − low)`).
 *
 * It holds the constraint's own bound tensors and derives `high − low` on every call, never
 * once at construction: a derived tensor built when `bijectTo` runs inside a `tf.tidy` would
 * be disposed with it while the transform lives on (in an autoguide's prototype, in a cache).
 * So the transform lives exactly as long as the constraint's bounds, wherever it was built.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, broadcastShapes } from '../../core/shape.js';
import type { Bound, Constraint } from '../constraints/constraint.js';
import { real } from '../constraints/basic.js';
import { broadcastIfNeeded } from '../util.js';
import { TransformBase } from './transform.js';

const shapeOf = (b: Bound): Shape => (typeof b === 'number' ? [] : b.shape);

/**
 * `y = low + (high − low) · x`, `x = (y − low) / (high − low)`, `log|det J| = log(high − low)`,
 * elementwise (`low < high`, so the sign is +1). Printed as Pyro's `AffineTransform()`.
 *
 * Kernels: `forward` 3, `inverse` 3, `logAbsDetJacobian` 2 (+1 broadcast).
 *
 * @category transforms
 * @since 0.2.0
 */
export class IntervalAffineImpl extends TransformBase {
  readonly name = 'AffineTransform';
  readonly domain: Constraint = real;
  readonly codomain: Constraint = real;
  /** The image of 0 (the constraint's lower bound, as given). */
  readonly low: Bound;
  /** The image of 1 (the constraint's upper bound, as given). */
  readonly high: Bound;

  constructor(low: Bound, high: Bound) {
    super();
    this.low = low;
    this.high = high;
  }

  override get sign(): number {
    return 1;
  }

  forward(x: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.add(tf.mul(x, tf.sub(this.high, this.low)), this.low));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(tf.sub(y, this.low), tf.sub(this.high, this.low)));
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => broadcastIfNeeded(tf.log(tf.sub(this.high, this.low)), broadcastShapes('AffineTransform', x.shape, this.forwardShape([]))));
  }

  override forwardShape(shape: Shape): Shape {
    return broadcastShapes('AffineTransform.forwardShape', shape, shapeOf(this.low), shapeOf(this.high));
  }

  override inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}

/**
 * The map `x ↦ low + (high − low) x` holding only `low` and `high` (see the module notes).
 *
 * @example
 * ```ts
 * IntervalAffine(tf.scalar(-1), tf.scalar(3)).forward(tf.scalar(0.5)); // 1
 * ```
 * @category transforms
 * @since 0.2.0
 */
export function IntervalAffine(low: Bound, high: Bound): IntervalAffineImpl {
  return new IntervalAffineImpl(low, high);
}
