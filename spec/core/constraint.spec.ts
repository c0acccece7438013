/**
 * The core's constraint pieces (lib/core/constraint.ts): `makeConstraint` builds frozen
 * constraints with Pyro's defaults, `real` is Pyro's real (NaN fails, ±∞ passes), and the
 * distributions module re-exports the very same objects (so `param`'s default constraint is
 * `constraints.real`). Exact expectations (booleans, identities), no tolerances.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { makeConstraint, real } from '../../lib/core/constraint.js';
import { param } from '../../lib/core/primitives.js';
import * as basic from '../../lib/distributions/constraints/index.js';
import { constraints } from '../../lib/distributions/constraints/namespace.js';

describe('core/constraint', () => {
  describe('makeConstraint', () => {
    it('builds a frozen constraint, continuous unless told, with its extra fields', () => {
      const check = (v: tf.Tensor): tf.Tensor => tf.greater(v, 2);
      const c = makeConstraint('greaterThan', 'greaterThan(2)', 0, check, { extra: { lowerBound: 2 } });
      expect(c).toMatchObject({ kind: 'greaterThan', name: 'greaterThan(2)', eventDim: 0, isDiscrete: false, lowerBound: 2 });
      expect(c.check).toBe(check);
      expect(Object.isFrozen(c)).toBe(true);
      expect(makeConstraint('boolean', 'boolean', 0, check, { isDiscrete: true }).isDiscrete).toBe(true);
    });
  });

  describe('real', () => {
    it('admits every number but NaN, ±∞ included', () => {
      const ok = tf.tidy(() => Array.from(real.check(tf.tensor([-Infinity, -1, 0, 3.5, Infinity, NaN])).dataSync()));
      expect(ok).toEqual([1, 1, 1, 1, 1, 0]);
      expect(real).toMatchObject({ kind: 'real', name: 'real', eventDim: 0, isDiscrete: false });
    });

    it('is the object the distributions re-export and param defaults to', () => {
      expect(basic.real).toBe(real);
      expect(constraints.real).toBe(real);
      expect(basic.makeConstraint).toBe(makeConstraint);
      expect(param('w', () => tf.zeros([])).constraint).toBe(real);
    });
  });
});
