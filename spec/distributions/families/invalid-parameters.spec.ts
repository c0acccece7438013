/**
 * Issue 17.9: a factory that throws on an invalid parameter leaks nothing, and one that succeeds
 * keeps only the tensors its distribution holds (`construct`, the shared factory path). For
 * every family, fast-check draws parameters as numbers and arrays (so every tensor is the
 * factory's own) with one entry of one parameter replaced by a value outside its domain; the
 * factory must raise `InvalidArgument` naming that parameter with `tf.memory().numTensors`
 * unchanged. The valid draws must leave exactly the tensors the distribution reaches.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { tensorsReachable } from '../../../lib/core/keep.js';
import * as D from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';

type Domain = 'real' | 'positive' | 'nonnegative' | 'probability' | 'count';

/** Values outside each domain (NaN and ±∞ are outside all of them). */
const BAD: Readonly<Record<Domain, readonly number[]>> = {
  real: [NaN, Infinity, -Infinity],
  positive: [0, -1, -1e-30, NaN, Infinity],
  nonnegative: [-1, -1e-30, NaN, Infinity],
  probability: [-0.1, 1.5, NaN, Infinity],
  count: [-1, 2.5, NaN],
};
const GOOD: Readonly<Record<Domain, fc.Arbitrary<number>>> = {
  real: fc.double({ min: -5, max: 5, noNaN: true }),
  positive: fc.double({ min: 0.1, max: 5, noNaN: true }),
  nonnegative: fc.double({ min: 0.1, max: 5, noNaN: true }),
  probability: fc.double({ min: 0.05, max: 0.95, noNaN: true }),
  count: fc.integer({ min: 0, max: 20 }),
};

interface Family {
  readonly name: string;
  readonly params: readonly (readonly [string, Domain])[];
  readonly build: (ps: readonly number[][]) => D.Distribution;
}

const v = (p: number[]) => p;
const s = (p: number[]) => p[0]!;
const FAMILIES: readonly Family[] = [
  { name: 'Normal', params: [['loc', 'real'], ['scale', 'positive']], build: ([a, b]) => D.Normal(v(a!), v(b!)) },
  { name: 'LogNormal', params: [['loc', 'real'], ['scale', 'positive']], build: ([a, b]) => D.LogNormal(v(a!), v(b!)) },
  { name: 'HalfNormal', params: [['scale', 'positive']], build: ([a]) => D.HalfNormal(v(a!)) },
  { name: 'HalfCauchy', params: [['scale', 'positive']], build: ([a]) => D.HalfCauchy(v(a!)) },
  { name: 'Cauchy', params: [['loc', 'real'], ['scale', 'positive']], build: ([a, b]) => D.Cauchy(v(a!), v(b!)) },
  { name: 'StudentT', params: [['df', 'positive'], ['loc', 'real'], ['scale', 'positive']], build: ([a, b, c]) => D.StudentT(v(a!), v(b!), v(c!)) },
  { name: 'Laplace', params: [['loc', 'real'], ['scale', 'positive']], build: ([a, b]) => D.Laplace(v(a!), v(b!)) },
  { name: 'Gamma', params: [['concentration', 'positive'], ['rate', 'positive']], build: ([a, b]) => D.Gamma(v(a!), v(b!)) },
  { name: 'InverseGamma', params: [['concentration', 'positive'], ['rate', 'positive']], build: ([a, b]) => D.InverseGamma(v(a!), v(b!)) },
  { name: 'Beta', params: [['concentration1', 'positive'], ['concentration0', 'positive']], build: ([a, b]) => D.Beta(v(a!), v(b!)) },
  { name: 'Exponential', params: [['rate', 'positive']], build: ([a]) => D.Exponential(v(a!)) },
  { name: 'Uniform', params: [['low', 'real'], ['high', 'real']], build: ([a, b]) => D.Uniform(v(a!), v(b!).map((h, i) => h + 10 + Math.abs(a![i] ?? 0))) },
  { name: 'Bernoulli', params: [['probs', 'probability']], build: ([a]) => D.Bernoulli({ probs: v(a!) }) },
  { name: 'Binomial', params: [['totalCount', 'count'], ['probs', 'probability']], build: ([a, b]) => D.Binomial(v(a!), { probs: v(b!) }) },
  // torch: Poisson's rate is nonnegative (0 is allowed), Categorical's probs are normalized
  { name: 'Poisson', params: [['rate', 'nonnegative']], build: ([a]) => D.Poisson(v(a!)) },
  { name: 'Categorical', params: [['probs', 'nonnegative']], build: ([a]) => D.Categorical({ probs: v(a!) }) },
  { name: 'Geometric', params: [['probs', 'probability']], build: ([a]) => D.Geometric({ probs: v(a!) }) },
  { name: 'NegativeBinomial', params: [['totalCount', 'nonnegative'], ['probs', 'probability']], build: ([a, b]) => D.NegativeBinomial(v(a!), { probs: v(b!) }) },
  { name: 'GammaPoisson', params: [['concentration', 'positive'], ['rate', 'positive']], build: ([a, b]) => D.GammaPoisson(v(a!), v(b!)) },
  { name: 'BetaBinomial', params: [['concentration1', 'positive'], ['concentration0', 'positive'], ['totalCount', 'count']], build: ([a, b, c]) => D.BetaBinomial(v(a!), v(b!), v(c!)) },
  { name: 'Multinomial', params: [['probs', 'nonnegative']], build: ([a]) => D.Multinomial(5, { probs: v(a!) }) },
  { name: 'OneHotCategorical', params: [['probs', 'nonnegative']], build: ([a]) => D.OneHotCategorical({ probs: v(a!) }) },
  { name: 'ZeroInflatedPoisson', params: [['rate', 'positive'], ['gate', 'probability']], build: ([a, b]) => D.ZeroInflatedPoisson(v(a!), { gate: v(b!) }) },
  {
    name: 'ZeroInflatedNegativeBinomial',
    params: [['totalCount', 'nonnegative'], ['probs', 'probability'], ['gate', 'probability']],
    build: ([a, b, c]) => D.ZeroInflatedNegativeBinomial(v(a!), { probs: v(b!), gate: v(c!) }),
  },
  // the base distribution is the caller's: disposed here when the gate is rejected
  { name: 'ZeroInflatedDistribution', params: [['rate', 'nonnegative'], ['gate', 'probability']], build: ([a, b]) => zeroInflatedPoissonOf(a!, b!) },
  { name: 'Dirichlet', params: [['concentration', 'positive']], build: ([a]) => D.Dirichlet(v(a!)) },
  { name: 'MultivariateNormal', params: [['loc', 'real'], ['scaleTril', 'positive']], build: ([a, b]) => D.MultivariateNormal(v(a!), { scaleTril: b!.map((x, i) => b!.map((_, j) => (i === j ? x : i > j ? 0.5 : 0))) }) },
  { name: 'LowRankMultivariateNormal', params: [['loc', 'real'], ['covDiag', 'positive']], build: ([a, b]) => D.LowRankMultivariateNormal(v(a!), a!.map(() => [0.5]), v(b!)) },
  { name: 'Delta', params: [['logDensity', 'real']], build: ([a]) => D.Delta(s(a!), { logDensity: s(a!) }) },
];

function zeroInflatedPoissonOf(rate: number[], gate: number[]): D.Distribution {
  const base = D.Poisson(rate);
  try {
    return D.ZeroInflatedDistribution(base, { gate });
  } catch (e) {
    tf.dispose(tensorsReachable(base));
    throw e;
  }
}

/** Parameters of one length (1–3), every entry valid. */
const validParams = (f: Family): fc.Arbitrary<number[][]> =>
  fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...f.params.map(([, d]) => fc.array(GOOD[d], { minLength: n, maxLength: n }))));

/** Valid parameters with one entry of one parameter replaced by a bad value: [params, index of the bad parameter]. */
const invalidParams = (f: Family): fc.Arbitrary<readonly [number[][], number]> =>
  validParams(f).chain((ps) =>
    fc.tuple(fc.integer({ min: 0, max: f.params.length - 1 }), fc.nat()).chain(([which, at]) =>
      fc.constantFrom(...BAD[f.params[which]![1]]).map((bad) => {
        const copy = ps.map((p) => [...p]);
        copy[which]![at % copy[which]!.length] = bad;
        return [copy, which] as const;
      }),
    ),
  );

describeBackends('distributions/families: invalid parameters leak nothing', () => {
  for (const f of FAMILIES.filter((x) => x.name !== 'Delta')) {
    it(`${f.name}: InvalidArgument naming the parameter, tf.memory().numTensors unchanged`, () => {
      fc.assert(
        fc.property(invalidParams(f), ([ps, which]) => {
          const before = tf.memory().numTensors;
          let caught: unknown;
          try {
            f.build(ps);
          } catch (e) {
            caught = e;
          }
          expect(caught).toBeInstanceOf(IgnisError);
          expect((caught as IgnisError).tag).toBe('InvalidArgument');
          expect((caught as IgnisError).message).toContain(`'${f.params[which]![0]}'`);
          expect(tf.memory().numTensors).toBe(before);
        }),
        { numRuns: 25 },
      );
    });
  }

  for (const f of FAMILIES) {
    it(`${f.name}: a valid construction keeps exactly the tensors the distribution holds`, () => {
      fc.assert(
        fc.property(validParams(f), (ps) => {
          const before = tf.memory().numTensors;
          const d = f.build(ps);
          const held = tensorsReachable(d);
          expect(tf.memory().numTensors - before).toBe(held.length);
          tf.dispose(held);
        }),
        { numRuns: 10 },
      );
    });
  }

  it('Dirichlet([]) is rejected (no categories), leaking nothing', () => {
    const empty = tf.zeros([2, 0]);
    const before = tf.memory().numTensors;
    expect(() => D.Dirichlet([])).toThrow(/Dirichlet: argument 'concentration' must be at least one-dimensional with at least one category/);
    expect(() => D.Dirichlet(empty)).toThrow(/at least one category/);
    expect(tf.memory().numTensors).toBe(before);
    empty.dispose();
  });
});
