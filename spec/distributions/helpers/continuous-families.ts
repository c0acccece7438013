/**
 * The continuous scalar families as a table for law-style tests: how to build each from
 * parameter tensors, which parameters it has and their admissible ranges, and float64 JS
 * reference formulas for the quantities checked against closed forms.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  Beta,
  Cauchy,
  type Distribution,
  Exponential,
  Gamma,
  HalfCauchy,
  HalfNormal,
  InverseGamma,
  Laplace,
  LogNormal,
  StudentT,
  Uniform,
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
];
