/**
 * The wave-2 discrete families as a table for law-style tests (spec/distributions/families/
 * discrete/laws.spec.ts): how to build each from parameter tensors, each parameter's range,
 * and how far to enumerate the support so that the truncated mass is negligible.
 *
 * Ranges keep the tails light: every scalar family's mass beyond `supportMax` is below 1e-9
 * (NegativeBinomial and GammaPoisson tails decay like `pᵏ` with `p ≤ 0.77`; `0.77²⁰⁰ ≈ 1e-23`;
 * Geometric's `0.9²⁰⁰ ≈ 7e-10`; Poisson rates ≤ 20 are negligible past 200), and the vector
 * families are enumerated exactly.
 */
import type * as tf from '@tensorflow/tfjs-core';
import {
  BetaBinomial,
  type Distribution,
  GammaPoisson,
  Geometric,
  Multinomial,
  NegativeBinomial,
  OneHotCategorical,
  ZeroInflatedNegativeBinomial,
  ZeroInflatedPoisson,
} from '../../../lib/distributions/index.js';

/** A parameter: its name, the range test values are drawn from, and whether it is an integer. */
export interface CountParam {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly integer?: boolean;
}

export interface CountFamily {
  /** A label (the family and its parameterization). */
  readonly label: string;
  readonly family: string;
  readonly params: readonly CountParam[];
  readonly build: (ps: readonly tf.Tensor[]) => Distribution;
  /** Scalar events: the support is enumerated as `0 … supportMax`. */
  readonly supportMax: number;
  /** Parameters (by index) whose `logProb` gradient is checked against finite differences. */
  readonly differentiable: readonly number[];
}

const param = (name: string, min: number, max: number, integer = false): CountParam => ({ name, min, max, integer });

/** The scalar (event `[]`) count families. */
export const COUNT_FAMILIES: readonly CountFamily[] = [
  {
    label: 'NegativeBinomial(probs)',
    family: 'NegativeBinomial',
    params: [param('totalCount', 0.3, 6), param('probs', 0.05, 0.7)],
    build: ([r, p]) => NegativeBinomial(r!, p!),
    supportMax: 200,
    differentiable: [0, 1],
  },
  {
    label: 'NegativeBinomial(logits)',
    family: 'NegativeBinomial',
    params: [param('totalCount', 0.3, 6), param('logits', -3, 0.8)],
    build: ([r, l]) => NegativeBinomial(r!, { logits: l! }),
    supportMax: 200,
    differentiable: [0, 1],
  },
  {
    label: 'GammaPoisson',
    family: 'GammaPoisson',
    params: [param('concentration', 0.3, 6), param('rate', 0.3, 3)],
    build: ([a, b]) => GammaPoisson(a!, b!),
    supportMax: 200,
    differentiable: [0, 1],
  },
  {
    label: 'BetaBinomial',
    family: 'BetaBinomial',
    params: [param('concentration1', 0.3, 5), param('concentration0', 0.3, 5), param('totalCount', 0, 30, true)],
    build: ([a, b, n]) => BetaBinomial(a!, b!, n!),
    supportMax: 30,
    differentiable: [0, 1],
  },
  {
    label: 'Geometric(probs)',
    family: 'Geometric',
    params: [param('probs', 0.1, 0.9)],
    build: ([p]) => Geometric(p!),
    supportMax: 200,
    differentiable: [0],
  },
  {
    label: 'Geometric(logits)',
    family: 'Geometric',
    params: [param('logits', -2, 3)],
    build: ([l]) => Geometric({ logits: l! }),
    supportMax: 200,
    differentiable: [0],
  },
  {
    label: 'ZeroInflatedPoisson(gate)',
    family: 'ZeroInflatedPoisson',
    params: [param('rate', 0.2, 20), param('gate', 0, 0.95)],
    build: ([rate, g]) => ZeroInflatedPoisson(rate!, { gate: g! }),
    supportMax: 200,
    differentiable: [0, 1],
  },
  {
    label: 'ZeroInflatedPoisson(gateLogits)',
    family: 'ZeroInflatedPoisson',
    params: [param('rate', 0.2, 20), param('gateLogits', -3, 3)],
    build: ([rate, s]) => ZeroInflatedPoisson(rate!, { gateLogits: s! }),
    supportMax: 200,
    differentiable: [0, 1],
  },
  {
    label: 'ZeroInflatedNegativeBinomial(probs, gate)',
    family: 'ZeroInflatedNegativeBinomial',
    params: [param('totalCount', 0.3, 6), param('probs', 0.05, 0.7), param('gate', 0, 0.95)],
    build: ([r, p, g]) => ZeroInflatedNegativeBinomial(r!, { probs: p!, gate: g! }),
    supportMax: 200,
    differentiable: [0, 1, 2],
  },
  {
    label: 'ZeroInflatedNegativeBinomial(logits, gateLogits)',
    family: 'ZeroInflatedNegativeBinomial',
    params: [param('totalCount', 0.3, 6), param('logits', -3, 0.8), param('gateLogits', -3, 3)],
    build: ([r, l, s]) => ZeroInflatedNegativeBinomial(r!, { logits: l!, gateLogits: s! }),
    supportMax: 200,
    differentiable: [0, 1, 2],
  },
];

/** The vector (event `[K]`) families, built from `[..., K]` probabilities (or logits). */
export const VECTOR_FAMILIES: readonly { readonly label: string; readonly build: (p: tf.Tensor, logits: boolean) => Distribution; readonly totalCount: number }[] = [
  { label: 'OneHotCategorical', build: (p, logits) => OneHotCategorical(logits ? { logits: p } : { probs: p }), totalCount: 1 },
  { label: 'Multinomial(5)', build: (p, logits) => Multinomial(5, logits ? { logits: p } : { probs: p }), totalCount: 5 },
];
