/**
 * Lifetimes, for every family (issue 16.1's audit): a distribution is a value holding tensors,
 * so one built inside `tf.tidy` and returned from it must work after the tidy — tidy keeps
 * what the result reaches through enumerable fields, so no family may keep a tensor (a
 * parameter, a derived Cholesky factor) where the walk cannot see it (a `#private` field, a
 * closure). Each family is built from number and array parameters inside a tidy, so every
 * tensor it holds is created there; then its methods run after the tidy.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { tidy } from '../../../lib/core/tidy.js';
import * as D from '../../../lib/distributions/index.js';
import { describeBackends } from '../../helpers/backends.js';

type Case = readonly [string, () => D.Distribution, () => tf.Tensor];

const s = (x: number) => () => tf.scalar(x);
const v = (x: number[]) => () => tf.tensor1d(x);

const CASES: readonly Case[] = [
  ['Normal', () => D.Normal(0, 1), s(0.3)],
  ['LogNormal', () => D.LogNormal(0, 1), s(0.3)],
  ['HalfNormal', () => D.HalfNormal(1), s(0.3)],
  ['HalfCauchy', () => D.HalfCauchy(1), s(0.3)],
  ['Cauchy', () => D.Cauchy(0, 1), s(0.3)],
  ['StudentT', () => D.StudentT(3, 0, 1), s(0.3)],
  ['Laplace', () => D.Laplace(0, 1), s(0.3)],
  ['Gamma', () => D.Gamma(2, 1), s(0.3)],
  ['InverseGamma', () => D.InverseGamma(2, 1), s(0.3)],
  ['Beta', () => D.Beta(2, 3), s(0.3)],
  ['Exponential', () => D.Exponential(2), s(0.3)],
  ['Uniform', () => D.Uniform(0, 1), s(0.3)],
  ['Bernoulli(probs)', () => D.Bernoulli({ probs: 0.3 }), s(1)],
  ['Bernoulli(logits)', () => D.Bernoulli({ logits: 0.3 }), s(1)],
  ['Categorical(probs)', () => D.Categorical({ probs: [0.2, 0.8] }), s(1)],
  ['Categorical(logits)', () => D.Categorical({ logits: [0.2, 0.8] }), s(1)],
  ['Binomial(probs)', () => D.Binomial(5, { probs: 0.3 }), s(2)],
  ['Binomial(logits)', () => D.Binomial(5, { logits: 0.3 }), s(2)],
  ['Poisson', () => D.Poisson(2), s(2)],
  ['Geometric(probs)', () => D.Geometric({ probs: 0.3 }), s(2)],
  ['Geometric(logits)', () => D.Geometric({ logits: 0.3 }), s(2)],
  ['NegativeBinomial(probs)', () => D.NegativeBinomial(3, { probs: 0.3 }), s(2)],
  ['NegativeBinomial(logits)', () => D.NegativeBinomial(3, { logits: 0.3 }), s(2)],
  ['GammaPoisson', () => D.GammaPoisson(2, 1.5), s(2)],
  ['BetaBinomial', () => D.BetaBinomial(2, 3, 5), s(2)],
  ['Multinomial(probs)', () => D.Multinomial(4, { probs: [0.2, 0.8] }), v([1, 3])],
  ['Multinomial(logits)', () => D.Multinomial(4, { logits: [0.2, 0.8] }), v([1, 3])],
  ['OneHotCategorical(probs)', () => D.OneHotCategorical({ probs: [0.2, 0.8] }), v([0, 1])],
  ['OneHotCategorical(logits)', () => D.OneHotCategorical({ logits: [0.2, 0.8] }), v([0, 1])],
  ['ZeroInflatedPoisson(gate)', () => D.ZeroInflatedPoisson(2, { gate: 0.2 }), s(0)],
  ['ZeroInflatedNegativeBinomial(gateLogits)', () => D.ZeroInflatedNegativeBinomial(3, { logits: 0.3, gateLogits: -1 }), s(2)],
  ['ZeroInflatedDistribution', () => D.ZeroInflatedDistribution(D.Binomial(5, { probs: 0.3 }), { gate: 0.2 }), s(2)],
  ['Dirichlet', () => D.Dirichlet([1, 2]), v([0.3, 0.7])],
  ['MultivariateNormal(covarianceMatrix)', () => D.MultivariateNormal([0, 0], { covarianceMatrix: [[1, 0.2], [0.2, 1]] }), v([0.3, 0.7])],
  ['MultivariateNormal(precisionMatrix)', () => D.MultivariateNormal([0, 0], { precisionMatrix: [[1, 0.2], [0.2, 1]] }), v([0.3, 0.7])],
  ['MultivariateNormal(scaleTril)', () => D.MultivariateNormal([0, 0], { scaleTril: [[1, 0], [0.2, 1]] }), v([0.3, 0.7])],
  ['LowRankMultivariateNormal', () => D.LowRankMultivariateNormal([0, 0], [[1], [0.5]], [1, 1]), v([0.3, 0.7])],
  ['Delta', () => D.Delta(tf.scalar(0.3), { logDensity: tf.scalar(-1) }), s(0.3)],
  ['Independent', () => D.Normal([0, 1], 1).toEvent(1), v([0.3, 0.7])],
  ['Expanded', () => D.Beta(2, 3).expand([2]), v([0.3, 0.7])],
  ['Masked', () => D.Normal(0, 1).expand([2]).mask(tf.tensor1d([1, 0], 'bool')), v([0.3, 0.7])],
  ['TransformedDistribution', () => D.TransformedDistribution(D.Normal(0, 1), [D.ComposeTransform([D.SigmoidTransform(), D.AffineTransform(tf.scalar(1), tf.scalar(2))])]), s(1.5)],
];

/** Every method a family may have; `NotImplemented` is fine (the family lacks it), anything else is not. */
const METHODS: readonly (readonly [string, (d: D.Distribution, x: tf.Tensor) => tf.Tensor])[] = [
  ['logProb', (d, x) => d.logProb(x)],
  ['sample', (d) => d.sample(prngKey(0), [2])],
  ['mean', (d) => d.mean],
  ['variance', (d) => d.variance],
  ['entropy', (d) => d.entropy()],
  ['cdf', (d, x) => d.cdf(x)],
  ['support.check', (d, x) => d.support.check(x)],
  ['covarianceMatrix', (d) => (d as Partial<D.MultivariateNormalDist>).covarianceMatrix ?? tf.scalar(0)],
  ['precisionMatrix', (d) => (d as Partial<D.MultivariateNormalDist>).precisionMatrix ?? tf.scalar(0)],
];

describeBackends('distributions/families: lifetimes', () => {
  for (const [name, build, value] of CASES) {
    it(`${name} built inside tf.tidy works after it`, () => {
      const d = tidy(() => build());
      const x = value();
      const failures = METHODS.flatMap(([method, f]) => {
        try {
          tf.tidy(() => f(d, x).dataSync());
          return [];
        } catch (e) {
          return (e as { tag?: string }).tag === 'NotImplemented' ? [] : [`${method}: ${String(e).slice(0, 80)}`];
        }
      });
      expect(failures).toEqual([]);
      x.dispose();
    });
  }
});
