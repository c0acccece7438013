/**
 * The KL rules of the second wave's continuous families beyond their golden pairs
 * (spec/distributions/families/continuous/golden-wave2.spec.ts), on both backends:
 *
 * - every finite rule (kl/gumbel.ts, kl/pareto.ts, kl/gamma-cross.ts) against a Monte Carlo
 *   estimate `mean(log p(x) − log q(x))` over 20 000 draws of p, within 5 standard errors
 *   (the float32 log-densities add ~1e-6, far below the standard errors ≥ 1e-3). Measured,
 *   5 SE is 0.006–0.04 absolute (0.7 %–22 % of the KL): this catches a wrong or missing term,
 *   not a rounding; the digits are the golden pairs' (rtol 1e-5);
 * - same-family laws with fast-check: `KL(p ‖ p) = 0` (atol 1e-5: cancellation of float32
 *   terms of size ≤ 10) and `KL ≥ −1e-5` for Gumbel/Gumbel and Pareto/Pareto;
 * - the always-∞ table (kl/infinite.ts): every pair is `∞`, broadcast to the pair's batch shape;
 * - the TransformedDistribution rule (kl/transformed.ts): equal transforms (by value, not
 *   identity) give the KL of the bases; different transforms or event shapes, `NotImplemented`;
 * - lineage dispatch (kl/registry.ts): Chi2 reaches the Gamma rules, Weibull and Kumaraswamy the
 *   TransformedDistribution rule, a user's subclass its parent's rules (its own rule first), and
 *   `TraceMeanFieldELBO`'s rule lookup sees the same.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { prngKey } from '../../../lib/core/key.js';
import {
  Beta,
  Chi2,
  type Distribution,
  Exponential,
  Gamma,
  GammaDist,
  Gumbel,
  Kumaraswamy,
  Laplace,
  Normal,
  Pareto,
  TransformedDistribution,
  Uniform,
  Weibull,
  findKLRule,
  klDivergence,
  registerKL,
  transforms as T,
} from '../../../lib/distributions/index.js';
import { familyLineage } from '../../../lib/distributions/kl/registry.js';
import { hasKLRule } from '../../../lib/infer/elbo/mean-field-terms.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';
import { withinSE } from '../helpers/monte-carlo.js';

const value = (t: tf.Tensor): number => t.dataSync()[0]!;

/** Finite pairs (p, q) of the new rules, each a rule's typical case. */
const FINITE: readonly (readonly [string, () => Distribution, () => Distribution])[] = [
  ['Gumbel/Gumbel', () => Gumbel(0.5, 1.5), () => Gumbel(-0.5, 2)],
  ['Normal/Gumbel', () => Normal(0.3, 0.8), () => Gumbel(0, 1.2)],
  ['Gumbel/Normal', () => Gumbel(0.2, 0.7), () => Normal(1, 1.5)],
  ['Exponential/Gumbel', () => Exponential(2), () => Gumbel(0.5, 1)],
  ['Gamma/Gumbel', () => Gamma(3, 2), () => Gumbel(1, 0.8)],
  ['Uniform/Gumbel', () => Uniform(-1, 2), () => Gumbel(0, 1.5)],
  ['Pareto/Pareto', () => Pareto(1.5, 4), () => Pareto(1, 3)],
  ['Pareto/Exponential', () => Pareto(1, 5), () => Exponential(0.7)],
  ['Pareto/Gamma', () => Pareto(0.5, 6), () => Gamma(2, 1.5)],
  ['Pareto/Normal', () => Pareto(1, 7), () => Normal(1, 1)],
  ['Uniform/Pareto', () => Uniform(1.5, 4), () => Pareto(1, 2)],
  ['Gamma/Normal', () => Gamma(4, 2), () => Normal(1.5, 1)],
  ['Beta/Gamma', () => Beta(2, 3), () => Gamma(2, 3)],
  ['Uniform/Gamma', () => Uniform(0.5, 3), () => Gamma(2, 1)],
  ['Chi2/Gumbel', () => Chi2(4), () => Gumbel(3, 2)],
];

/** One member of each family of the ∞ table, batch [2]. */
const MEMBERS: Readonly<Record<string, () => Distribution>> = {
  Normal: () => Normal([0, 1], 1),
  Laplace: () => Laplace([0, 1], 2),
  Gumbel: () => Gumbel([0, 1], 1),
  Exponential: () => Exponential([1, 2]),
  Gamma: () => Gamma([1, 2], 1),
  Pareto: () => Pareto([1, 2], 3),
  Beta: () => Beta([1, 2], 2),
  Uniform: () => Uniform([0, -1], [5, 5]),
};

const INFINITE: readonly (readonly [string, string])[] = [
  ...['Beta', 'Exponential', 'Gamma', 'Pareto', 'Uniform'].flatMap((q) => ['Normal', 'Laplace', 'Gumbel'].map((p) => [p, q] as const)),
  ...['Beta', 'Pareto', 'Uniform'].flatMap((q) => ['Exponential', 'Gamma'].map((p) => [p, q] as const)),
  ['Pareto', 'Beta'],
  ['Pareto', 'Uniform'],
  ['Beta', 'Pareto'],
];

const pos = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });

describeBackends('kl: the continuous families of wave 2', (backend) => {
  for (const [name, p, q] of FINITE) {
    it(`${name}: the closed form equals a Monte Carlo estimate within 5 standard errors`, () => {
      tf.tidy(() => {
        const [pd, qd] = [p(), q()];
        const x = pd.sample(prngKey(name.length * 97 + 5), [20_000]);
        const diff = Float64Array.from(tf.sub(pd.logProb(x), qd.logProb(x)).dataSync());
        const n = diff.length;
        const mean = diff.reduce((s, v) => s + v, 0) / n;
        const se = Math.sqrt(diff.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) / n);
        expect(withinSE(value(klDivergence(pd, qd)), mean, se, name)).toBeUndefined();
      });
    });
  }

  it('KL(p ‖ p) = 0 and KL(p ‖ q) ≥ 0 for Gumbel/Gumbel and Pareto/Pareto', () => {
    fc.assert(
      fc.property(fc.tuple(pos(-2, 2), pos(0.3, 3), pos(-2, 2), pos(0.3, 3)), fc.tuple(pos(0.3, 3), pos(0.3, 5), pos(0.3, 3), pos(0.3, 5)), (g, r) => {
        tf.tidy(() => {
          const [gp, gq] = [Gumbel(g[0], g[1]), Gumbel(g[2], g[3])];
          const [pp, pq] = [Pareto(r[0], r[1]), Pareto(r[2], r[3])];
          expect(Math.abs(value(klDivergence(gp, gp)))).toBeLessThanOrEqual(1e-5);
          expect(Math.abs(value(klDivergence(pp, pp)))).toBeLessThanOrEqual(1e-5);
          expect(value(klDivergence(gp, gq))).toBeGreaterThanOrEqual(-1e-5);
          expect(value(klDivergence(pp, pq))).toBeGreaterThanOrEqual(-1e-5);
        });
      }),
      { numRuns: 30, seed: 7 },
    );
  });

  it('the support mismatches are ∞ for all parameters, broadcast to the batch shape', () => {
    tf.tidy(() => {
      for (const [p, q] of INFINITE) {
        const kl = klDivergence(MEMBERS[p]!(), MEMBERS[q]!().expand([3, 2]));
        expect(kl.shape, `${p}/${q}`).toEqual([3, 2]);
        expect(Array.from(kl.dataSync()), `${p}/${q}`).toEqual(new Array<number>(6).fill(Infinity));
      }
    });
  });

  it('TransformedDistribution/TransformedDistribution: equal transforms (by value) give the KL of the bases', () => {
    tf.tidy(() => {
      const lift = (loc: number, scale: number, shift: number[]): Distribution =>
        TransformedDistribution(Normal(loc, scale), [T.ExpTransform(), T.AffineTransform(tf.tensor(shift), 2)]);
      const kl = klDivergence(lift(0.5, 1, [1, 2]), lift(-1, 2, [1, 2]));
      expect(closeness(kl.dataSync(), new Array<number>(2).fill(value(klDivergence(Normal(0.5, 1), Normal(-1, 2)))), 1e-6, 1e-7)).toBeUndefined();
      for (const [p, q] of [
        [lift(0, 1, [1, 2]), lift(0, 1, [1, 3])],
        [TransformedDistribution(Normal(0, 1), [T.ExpTransform()]), TransformedDistribution(Normal(0, 1), [T.SoftplusTransform()])],
        [TransformedDistribution(Normal(0, 1), [T.ExpTransform()]), TransformedDistribution(Normal(0, 1), [T.ExpTransform(), T.ExpTransform()])],
        [Weibull(1, 2), Weibull(1, 3)],
        [Kumaraswamy(2, 2), Kumaraswamy(2, 1)],
      ] as const) {
        let thrown: unknown;
        try {
          klDivergence(p, q);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(IgnisError);
        expect((thrown as IgnisError).tag).toBe('NotImplemented');
      }
      expect(value(klDivergence(Weibull(1.5, 2), Weibull(1.5, 2)))).toBe(0);
    });
  });

  it("lineage: Chi2 reaches Gamma's rules, Weibull and Kumaraswamy the TransformedDistribution rule; family strings stand alone", () => {
    tf.tidy(() => {
      expect(familyLineage(Chi2(2))).toEqual(['Chi2', 'Gamma']);
      expect(familyLineage(Weibull(1, 1))).toEqual(['Weibull', 'TransformedDistribution']);
      expect(familyLineage(Kumaraswamy(1, 1))).toEqual(['Kumaraswamy', 'TransformedDistribution']);
      expect(familyLineage(Normal(0, 1))).toEqual(['Normal']);
      expect(familyLineage('Chi2')).toEqual(['Chi2']);
      expect(findKLRule(Chi2(2), Gamma(1, 1))).toBe(findKLRule('Gamma', 'Gamma'));
      expect(findKLRule(Chi2(2), Normal(0, 1))).toBe(findKLRule('Gamma', 'Normal'));
      expect(findKLRule('Chi2', 'Gamma')).toBeUndefined();
      expect(hasKLRule(Chi2(3), Gamma(2, 1))).toBe(true);
      expect(hasKLRule(Weibull(1, 2), Weibull(1, 3))).toBe(true); // the rule exists; it declines (NotImplemented) unless the transforms are equal
    });
  });

  it("a user's subclass reaches its parent's rules, and a rule of its own comes first", () => {
    const name = `ShiftedGammaTest-${backend}`;
    class ShiftedGammaDist extends GammaDist {
      static override readonly family: string = name;
      override readonly family: string = name;
    }
    tf.tidy(() => {
      const p = new ShiftedGammaDist(tf.scalar(2), tf.scalar(1));
      expect(familyLineage(p)).toEqual([name, 'Gamma']);
      expect(value(klDivergence(p, Gamma(2, 1)))).toBeCloseTo(0, 6);
      expect(registerKL(name, 'Gamma', () => tf.scalar(42))).toBeUndefined();
      expect(value(klDivergence(p, Gamma(2, 1)))).toBe(42);
    });
  });
});
