/**
 * The basic constraints (real, positive, intervals, integers, simplex, ...): the supports of
 * distributions and the domains of parameters, as in Pyro's `torch.distributions.constraints`.
 *
 * A constraint has an `eventDim` (how many rightmost dims form one constrained object: 0 for
 * `positive`, 1 for `simplex`, 2 for `lowerCholesky`) and `check(value)`, which returns a
 * boolean tensor of shape `value.shape` without its rightmost `eventDim` dims. `bijectTo`
 * (see `biject-to.ts`) maps each continuous constraint to a transform from unconstrained space.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { real } from '../../core/constraint.js';
import { type Bound, type Constraint, checkEvents, makeConstraint, showBound } from './constraint.js';

// `real` is the default constraint of `param`, so it is defined in the core.
export { real };

/**
 * A constraint with a lower bound `lowerBound` (strict for `greaterThan`).
 *
 * @category constraints
 * @since 0.1.0
 */
export interface GreaterThan extends Constraint {
  readonly lowerBound: Bound;
}

/**
 * `x > lowerBound`; `bijectTo` maps ℝ onto it by `x ↦ lowerBound + exp(x)`.
 *
 * @category constraints
 * @since 0.1.0
 */
export function greaterThan(lowerBound: Bound): GreaterThan {
  return makeConstraint('greaterThan', `greaterThan(${showBound(lowerBound)})`, 0, (v) => tf.greater(v, lowerBound), {
    extra: { lowerBound },
  }) as GreaterThan;
}

/** `x > 0` (kind `greaterThan`, lower bound 0). @category constraints @since 0.1.0 */
export const positive: GreaterThan = makeConstraint('greaterThan', 'positive', 0, (v) => tf.greater(v, 0), {
  extra: { lowerBound: 0 },
}) as GreaterThan;

/**
 * `x > 0`, mapped from unconstrained space by softplus rather than exp (gentler for scales
 * optimised by SVI).
  *
  * @category constraints
  * @since 0.1.0
 */
export const softplusPositive: GreaterThan = makeConstraint(
  'softplusPositive',
  'softplusPositive',
  0,
  (v) => tf.greater(v, 0),
  { extra: { lowerBound: 0 } },
) as GreaterThan;

/**
 * A constraint reinterpreting `reinterpretedDims` batch dims of `base` as event dims.
 *
 * @category constraints
 * @since 0.1.0
 */
export interface IndependentConstraint extends Constraint {
  readonly base: Constraint;
  readonly reinterpretedDims: number;
}

/**
 * `base` applied elementwise, with the rightmost `reinterpretedDims` dims forming one event:
 * the check holds when it holds for every element of the event.
  *
  * @category constraints
  * @since 0.1.0
 */
export function independent(base: Constraint, reinterpretedDims: number): IndependentConstraint {
  if (reinterpretedDims === 0 && 'base' in base) return base as IndependentConstraint;
  const eventDim = base.eventDim + reinterpretedDims;
  const check = (v: tf.Tensor): tf.Tensor =>
    tf.tidy(() => {
      const inner = base.check(v);
      if (reinterpretedDims === 0) return inner;
      const axes = Array.from({ length: reinterpretedDims }, (_, i) => inner.rank - 1 - i);
      return tf.all(inner, axes);
    });
  return makeConstraint('independent', `independent(${base.name}, ${reinterpretedDims})`, eventDim, check, {
    isDiscrete: base.isDiscrete,
    extra: { base, reinterpretedDims },
  }) as IndependentConstraint;
}

/**
 * Real vectors (`independent(real, 1)`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const realVector: IndependentConstraint = independent(real, 1);

/** Whether each element is an integer (`x mod 1 = 0`, NaN and ±∞ fail; int32/bool values pass). */
const isIntegral = (v: tf.Tensor): tf.Tensor =>
  v.dtype === 'float32' ? tf.logicalAnd(tf.equal(tf.floor(v), v), tf.isFinite(v)) : tf.equal(v, v);

/**
 * `{0, 1}`: the support of `Bernoulli` (Pyro's `boolean`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const boolean: Constraint = makeConstraint(
  'boolean',
  'boolean',
  0,
  (v) => tf.tidy(() => tf.logicalOr(tf.equal(v, 0), tf.equal(v, 1))),
  { isDiscrete: true },
);

/**
 * An integer interval `{lowerBound, …, upperBound}` (bounds may be tensors, e.g. Binomial's `totalCount`).
 *
 * @category constraints
 * @since 0.1.0
 */
export interface IntegerInterval extends Constraint {
  readonly lowerBound: Bound;
  readonly upperBound: Bound;
}

/**
 * The integers in `[lowerBound, upperBound]`: the support of `Categorical` (`[0, K−1]`) and
 * `Binomial` (`[0, totalCount]`). Tensor bounds broadcast with the value.
 *
 * @category constraints
 * @since 0.1.0
 */
export function integerInterval(lowerBound: Bound, upperBound: Bound): IntegerInterval {
  const check = (v: tf.Tensor): tf.Tensor =>
    tf.tidy(() => tf.logicalAnd(isIntegral(v), tf.logicalAnd(tf.greaterEqual(v, lowerBound), tf.lessEqual(v, upperBound))));
  return makeConstraint('integerInterval', `integerInterval(${showBound(lowerBound)}, ${showBound(upperBound)})`, 0, check, {
    isDiscrete: true,
    extra: { lowerBound, upperBound },
  }) as IntegerInterval;
}

/**
 * The integers `{0, 1, 2, …}`: the support of `Poisson` (Pyro's `nonnegative_integer`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const nonnegativeInteger: Constraint = makeConstraint(
  'nonnegativeInteger',
  'nonnegativeInteger',
  0,
  (v) => tf.tidy(() => tf.logicalAnd(isIntegral(v), tf.greaterEqual(v, 0))),
  { isDiscrete: true },
);

/**
 * Tolerance on `|Σ x − 1|` for {@link simplex} (Pyro uses 1e-6 in float64; float32 sums need more).
 *
 * @category constraints
 * @since 0.1.0
 */
export const SIMPLEX_TOLERANCE = 1e-5;

/**
 * The probability simplex over the last dim: `x_i ≥ 0` and `|Σ_i x_i − 1| < 1e-5` (event dim 1):
 * the support of `Dirichlet`.
 *
 * @category constraints
 * @since 0.1.0
 */
export const simplex: Constraint = makeConstraint('simplex', 'simplex', 1, (v) =>
  checkEvents('simplex', v, 1, (data, offset, [k]) => {
    let sum = 0;
    for (let i = offset; i < offset + k!; i++) {
      const x = data[i]!;
      if (!(x >= 0)) return false;
      sum += x;
    }
    return Math.abs(sum - 1) < SIMPLEX_TOLERANCE;
  }),
);

/**
 * A constraint with an inclusive lower bound `lowerBound`.
 *
 * @category constraints
 * @since 0.1.0
 */
export interface GreaterThanEq extends Constraint {
  readonly lowerBound: Bound;
}

/**
 * `x ≥ lowerBound` (Pyro's `greater_than_eq`). Its `kind` is `greaterThanEq`, distinct from
 * {@link greaterThan}, so `nonnegative` and `positive` are told apart by name and kind.
 *
 * @category constraints
 * @since 0.1.0
 */
export function greaterThanEq(lowerBound: Bound): GreaterThanEq {
  return makeConstraint('greaterThanEq', `greaterThanEq(${showBound(lowerBound)})`, 0, (v) => tf.greaterEqual(v, lowerBound), {
    extra: { lowerBound },
  }) as GreaterThanEq;
}

/**
 * `x ≥ 0` (Pyro's `nonnegative`, printed `GreaterThanEq(lower_bound=0.0)`; kind
 * `greaterThanEq`, lower bound 0): the support of `Gamma`, `Exponential`, `HalfNormal`,
 * `HalfCauchy`, where `logProb(0)` is defined. Compare {@link positive} (kind `greaterThan`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const nonnegative: GreaterThanEq = makeConstraint('greaterThanEq', 'nonnegative', 0, (v) => tf.greaterEqual(v, 0), {
  extra: { lowerBound: 0 },
}) as GreaterThanEq;

/**
 * A closed real interval `[lowerBound, upperBound]` (bounds may be tensors, e.g. `Uniform`'s).
 *
 * @category constraints
 * @since 0.1.0
 */
export interface Interval extends Constraint {
  readonly lowerBound: Bound;
  readonly upperBound: Bound;
}

/**
 * `lowerBound ≤ x ≤ upperBound` (Pyro's `interval`; closed at both ends, as in Pyro). Tensor
 * bounds broadcast with the value: `Uniform(low, high).support` is `interval(low, high)`.
 *
 * @category constraints
 * @since 0.1.0
 */
export function interval(lowerBound: Bound, upperBound: Bound): Interval {
  const check = (v: tf.Tensor): tf.Tensor =>
    tf.tidy(() => tf.logicalAnd(tf.greaterEqual(v, lowerBound), tf.lessEqual(v, upperBound)));
  return makeConstraint('interval', `interval(${showBound(lowerBound)}, ${showBound(upperBound)})`, 0, check, {
    extra: { lowerBound, upperBound },
  }) as Interval;
}

/**
 * `0 ≤ x ≤ 1` (Pyro's `unit_interval`; kind `interval`, bounds 0 and 1): the support of `Beta`.
 *
 * @category constraints
 * @since 0.1.0
 */
export const unitInterval: Interval = makeConstraint(
  'interval',
  'unitInterval',
  0,
  (v) => tf.tidy(() => tf.logicalAnd(tf.greaterEqual(v, 0), tf.lessEqual(v, 1))),
  { extra: { lowerBound: 0, upperBound: 1 } },
) as Interval;

/**
 * A constraint with a strict upper bound `upperBound`.
 *
 * @category constraints
 * @since 0.1.0
 */
export interface LessThan extends Constraint {
  readonly upperBound: Bound;
}

/**
 * `x < upperBound` (Pyro's `less_than`); `bijectTo` maps ℝ onto it by `x ↦ upperBound − exp(x)`.
 *
 * @category constraints
 * @since 0.1.0
 */
export function lessThan(upperBound: Bound): LessThan {
  return makeConstraint('lessThan', `lessThan(${showBound(upperBound)})`, 0, (v) => tf.less(v, upperBound), {
    extra: { upperBound },
  }) as LessThan;
}

/**
 * `lowerBound ≤ x < upperBound` (Pyro's `half_open_interval`); `bijectTo` maps ℝ onto it like
 * an {@link interval} (sigmoid, then affine).
 *
 * @category constraints
 * @since 0.1.0
 */
export function halfOpenInterval(lowerBound: Bound, upperBound: Bound): Interval {
  const check = (v: tf.Tensor): tf.Tensor => tf.tidy(() => tf.logicalAnd(tf.greaterEqual(v, lowerBound), tf.less(v, upperBound)));
  return makeConstraint('halfOpenInterval', `halfOpenInterval(${showBound(lowerBound)}, ${showBound(upperBound)})`, 0, check, {
    extra: { lowerBound, upperBound },
  }) as Interval;
}

/**
 * The integers `{1, 2, …}` (Pyro's `positive_integer`).
 *
 * @category constraints
 * @since 0.1.0
 */
export const positiveInteger: Constraint = makeConstraint(
  'positiveInteger',
  'positiveInteger',
  0,
  (v) => tf.tidy(() => tf.logicalAnd(isIntegral(v), tf.greaterEqual(v, 1))),
  { isDiscrete: true },
);

