/**
 * The golden file's `transforms` section (Pyro 1.8.6, float64) against Ignis' `bijectTo`,
 * `transformTo` and the transform classes, on both backends.
 *
 * Tolerances (float32 against float64 references), all with a ≥ 5× margin over the worst error
 * measured on either backend (every case passes at rtol 2e-6 / atol 2e-7, inverses at atol 1e-6):
 * - forward `y` and `log_abs_det_jacobian`: rtol 1e-5, atol 1e-6 — elementwise maps and short
 *   sums (≤ 6 terms) in float32; wasm's sigmoid/tanh/softplus are within ~3 ulp (tfjs-facts §6).
 * - `inverse_y`: rtol 1e-5, atol 5e-6 — inverses such as stick-breaking's `log yᵢ − log(1 − Σ y)`
 *   or `atanh` amplify the float32 rounding of `y`, and one golden entry is 2e-16 (absolute).
 *
 * Exclusions and deviations (each asserted below, none skipped):
 * - `lower_cholesky (biject_to)`, `unit_lower_cholesky (biject_to)`,
 *   `softplus_lower_cholesky (biject_to)`: Pyro raises NotImplementedError (it registers
 *   these under `transform_to` only). Ignis registers them in `bijectTo` on purpose
 *   (`param(..., { constraint: unitLowerCholesky })` in AutoMultivariateNormal), so the test
 *   asserts that `bijectTo` returns the same transform as `transformTo` instead.
 * - `log_abs_det_jacobian: null` with an `errors` entry: for the three Cholesky transforms the
 *   golden `log_abs_det_jacobian_derived` is asserted (Ignis implements it); for
 *   `SoftmaxTransform` Ignis raises NotImplemented like Pyro.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import {
  type Constraint,
  type Transform,
  bijectTo,
  constraints as c,
  transformTo,
  transforms,
} from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { type GoldenTransformCase, closeness, flat, golden } from '../../helpers/golden.js';

/** Pyro's constraint spelling in the golden file → the Ignis constraint. */
const CONSTRAINTS: Readonly<Record<string, Constraint>> = {
  positive: c.positive,
  unit_interval: c.unitInterval,
  'interval(-1.0, 3.0)': c.interval(-1, 3),
  'greater_than(2.0)': c.greaterThan(2),
  softplus_positive: c.softplusPositive,
  'independent(positive, 1)': c.independent(c.positive, 1),
  simplex: c.simplex,
  lower_cholesky: c.lowerCholesky,
  unit_lower_cholesky: c.unitLowerCholesky,
  softplus_lower_cholesky: c.softplusLowerCholesky,
  corr_cholesky: c.corrCholesky,
  ordered_vector: c.orderedVector,
  positive_ordered_vector: c.positiveOrderedVector,
  real_vector: c.realVector,
};

const TOL = { y: [1e-5, 1e-6], ldj: [1e-5, 1e-6], inverse: [1e-5, 5e-6] } as const;

function constraintOf(g: GoldenTransformCase): Constraint {
  const found = CONSTRAINTS[g.constraint];
  if (found === undefined) throw new Error(`no Ignis constraint mapped for golden constraint '${g.constraint}'`);
  return found;
}

/** The transform a golden case describes. */
function transformOf(g: GoldenTransformCase): Transform {
  if (g.registry === 'biject_to') return bijectTo(constraintOf(g));
  if (g.registry === 'transform_to') return transformTo(constraintOf(g));
  if (g.case.startsWith('LowerCholeskyAffine')) {
    return transforms.LowerCholeskyAffine(g.loc as number[], g.scale_tril as number[][]);
  }
  throw new Error(`unknown registry '${g.registry}' in case '${g.case}'`);
}

function expectClose(actual: tf.Tensor, expected: unknown, [rtol, atol]: readonly [number, number]): void {
  expect(closeness(actual.dataSync(), flat(expected), rtol, atol)).toBeUndefined();
}

const tensorOf = (x: unknown): tf.Tensor => tf.tensor(x as number[]);

/** The golden case names: an unimplemented case fails (every case is run). */
const cases = golden.transforms;

describeBackends('golden: transforms (Pyro 1.8.6)', () => {
  it('covers all 18 golden cases', () => {
    expect(cases.length).toBe(18);
  });

  for (const g of cases) {
    if (g.registered === false) {
      it(`${g.case}: Pyro raises; Ignis registers it in bijectTo (deliberate), same transform as transformTo`, () => {
        expect(g.error).toMatch(/NotImplementedError/);
        const cons = constraintOf(g);
        expect(bijectTo(cons)).toBe(transformTo(cons));
        expect(bijectTo(cons).codomain.kind).toBe(cons.kind);
      });
      continue;
    }

    it(`${g.case}: transform class, event dims, bijective`, () => {
      const t = transformOf(g);
      expect(t.name).toBe((g.transform as string).split('(')[0]);
      expect(t.domainEventDim).toBe(g.domain_event_dim);
      expect(t.codomainEventDim).toBe(g.codomain_event_dim);
      expect(t.bijective).toBe(g.bijective);
    });

    it(`${g.case}: forward y, inverse_y and the codomain check`, () => {
      tf.tidy(() => {
        const t = transformOf(g);
        expectClose(t.forward(tensorOf(g.x)), g.y, TOL.y);
        expectClose(t.inverse(tensorOf(g.y)), g.inverse_y, TOL.inverse);
        const check = t.codomain.check(t.forward(tensorOf(g.x)));
        expect(Array.from(check.dataSync(), Boolean)).toEqual([g.codomain_check_y].flat(2));
        expect(check.shape.length).toBe(Array.isArray(g.codomain_check_y) ? 1 : 0);
      });
    });

    it(`${g.case}: log|det J| (golden, derived, or NotImplemented as in Pyro)`, () => {
      tf.tidy(() => {
        const t = transformOf(g);
        const x = tensorOf(g.x);
        const y = t.forward(x);
        if (g.log_abs_det_jacobian !== null) {
          expectClose(t.logAbsDetJacobian(x, y), g.log_abs_det_jacobian, TOL.ldj);
          expectClose(t.forwardWithLogDet(x).logAbsDetJacobian, g.log_abs_det_jacobian, TOL.ldj);
        } else if (g.log_abs_det_jacobian_derived !== undefined) {
          expectClose(t.logAbsDetJacobian(x, y), g.log_abs_det_jacobian_derived, TOL.ldj);
        } else {
          expect((g.errors as Record<string, string>).log_abs_det_jacobian).toMatch(/NotImplementedError/);
          expect(() => t.logAbsDetJacobian(x, y)).toThrow(IgnisError);
          expect(() => t.logAbsDetJacobian(x, y)).toThrow(/NotImplemented|no log-Jacobian/);
        }
      });
    });
  }

  it('LowerCholeskyAffine: scale_tril = scale[:, None] * unit_tril (the AutoMultivariateNormal construction)', () => {
    const g = cases.find((k) => k.case.startsWith('LowerCholeskyAffine'))!;
    tf.tidy(() => {
      const built = tf.mul(tf.expandDims(tensorOf(g.scale), -1), tensorOf(g.unit_tril));
      expectClose(built, g.scale_tril, TOL.y);
      const t = transforms.LowerCholeskyAffine(g.loc as number[], built);
      expectClose(t.forward(tensorOf(g.x)), g.y, TOL.y);
    });
  });
});
