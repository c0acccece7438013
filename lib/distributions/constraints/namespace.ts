/**
 * The `constraints` namespace object: every constraint under one name, as Pyro users write
 * `constraints.positive` (Ignis' constraint names are Pyro's in camelCase).
 *
 * @module
 */
import * as c from './index.js';

/**
 * All constraints, for `param(name, init, { constraint: constraints.positive })` and
 * `bijectTo(constraints.simplex)`.
 *
 * Scalars (event dim 0): `real`, `positive`, `nonnegative`, `greaterThan(l)`,
 * `greaterThanEq(l)`, `lessThan(u)`, `interval(l, u)`, `halfOpenInterval(l, u)`,
 * `unitInterval`, `softplusPositive`, `boolean`, `integerInterval(l, u)`,
 * `nonnegativeInteger`, `positiveInteger`. Vectors (event dim 1): `realVector`, `simplex`,
 * `orderedVector`, `positiveOrderedVector`, `oneHot`, `multinomial(n)`. Matrices (event dim 2): `lowerTriangular`,
 * `lowerCholesky`, `unitLowerCholesky`, `softplusLowerCholesky`, `positiveDefinite`,
 * `corrCholesky`. Combinator: `independent(c, n)`.
 *
 * @example
 * ```ts
 * constraints.positive.check(tf.tensor1d([1, -1])); // [true, false]
 * bijectTo(constraints.interval(0, 2)).forward(tf.scalar(0)); // 1
 * ```
 * @category constraints
 * @since 0.1.0
 */
export const constraints = Object.freeze({
  real: c.real,
  positive: c.positive,
  nonnegative: c.nonnegative,
  greaterThan: c.greaterThan,
  greaterThanEq: c.greaterThanEq,
  lessThan: c.lessThan,
  interval: c.interval,
  halfOpenInterval: c.halfOpenInterval,
  unitInterval: c.unitInterval,
  softplusPositive: c.softplusPositive,
  boolean: c.boolean,
  integerInterval: c.integerInterval,
  nonnegativeInteger: c.nonnegativeInteger,
  positiveInteger: c.positiveInteger,
  independent: c.independent,
  realVector: c.realVector,
  simplex: c.simplex,
  orderedVector: c.orderedVector,
  positiveOrderedVector: c.positiveOrderedVector,
  oneHot: c.oneHot,
  multinomial: c.multinomial,
  lowerTriangular: c.lowerTriangular,
  lowerCholesky: c.lowerCholesky,
  unitLowerCholesky: c.unitLowerCholesky,
  softplusLowerCholesky: c.softplusLowerCholesky,
  positiveDefinite: c.positiveDefinite,
  corrCholesky: c.corrCholesky,
});
