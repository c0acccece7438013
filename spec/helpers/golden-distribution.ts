/**
 * The runner shared by the golden distribution suites. The field loop: for every quantity a golden case
 * lists (log_prob, entropy, mean, …), compute it with the suite's `field` mapping and compare
 * shape and values with the reference; a quantity Pyro does not implement (listed under
 * `errors`, null in the file) must raise `NotImplemented`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import type { Distribution } from '../../lib/distributions/distribution.js';
import { describeBackends } from './backends.js';
import { type GoldenDistributionCase, type Nested, closeness, flat, golden } from './golden.js';

/** Keys of a golden case that are not quantities to check. */
const NOT_FIELDS = new Set(['case', 'dist', 'params', 'value', 'support', 'errors', 'batch_shape', 'event_shape']);

/** The shape of a nested array. */
export function shapeOf(x: Nested): number[] {
  return typeof x === 'number' ? [] : [x.length, ...(x.length > 0 ? shapeOf(x[0]!) : [])];
}

/**
 * The golden quantities every distribution has through its interface (`log_prob`, `entropy`,
 * `mean`, `variance`, `stddev`, `cdf`, `icdf`), or `undefined` for another name.
 */
export function interfaceField(d: Distribution, name: string, value: tf.Tensor): tf.Tensor | undefined {
  switch (name) {
    case 'log_prob':
      return d.logProb(value);
    case 'entropy':
      return d.entropy();
    case 'mean':
      return d.mean;
    case 'variance':
      return d.variance;
    case 'stddev':
      return d.stddev;
    case 'cdf':
      return d.cdf(value);
    case 'icdf':
      return d.icdf(value);
    default:
      return undefined;
  }
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

/** One golden suite: which families it covers, how to build each case, map fields and check supports. */
export interface GoldenSuite {
  /** Names the suite (`describe` titles). */
  readonly title: string;
  /** The golden `dist` names this suite covers. */
  readonly families: ReadonlySet<string>;
  /** A builder for every golden case of those families, by case name. */
  readonly builders: Readonly<Record<string, (params: Readonly<Record<string, unknown>>) => Distribution>>;
  readonly field: FieldOf;
  /** Expect the distribution's support to be the one Pyro names (`GreaterThanEq(lower_bound=0.0)`, …). */
  readonly expectSupport: (d: Distribution, pyroSupport: string) => void;
  readonly tol: { readonly rtol: number; readonly atol: number };
}

/**
 * Check that the suite covers exactly the golden cases of its families, then run every case on
 * both backends: family, batch and event shapes, support, and every listed quantity.
 */
export function describeGoldenDistributions(suite: GoldenSuite): void {
  const cases = golden.distributions.filter((c) => suite.families.has(c.dist));
  describe(`golden cases of ${suite.title}`, () => {
    it('covers every golden case of these families, and only existing ones', () => {
      expect(cases.map((c) => c.case).sort()).toEqual(Object.keys(suite.builders).sort());
    });
  });
  describeBackends(`golden: ${suite.title}`, () => {
    for (const c of cases) {
      it(c.case, () => {
        tf.tidy(() => {
          const build = suite.builders[c.case];
          if (build === undefined) throw new Error(`no builder for golden case ${c.case}`);
          const d = build(c.params);
          expect(d.family).toBe(c.dist);
          expect(d.batchShape).toEqual(c.batch_shape);
          expect(d.eventShape).toEqual(c.event_shape);
          suite.expectSupport(d, c.support);
          expectGoldenFields(c, d, suite.field, suite.tol);
        });
      });
    }
  });
}
