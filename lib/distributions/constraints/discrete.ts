/**
 * The vector supports of the discrete families with an event dim: one-hot vectors
 * (`OneHotCategorical`) and count vectors (`Multinomial`), as Pyro's `constraints.one_hot` and
 * `constraints.multinomial(upper_bound)`. Checked per event in plain JavaScript (validation,
 * not a hot path).
 *
 * @module
 */
import { type Constraint, checkEvents, makeConstraint } from './constraint.js';

/**
 * One-hot vectors over the last dim: entries 0 or 1 summing to exactly 1 (event dim 1): the
 * support of `OneHotCategorical` (Pyro's `one_hot`).
 *
 * @category constraints
 * @since 0.2.0
 */
export const oneHot: Constraint = makeConstraint(
  'oneHot',
  'oneHot',
  1,
  (v) =>
    checkEvents('oneHot', v, 1, (data, offset, [k]) => {
      let ones = 0;
      for (let i = offset; i < offset + k!; i++) {
        const x = data[i]!;
        if (x === 1) ones += 1;
        else if (x !== 0) return false;
      }
      return ones === 1;
    }),
  { isDiscrete: true },
);

/**
 * A constraint on count vectors with an upper bound on their sum.
 *
 * @category constraints
 * @since 0.2.0
 */
export interface MultinomialConstraint extends Constraint {
  readonly upperBound: number;
}

/**
 * Count vectors over the last dim: non-negative integers whose sum is at most `upperBound`
 * (event dim 1): the support of `Multinomial(totalCount)`. Pyro's `multinomial(upper_bound)`
 * checks the signs and the sum; Ignis also requires integers (a fractional count has no mass).
 *
 * @example
 * ```ts
 * constraints.multinomial(3).check(tf.tensor([[1, 2, 0], [2, 2, 0]])); // [true, false]
 * ```
 * @category constraints
 * @since 0.2.0
 */
export function multinomial(upperBound: number): MultinomialConstraint {
  const check = checkCounts(upperBound);
  return makeConstraint('multinomial', `multinomial(${upperBound})`, 1, (v) => checkEvents('multinomial', v, 1, check), {
    isDiscrete: true,
    extra: { upperBound },
  }) as MultinomialConstraint;
}

const checkCounts =
  (upperBound: number) =>
  (data: ArrayLike<number>, offset: number, [k]: readonly number[]): boolean => {
    let sum = 0;
    for (let i = offset; i < offset + k!; i++) {
      const x = data[i]!;
      if (!(x >= 0 && Number.isInteger(x))) return false;
      sum += x;
    }
    return sum <= upperBound;
  };
