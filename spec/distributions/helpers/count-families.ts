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

/** A row of the table: every parameter differentiable unless listed, the support enumerated to 200 unless given. */
const row = (
  label: string,
  family: string,
  params: readonly CountParam[],
  build: CountFamily['build'],
  { supportMax = 200, differentiable = params.map((_, i) => i) }: { readonly supportMax?: number; readonly differentiable?: readonly number[] } = {},
): CountFamily => ({ label, family, params, build, supportMax, differentiable });

const totalCount = param('totalCount', 0.3, 6);
const probs = param('probs', 0.05, 0.7);
const logits = param('logits', -3, 0.8);
const gate = param('gate', 0, 0.95);
const gateLogits = param('gateLogits', -3, 3);
const rate = param('rate', 0.2, 20);

/** The scalar (event `[]`) count families. */
export const COUNT_FAMILIES: readonly CountFamily[] = [
  row('NegativeBinomial(probs)', 'NegativeBinomial', [totalCount, probs], ([r, p]) => NegativeBinomial(r!, p!)),
  row('NegativeBinomial(logits)', 'NegativeBinomial', [totalCount, logits], ([r, l]) => NegativeBinomial(r!, { logits: l! })),
  row('GammaPoisson', 'GammaPoisson', [param('concentration', 0.3, 6), param('rate', 0.3, 3)], ([a, b]) => GammaPoisson(a!, b!)),
  row('BetaBinomial', 'BetaBinomial', [param('concentration1', 0.3, 5), param('concentration0', 0.3, 5), param('totalCount', 0, 30, true)], ([a, b, n]) => BetaBinomial(a!, b!, n), {
    supportMax: 30,
    differentiable: [0, 1],
  }),
  row('Geometric(probs)', 'Geometric', [param('probs', 0.1, 0.9)], ([p]) => Geometric(p!)),
  row('Geometric(logits)', 'Geometric', [param('logits', -2, 3)], ([l]) => Geometric({ logits: l! })),
  row('ZeroInflatedPoisson(gate)', 'ZeroInflatedPoisson', [rate, gate], ([lambda, g]) => ZeroInflatedPoisson(lambda!, { gate: g! })),
  row('ZeroInflatedPoisson(gateLogits)', 'ZeroInflatedPoisson', [rate, gateLogits], ([lambda, s]) => ZeroInflatedPoisson(lambda!, { gateLogits: s! })),
  row('ZeroInflatedNegativeBinomial(probs, gate)', 'ZeroInflatedNegativeBinomial', [totalCount, probs, gate], ([r, p, g]) => ZeroInflatedNegativeBinomial(r!, { probs: p!, gate: g! })),
  row('ZeroInflatedNegativeBinomial(logits, gateLogits)', 'ZeroInflatedNegativeBinomial', [totalCount, logits, gateLogits], ([r, l, s]) =>
    ZeroInflatedNegativeBinomial(r!, { logits: l!, gateLogits: s! }),
  ),
];

/** The vector (event `[K]`) families, built from `[..., K]` probabilities (or logits). */
export const VECTOR_FAMILIES: readonly { readonly label: string; readonly build: (p: tf.Tensor, logits: boolean) => Distribution; readonly totalCount: number }[] = [
  { label: 'OneHotCategorical', build: (p, logits) => OneHotCategorical(logits ? { logits: p } : { probs: p }), totalCount: 1 },
  { label: 'Multinomial(5)', build: (p, logits) => Multinomial(5, logits ? { logits: p } : { probs: p }), totalCount: 5 },
];
