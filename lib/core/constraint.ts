/**
 * The {@link Constraint} interface: the domain of a `param` and the support of a site's
 * distribution. It lives in the core because effects and sites carry constraints; the
 * constraints themselves (`positive`, `simplex`, ...) and `bijectTo` are in
 * `distributions/constraints/`, which re-exports everything here.
 *
 * A constraint has an `eventDim` (how many rightmost dims form one constrained object: 0 for
 * `positive`, 1 for `simplex`, 2 for `lowerCholesky`) and `check(value)`, which returns a
 * boolean tensor of shape `value.shape` without its rightmost `eventDim` dims.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

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
 * Any real number (no finiteness check, as in Pyro: NaN fails, ±∞ passes). The default
 * constraint of `param`.
 *
 * @category constraints
 * @since 0.1.0
 */
export const real: Constraint = makeConstraint('real', 'real', 0, (v) => tf.logicalNot(tf.isNaN(v)));
