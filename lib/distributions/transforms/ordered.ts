/**
 * Unconstrained vectors onto strictly increasing vectors (Pyro's `OrderedTransform`, what
 * `bijectTo(orderedVector)` returns).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { showShape } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { orderedVector, realVector } from '../constraints/index.js';
import { TransformBase } from './transform.js';

/** `x[..., begin : begin + size]` along the last dim. */
function lastSlice(x: tf.Tensor, begin: number, size: number): tf.Tensor {
  return tf.slice(x, [...x.shape.slice(0, -1).map(() => 0), begin], [...x.shape.slice(0, -1), size]);
}

function lastDim(fn: string, x: tf.Tensor): number {
  const n = x.shape[x.rank - 1];
  if (n === undefined || n < 1) throw invalidArgument(fn, 'value', 'must be a non-empty vector [..., n]', `shape ${showShape(x.shape)}`);
  return n;
}

/**
 * `y₀ = x₀`, `yᵢ = yᵢ₋₁ + exp(xᵢ)`; inverse `x₀ = y₀`, `xᵢ = log(yᵢ − yᵢ₋₁)`;
 * `log|det J| = Σ_{i≥1} xᵢ`.
 *
 * @category transforms
 * @since 0.1.0
 */
export class OrderedTransformImpl extends TransformBase {
  readonly name = 'OrderedTransform';
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = orderedVector;

  override get sign(): number {
    return 1;
  }

  forward(x: tf.Tensor): tf.Tensor {
    const n = lastDim('OrderedTransform.forward', x);
    if (n === 1) return x;
    return tf.tidy(() => tf.cumsum(tf.concat([lastSlice(x, 0, 1), tf.exp(lastSlice(x, 1, n - 1))], -1), x.rank - 1));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    const n = lastDim('OrderedTransform.inverse', y);
    if (n === 1) return y;
    return tf.tidy(() => tf.concat([lastSlice(y, 0, 1), tf.log(tf.sub(lastSlice(y, 1, n - 1), lastSlice(y, 0, n - 1)))], -1));
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    const n = lastDim('OrderedTransform.logAbsDetJacobian', x);
    return tf.tidy(() => tf.sum(lastSlice(x, 1, n - 1), -1));
  }
}

const ORDERED = new OrderedTransformImpl();

/**
 * The map from unconstrained vectors onto strictly increasing vectors (a cumulative sum of
 * the first entry and the exponentials of the others).
 *
 * @example
 * ```ts
 * OrderedTransform().forward(tf.tensor1d([0, 0, 0])); // [0, 1, 2]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function OrderedTransform(): OrderedTransformImpl {
  return ORDERED;
}
