/**
 * The affine map `y = loc + L x` with a lower-triangular `L` (Pyro's `LowerCholeskyAffine`):
 * `AutoMultivariateNormal`'s `getTransform`, a hot path.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Shape, broadcastShapes, shapesEqual, showShape } from '../../core/shape.js';
import { triangularSolve } from '../../ops/index.js';
import type { Constraint } from '../constraints/constraint.js';
import { realVector } from '../constraints/index.js';
import { type TensorInput, toTensor } from '../util.js';
import { halfCholeskyLogDet, lowerCholeskyAffineForward } from './lower-cholesky-affine-kernel.js';
import { TransformBase } from './transform.js';

/**
 * `y = loc + L x` over the last dim, inverse `x = L⁻¹(y − loc)` (a triangular solve),
 * `log|det J| = Σᵢ log Lᵢᵢ` (the diagonal must be positive, as for a Cholesky factor).
 *
 * Kernels: `forward` and `logAbsDetJacobian` are one fused float64 custom op each (see
 * `lower-cholesky-affine-kernel.ts`), for any broadcast batch of `loc`, `scaleTril` and `x`.
 * Gotcha: only the lower triangle of `scaleTril` is read (its strict upper triangle is taken
 * as zero, and gets no gradient).
 *
 * @category transforms
 * @since 0.1.0
 */
export class LowerCholeskyAffineImpl extends TransformBase {
  readonly name = 'LowerCholeskyAffine';
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = realVector;
  readonly loc: tf.Tensor;
  readonly scaleTril: tf.Tensor;
  readonly #d: number;

  constructor(loc: tf.Tensor, scaleTril: tf.Tensor) {
    super();
    const d = scaleTril.shape[scaleTril.rank - 1];
    if (scaleTril.rank < 2 || d === undefined || scaleTril.shape[scaleTril.rank - 2] !== d) {
      throw invalidArgument('LowerCholeskyAffine', 'scaleTril', 'must be (a batch of) square matrices [..., d, d]', `shape ${showShape(scaleTril.shape)}`);
    }
    if (loc.rank < 1 || loc.shape[loc.rank - 1] !== d) {
      throw invalidArgument('LowerCholeskyAffine', 'loc', `must be [..., ${d}] to match 'scaleTril'`, `shape ${showShape(loc.shape)}`);
    }
    this.loc = loc;
    this.scaleTril = scaleTril;
    this.#d = d;
  }

  override get sign(): number {
    return 1;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const batch = broadcastShapes('LowerCholeskyAffine.forward', this.loc.shape.slice(0, -1), this.scaleTril.shape.slice(0, -2), x.shape.slice(0, -1));
    if (x.shape[x.rank - 1] !== this.#d) {
      throw invalidArgument('LowerCholeskyAffine.forward', 'x', `must be [..., ${this.#d}]`, `shape ${showShape(x.shape)}`);
    }
    return lowerCholeskyAffineForward(this.loc, this.scaleTril, x, batch);
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const l = this.scaleTril;
    return tf.tidy(() => {
      const centred = tf.sub(y, this.loc);
      if (l.rank === 2) {
        const columns = tf.transpose(tf.reshape(centred, [-1, this.#d]));
        return tf.reshape(tf.transpose(triangularSolve(l, columns, { lower: true })), centred.shape);
      }
      const solved = triangularSolve(l, tf.expandDims(centred, -1), { lower: true });
      return tf.squeeze(solved, [solved.rank - 1]);
    });
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    const logDet = halfCholeskyLogDet(this.scaleTril);
    const shape = broadcastShapes('LowerCholeskyAffine.logAbsDetJacobian', x.shape.slice(0, -1), logDet.shape);
    return shapesEqual(shape, logDet.shape) ? logDet : tf.tidy(() => tf.broadcastTo(logDet, [...shape]));
  }

  override forwardShape(shape: Shape): Shape {
    return broadcastShapes('LowerCholeskyAffine.forwardShape', shape, this.loc.shape, this.scaleTril.shape.slice(0, -1));
  }

  override inverseShape(shape: Shape): Shape {
    return this.forwardShape(shape);
  }
}

/**
 * The affine map `y = loc + scaleTril · x` on vectors (`scaleTril` lower triangular with a
 * positive diagonal): the transform from a standard normal to `MultivariateNormal(loc, { scaleTril })`.
 *
 * @example
 * ```ts
 * const t = LowerCholeskyAffine([1, 2], [[2, 0], [1, 1]]);
 * t.forward(tf.tensor1d([1, 1])); // [3, 4]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function LowerCholeskyAffine(loc: TensorInput, scaleTril: TensorInput): LowerCholeskyAffineImpl {
  return new LowerCholeskyAffineImpl(toTensor(loc), toTensor(scaleTril));
}
