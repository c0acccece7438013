/**
 * The {@link Constraint} interface (defined in `core/constraint.ts`, re-exported here) and the
 * helpers the constraint modules build on.
 *
 * A constraint has an `eventDim` (how many rightmost dims form one constrained object: 0 for
 * `positive`, 1 for `simplex`, 2 for `lowerCholesky`) and `check(value)`, which returns a
 * boolean tensor of shape `value.shape` without its rightmost `eventDim` dims. `bijectTo`
 * (see `biject-to.ts`) maps each continuous constraint to a transform from unconstrained space,
 * dispatching on `kind`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Shape, showShape, sizeOf } from '../../core/shape.js';

export { type Constraint, makeConstraint } from '../../core/constraint.js';

/**
 * A bound of an interval-like constraint: a JS number, or a tensor broadcastable with the
 * values (Pyro allows tensor bounds, e.g. `Binomial`'s `integerInterval(0, totalCount)`).
 *
 * @category constraints
 * @since 0.1.0
 */
export type Bound = number | tf.Tensor;

/**
 * `2` → `"2"`; a tensor bound → `"tensor[3]"` (its shape), for constraint names.
 *
 * @category constraints
 * @since 0.1.0
 */
export function showBound(b: Bound): string {
  return typeof b === 'number' ? String(b) : `tensor${showShape(b.shape)}`;
}

/**
 * Throw unless `value` has at least `eventDim` dims (a constraint cannot check less).
 *
 * @category constraints
 * @since 0.1.0
 */
export function requireEventRank(name: string, value: tf.Tensor, eventDim: number): void {
  if (value.rank < eventDim) {
    throw invalidArgument(`${name}.check`, 'value', `must have at least ${eventDim} dims`, `shape ${showShape(value.shape)}`);
  }
}

/**
 * Check each event of `value` in plain JavaScript (float64 arithmetic, no tfjs kernels but one
 * upload): `ok(data, offset, eventShape)` sees the flat data and where the event starts.
 * Returns a bool tensor of the batch shape. Used for the structured (vector and matrix)
 * constraints, whose checks are validation, not hot paths.
  *
  * @category constraints
  * @since 0.1.0
 */
export function checkEvents(
  name: string,
  value: tf.Tensor,
  eventDim: number,
  ok: (data: ArrayLike<number>, offset: number, eventShape: Shape) => boolean,
): tf.Tensor {
  requireEventRank(name, value, eventDim);
  const batchShape = value.shape.slice(0, value.rank - eventDim);
  const eventShape = value.shape.slice(value.rank - eventDim);
  const eventSize = sizeOf(eventShape);
  const data = value.dataSync();
  const out = new Uint8Array(sizeOf(batchShape));
  for (let b = 0; b < out.length; b++) out[b] = ok(data, b * eventSize, eventShape) ? 1 : 0;
  return tf.tensor(out, batchShape, 'bool');
}
