/**
 * The {@link Transform} interface (Pyro's `torch.distributions.transforms.Transform`) and the
 * base class every transform extends.
 *
 * A transform maps values `x` of its `domain` to values `y = forward(x)` of its `codomain`.
 * `logAbsDetJacobian(x, y)` is `log |det ∂y/∂x|`, summed over the domain's event dims, so it
 * has shape `x.shape[:-domainEventDim]`. Transforms whose domain and codomain differ in
 * dimension (stick-breaking: ℝ^(K−1) → K-simplex, CorrCholesky: ℝ^(D(D−1)/2) → D×D) use the
 * Jacobian restricted to the free coordinates, as Pyro does.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Shape } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';

/**
 * A differentiable map between constrained spaces, with its log-Jacobian.
 *
 * @category transforms
 * @since 0.1.0
 */
export interface Transform {
  /** Pyro's class name, e.g. `'ExpTransform'`. */
  readonly name: string;
  /** The set of inputs `x`. */
  readonly domain: Constraint;
  /** The set of outputs `y`. */
  readonly codomain: Constraint;
  /** `domain.eventDim`: how many rightmost dims of `x` form one input. */
  readonly domainEventDim: number;
  /** `codomain.eventDim`: how many rightmost dims of `y` form one output. */
  readonly codomainEventDim: number;
  /** Whether `inverse` is a true inverse (Pyro's `bijective`). */
  readonly bijective: boolean;
  /**
   * `+1` / `−1` for monotone elementwise transforms (a tensor for an affine map with a tensor
   * scale); `undefined` where a sign is meaningless.
   */
  readonly sign: number | tf.Tensor | undefined;
  /**
   * When defined, `logAbsDetJacobian(x, y)` is this constant times the number of elements of
   * `x` it sums over (an affine map with a number scale, the identity): `ComposeTransform`
   * then adds a number instead of running kernels.
   */
  readonly constantLogDet: number | undefined;
  /** `y = f(x)`. */
  forward(x: tf.Tensor): tf.Tensor;
  /** `x = f⁻¹(y)` (a right inverse where `bijective` is false). */
  inverse(y: tf.Tensor): tf.Tensor;
  /** `log |det ∂y/∂x|` for `y = forward(x)`, of shape `x.shape[:-domainEventDim]`. */
  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor;
  /** `forward` and `logAbsDetJacobian` together, sharing intermediates (fewer kernels). */
  forwardWithLogDet(x: tf.Tensor): ForwardWithLogDet;
  /** The shape of `forward(x)` for `x` of `shape`. */
  forwardShape(shape: Shape): Shape;
  /** The shape of `inverse(y)` for `y` of `shape`. */
  inverseShape(shape: Shape): Shape;
  /** Pyro-style description, e.g. `ComposeTransform(ExpTransform(), AffineTransform())`. */
  toString(): string;
}

/**
 * The result of {@link Transform.forwardWithLogDet}.
 *
 * @category transforms
 * @since 0.1.0
 */
export interface ForwardWithLogDet {
  readonly y: tf.Tensor;
  readonly logAbsDetJacobian: tf.Tensor;
}

/**
 * The base class of the built-in transforms: event dims from the constraints, identity shapes,
 * no sign, and `forwardWithLogDet` from `forward` and `logAbsDetJacobian`.
 *
 * @category transforms
 * @since 0.1.0
 */
export abstract class TransformBase implements Transform {
  abstract readonly name: string;
  abstract readonly domain: Constraint;
  abstract readonly codomain: Constraint;

  get domainEventDim(): number {
    return this.domain.eventDim;
  }

  get codomainEventDim(): number {
    return this.codomain.eventDim;
  }

  get bijective(): boolean {
    return true;
  }

  get sign(): number | tf.Tensor | undefined {
    return undefined;
  }

  get constantLogDet(): number | undefined {
    return undefined;
  }

  abstract forward(x: tf.Tensor): tf.Tensor;
  abstract inverse(y: tf.Tensor): tf.Tensor;
  abstract logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor;

  forwardWithLogDet(x: tf.Tensor): ForwardWithLogDet {
    const y = this.forward(x);
    return { y, logAbsDetJacobian: this.logAbsDetJacobian(x, y) };
  }

  forwardShape(shape: Shape): Shape {
    return shape;
  }

  inverseShape(shape: Shape): Shape {
    return shape;
  }

  toString(): string {
    return `${this.name}()`;
  }
}
