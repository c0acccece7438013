/**
 * The {@link Constraint} interface and the helpers the constraint modules build on.
 *
 * A constraint has an `eventDim` (how many rightmost dims form one constrained object: 0 for
 * `positive`, 1 for `simplex`, 2 for `lowerCholesky`) and `check(value)`, which returns a
 * boolean tensor of shape `value.shape` without its rightmost `eventDim` dims. `bijectTo`
 * (see `bijectTo.ts`) maps each continuous constraint to a transform from unconstrained space,
 * dispatching on `kind`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { type Shape, showShape, sizeOf } from '../../core/shape.js';

/**
 * A set of admissible values.
 *
 * @category constraints
 * @since 0.1.0
 */
export interface Constraint {
  /** Pyro-style name with arguments, e.g. `greaterThan(2)`. Used in messages and registries. */
  readonly name: string;
  /** The registry key of the constraint's kind, e.g. `greaterThan` (without arguments). */
  readonly kind: string;
  /** How many rightmost dims form one constrained object. */
  readonly eventDim: number;
  /** Whether the constrained set is discrete (integers, booleans). */
  readonly isDiscrete: boolean;
  /** Elementwise (per event) membership: a bool tensor of shape `value.shape[:-eventDim]`. */
  check(value: tf.Tensor): tf.Tensor;
}

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
 * Build a constraint from its parts; `extra` adds the constraint's parameters as readonly
 * fields (e.g. `lowerBound`).
 *
 * @category constraints
 * @since 0.1.0
 */
export function makeConstraint(
  kind: string,
  name: string,
  eventDim: number,
  check: (value: tf.Tensor) => tf.Tensor,
  options: { readonly isDiscrete?: boolean; readonly extra?: Readonly<Record<string, unknown>> } = {},
): Constraint {
  return Object.freeze({ kind, name, eventDim, isDiscrete: options.isDiscrete ?? false, check, ...options.extra });
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
