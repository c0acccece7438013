/**
 * The continuous scalar families as a table for law-style tests: how to build each from
 * parameter tensors, which parameters it has and their admissible ranges, and float64 JS
 * reference formulas for the quantities checked against closed forms.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  AsymmetricLaplace,
  Beta,
  Cauchy,
  Chi2,
  type Distribution,
  Exponential,
  Gamma,
  Gumbel,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  Kumaraswamy,
  Laplace,
  Logistic,
  LogNormal,
  Pareto,
  SkewLogistic,
  StudentT,
  Uniform,
  VonMises,
  Weibull,
} from '../../../lib/distributions/index.js';

/** A parameter: its name and the range test values are drawn from. */
export interface ParamSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
}

export interface FamilyCase {
  readonly family: string;
  readonly params: readonly ParamSpec[];
  readonly build: (ps: readonly tf.Tensor[]) => Distribution;
  /** Parameters (by index) whose rsample derivative is exact pathwise (fixed-key FD applies). */
  readonly pathwise: readonly number[];
  /** Members the family lacks, as in Pyro (they raise `NotImplemented`). */
  readonly lacks?: readonly ('rsample' | 'mean' | 'variance' | 'stddev' | 'entropy')[];
}

const positive = (name: string, min = 0.5, max = 3): ParamSpec => ({ name, min, max });
const realParam = (name: string): ParamSpec => ({ name, min: -2, max: 2 });

/** Uniform's `high` is built as `low + width` so that `low < high` for any draw. */
export const FAMILIES: readonly FamilyCase[] = [
  { family: 'LogNormal', params: [realParam('loc'), positive('scale', 0.2, 1)], build: ([a, b]) => LogNormal(a!, b!), pathwise: [0, 1] },
  { family: 'HalfNormal', params: [positive('scale')], build: ([a]) => HalfNormal(a!), pathwise: [0] },
  { family: 'HalfCauchy', params: [positive('scale')], build: ([a]) => HalfCauchy(a!), pathwise: [0] },
  { family: 'Cauchy', params: [realParam('loc'), positive('scale')], build: ([a, b]) => Cauchy(a!, b!), pathwise: [0, 1] },
  {
    family: 'StudentT',
    params: [positive('df', 2.5, 8), realParam('loc'), positive('scale')],
    build: ([a, b, c]) => StudentT(a!, b, c),
    pathwise: [1, 2],
  },
  { family: 'Laplace', params: [realParam('loc'), positive('scale')], build: ([a, b]) => Laplace(a!, b!), pathwise: [0, 1] },
  { family: 'Gamma', params: [positive('concentration', 0.3, 5), positive('rate')], build: ([a, b]) => Gamma(a!, b!), pathwise: [1] },
  {
    family: 'InverseGamma',
    params: [positive('concentration', 0.3, 5), positive('rate')],
    build: ([a, b]) => InverseGamma(a!, b!),
    pathwise: [1],
  },
  {
    family: 'Beta',
    params: [positive('concentration1', 0.3, 5), positive('concentration0', 0.3, 5)],
    build: ([a, b]) => Beta(a!, b!),
    pathwise: [],
  },
  { family: 'Exponential', params: [positive('rate')], build: ([a]) => Exponential(a!), pathwise: [0] },
  {
    family: 'Uniform',
    params: [realParam('low'), positive('width')],
    build: ([a, b]) => Uniform(a!, tf.add(a!, b!)),
    pathwise: [0, 1],
  },
  // wave 2
  { family: 'Gumbel', params: [realParam('loc'), positive('scale')], build: ([a, b]) => Gumbel(a!, b!), pathwise: [0, 1] },
  { family: 'Logistic', params: [realParam('loc'), positive('scale')], build: ([a, b]) => Logistic(a!, b!), pathwise: [0, 1] },
  {
    family: 'SkewLogistic',
    params: [realParam('loc'), positive('scale'), positive('asymmetry')],
    build: ([a, b, c]) => SkewLogistic(a!, b!, c),
    pathwise: [0, 1, 2],
    lacks: ['mean', 'variance', 'stddev', 'entropy'],
  },
  {
    family: 'AsymmetricLaplace',
    params: [realParam('loc'), positive('scale'), positive('asymmetry')],
    build: ([a, b, c]) => AsymmetricLaplace(a!, b!, c!),
    pathwise: [0, 1, 2],
    lacks: ['entropy'],
  },
  { family: 'Weibull', params: [positive('scale'), positive('concentration')], build: ([a, b]) => Weibull(a!, b!), pathwise: [0, 1] },
  { family: 'Pareto', params: [positive('scale'), positive('alpha', 2.5, 5)], build: ([a, b]) => Pareto(a!, b!), pathwise: [0, 1] },
  {
    family: 'Kumaraswamy',
    params: [positive('concentration1'), positive('concentration0')],
    build: ([a, b]) => Kumaraswamy(a!, b!),
    pathwise: [0, 1],
  },
  { family: 'Chi2', params: [positive('df', 0.5, 6)], build: ([a]) => Chi2(a!), pathwise: [] },
  {
    family: 'VonMises',
    params: [realParam('loc'), positive('concentration', 0.2, 8)],
    build: ([a, b]) => VonMises(a!, b!),
    pathwise: [],
    lacks: ['rsample', 'entropy'],
  },
];
