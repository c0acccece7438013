/**
 * The field loop shared by the golden distribution suites: for every quantity a golden case
 * lists (log_prob, entropy, mean, …), compute it with the suite's `field` mapping and compare
 * shape and values with the reference; a quantity Pyro does not implement (listed under
 * `errors`, null in the file) must raise `NotImplemented`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import type { Distribution } from '../../lib/distributions/distribution.js';
import { type GoldenDistributionCase, type Nested, closeness, flat } from './golden.js';

/** Keys of a golden case that are not quantities to check. */
const NOT_FIELDS = new Set(['case', 'dist', 'params', 'value', 'support', 'errors', 'batch_shape', 'event_shape']);

/** The shape of a nested array. */
export function shapeOf(x: Nested): number[] {
  return typeof x === 'number' ? [] : [x.length, ...(x.length > 0 ? shapeOf(x[0]!) : [])];
}

/** Computes golden quantity `name` of `d` at `value` (throwing for an unmapped name). */
export type FieldOf = (d: Distribution, name: string, value: tf.Tensor) => tf.Tensor;

/** Check every quantity of golden case `c` on the distribution `d` built from it. */
export function expectGoldenFields(c: GoldenDistributionCase, d: Distribution, field: FieldOf, tol: { readonly rtol: number; readonly atol: number }): void {
  const value = tf.tensor(c.value);
  for (const [name, expected] of Object.entries(c)) {
    if (NOT_FIELDS.has(name)) continue;
    if (c.errors?.[name] !== undefined) {
      expect(expected).toBeNull();
      let thrown: unknown;
      try {
        field(d, name, value);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, `${c.case}.${name} must throw`).toBeInstanceOf(IgnisError);
      expect((thrown as IgnisError).tag).toBe('NotImplemented');
      continue;
    }
    const actual = field(d, name, value);
    expect(actual.shape, `${c.case}.${name} shape`).toEqual(shapeOf(expected as Nested));
    expect(closeness(actual.dataSync(), flat(expected), tol.rtol, tol.atol), `${c.case}.${name}`).toBeUndefined();
  }
}
