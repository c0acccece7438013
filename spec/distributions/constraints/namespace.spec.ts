/**
 * Constraints: metadata (name, kind, event dim, discreteness) and `check` semantics and shapes
 * for every constraint of the `constraints` namespace (Pyro's definitions), on both backends.
 * Exact expectations (booleans), no tolerances.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { type Constraint, constraints as c } from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';

/** check(value) → booleans and result shape. */
function checked(con: Constraint, value: number[] | number[][] | number[][][], shape?: number[]): { ok: boolean[]; shape: number[] } {
  return tf.tidy(() => {
    const t = shape === undefined ? tf.tensor(value) : tf.tensor(value, shape);
    const r = con.check(t);
    expect(r.dtype).toBe('bool');
    return { ok: Array.from(r.dataSync(), Boolean), shape: r.shape };
  });
}

describeBackends('constraints', () => {
  it('the namespace holds every constraint with name, kind, eventDim, isDiscrete', () => {
    const rows: readonly [Constraint, string, number, boolean][] = [
      [c.real, 'real', 0, false],
      [c.positive, 'greaterThan', 0, false],
      [c.nonnegative, 'greaterThanEq', 0, false],
      [c.greaterThan(2), 'greaterThan', 0, false],
      [c.greaterThanEq(2), 'greaterThanEq', 0, false],
      [c.lessThan(2), 'lessThan', 0, false],
      [c.interval(0, 2), 'interval', 0, false],
      [c.halfOpenInterval(0, 2), 'halfOpenInterval', 0, false],
      [c.unitInterval, 'interval', 0, false],
      [c.softplusPositive, 'softplusPositive', 0, false],
      [c.boolean, 'boolean', 0, true],
      [c.integerInterval(0, 3), 'integerInterval', 0, true],
      [c.nonnegativeInteger, 'nonnegativeInteger', 0, true],
      [c.positiveInteger, 'positiveInteger', 0, true],
      [c.realVector, 'independent', 1, false],
      [c.independent(c.positive, 2), 'independent', 2, false],
      [c.independent(c.boolean, 1), 'independent', 1, true],
      [c.simplex, 'simplex', 1, false],
      [c.orderedVector, 'orderedVector', 1, false],
      [c.positiveOrderedVector, 'positiveOrderedVector', 1, false],
      [c.oneHot, 'oneHot', 1, true],
      [c.multinomial(3), 'multinomial', 1, true],
      [c.lowerTriangular, 'lowerTriangular', 2, false],
      [c.lowerCholesky, 'lowerCholesky', 2, false],
      [c.unitLowerCholesky, 'unitLowerCholesky', 2, false],
      [c.softplusLowerCholesky, 'softplusLowerCholesky', 2, false],
      [c.positiveDefinite, 'positiveDefinite', 2, false],
      [c.corrCholesky, 'corrCholesky', 2, false],
    ];
    for (const [con, kind, eventDim, isDiscrete] of rows) {
      expect([con.name, con.kind, con.eventDim, con.isDiscrete]).toEqual([con.name, kind, eventDim, isDiscrete]);
      expect(Object.isFrozen(con)).toBe(true);
    }
    expect(c.greaterThan(2).name).toBe('greaterThan(2)');
    expect(c.interval(-1, 3).name).toBe('interval(-1, 3)');
    expect(c.independent(c.positive, 1).name).toBe('independent(positive, 1)');
    expect(c.lessThan(tf.zeros([3])).name).toBe('lessThan(tensor[3])');
    expect((c.greaterThan(2) as { lowerBound: number }).lowerBound).toBe(2);
  });

  it('scalar constraints check elementwise (shape = value shape)', () => {
    const v = [-1, 0, 0.5, 1, 2, NaN, Infinity];
    expect(checked(c.real, v).ok).toEqual([true, true, true, true, true, false, true]);
    expect(checked(c.positive, v).ok).toEqual([false, false, true, true, true, false, true]);
    expect(checked(c.nonnegative, v).ok).toEqual([false, true, true, true, true, false, true]);
    expect(checked(c.greaterThan(0.5), v).ok).toEqual([false, false, false, true, true, false, true]);
    expect(checked(c.greaterThanEq(0.5), v).ok).toEqual([false, false, true, true, true, false, true]);
    expect(checked(c.lessThan(1), v).ok).toEqual([true, true, true, false, false, false, false]);
    expect(checked(c.interval(0, 1), v).ok).toEqual([false, true, true, true, false, false, false]);
    expect(checked(c.unitInterval, v).ok).toEqual([false, true, true, true, false, false, false]);
    expect(checked(c.halfOpenInterval(0, 1), v).ok).toEqual([false, true, true, false, false, false, false]);
    expect(checked(c.softplusPositive, v).ok).toEqual([false, false, true, true, true, false, true]);
    expect(checked(c.boolean, v).ok).toEqual([false, true, false, true, false, false, false]);
    expect(checked(c.integerInterval(0, 1), v).ok).toEqual([false, true, false, true, false, false, false]);
    expect(checked(c.nonnegativeInteger, v).ok).toEqual([false, true, false, true, true, false, false]);
    expect(checked(c.positiveInteger, v).ok).toEqual([false, false, false, true, true, false, false]);
    expect(checked(c.positive, [[1, -1, 2]], [1, 3]).shape).toEqual([1, 3]);
  });

  it('tensor bounds broadcast with the value', () => {
    const lo = tf.tensor([0, 1, 2]);
    expect(checked(c.greaterThan(lo), [[0.5, 0.5, 2.5], [1, 2, 3]], [2, 3])).toEqual({ ok: [true, false, true, true, true, true], shape: [2, 3] });
    expect(checked(c.interval(lo, tf.tensor([1, 2, 3])), [1, 0, 2.5]).ok).toEqual([true, false, true]);
    lo.dispose();
  });

  it('independent(c, n) requires c on the whole event', () => {
    const r = checked(c.independent(c.positive, 1), [[1, 2], [1, -2], [3, 4]], [3, 2]);
    expect(r).toEqual({ ok: [true, false, true], shape: [3] });
    expect(checked(c.independent(c.positive, 2), [[1, 2], [1, -2]], [2, 2])).toEqual({ ok: [false], shape: [] });
    expect(checked(c.realVector, [[1, NaN], [0, 0]], [2, 2]).ok).toEqual([false, true]);
  });

  it('vector constraints: simplex, ordered, positive ordered (event dim 1)', () => {
    expect(checked(c.simplex, [[0.2, 0.8], [0.5, 0.6], [-0.1, 1.1], [1, 0]], [4, 2])).toEqual({ ok: [true, false, false, true], shape: [4] });
    expect(checked(c.orderedVector, [[1, 2, 3], [1, 1, 2], [-3, 0, 5]], [3, 3])).toEqual({ ok: [true, false, true], shape: [3] });
    expect(checked(c.positiveOrderedVector, [[1, 2, 3], [-1, 1, 2]], [2, 3]).ok).toEqual([true, false]);
    expect(checked(c.orderedVector, [5]).ok).toEqual([true]);
    expect(() => c.orderedVector.check(tf.scalar(1))).toThrow(/orderedVector.check: argument 'value' must have at least 1 dims/);
  });

  it('matrix constraints (event dim 2), batched', () => {
    const mats = [
      [[1, 0], [0.5, 2]], // lower Cholesky
      [[1, 0], [0.5, 1]], // unit lower Cholesky (and lower Cholesky)
      [[1, 0.1], [0.5, 2]], // not triangular
      [[-1, 0], [0.5, 2]], // negative diagonal
    ];
    expect(checked(c.lowerCholesky, mats, [4, 2, 2])).toEqual({ ok: [true, true, false, false], shape: [4] });
    expect(checked(c.softplusLowerCholesky, mats, [4, 2, 2]).ok).toEqual([true, true, false, false]);
    expect(checked(c.unitLowerCholesky, mats, [4, 2, 2]).ok).toEqual([false, true, false, false]);
    expect(checked(c.lowerTriangular, mats, [4, 2, 2]).ok).toEqual([true, true, false, true]);
    const s = Math.SQRT1_2;
    expect(checked(c.corrCholesky, [[[1, 0], [s, s]], [[1, 0], [0.5, 0.5]]], [2, 2, 2]).ok).toEqual([true, false]);
    const pd = [
      [[2, 1], [1, 2]], // positive definite
      [[1, 2], [2, 1]], // symmetric, indefinite
      [[2, 1], [0, 2]], // not symmetric
    ];
    expect(checked(c.positiveDefinite, pd, [3, 2, 2])).toEqual({ ok: [true, false, false], shape: [3] });
    expect(checked(c.lowerCholesky, [[1, 0, 0], [0, 1, 0]], [2, 3]).ok).toEqual([false]);
  });

  it('checks leave no tensors behind', () => {
    const v = tf.tensor([[1, 0], [0.5, 2]]);
    const before = tf.memory().numTensors;
    const results = [c.lowerCholesky, c.positive, c.simplex, c.integerInterval(0, 2), c.independent(c.positive, 2)].map((k) => k.check(v));
    expect(tf.memory().numTensors).toBe(before + results.length);
    tf.dispose([...results, v]);
  });
});
