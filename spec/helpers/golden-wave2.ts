/**
 * The wave-2 golden reference values: spec/golden/pyro-1.8.6-wave2.json (float64, Pyro 1.8.6 on
 * torch 1.13; copied verbatim from shared/golden/), for the families of issue 20. This module
 * reads the file and hands out its raw cases per family, plus the comparison helpers every
 * wave-2 suite shares; `golden-wave2-suites.ts` runs whole sections on both backends.
 *
 * Generic on purpose: a family's spec builds its own distribution from a case's parameters
 * ({@link camelParams} turns Pyro's snake_case arrays into camelCase tensors), so this helper
 * imports no wave-2 family.
 *
 * Tolerance ({@link WAVE2_TOL}): rtol 1e-5, atol 1e-6, as the first golden suites. Inputs are
 * rounded to float32 (relative 6e-8) and results come back as float32; a handful of ops with
 * lgamma/digamma in float64 (lib/ops) keep elementwise errors to a few ulps, and 1e-5 leaves
 * room for wasm's 1–3 ulp transcendental functions (notes/tfjs-facts.md §6). The atol covers
 * results that are small differences of O(1) terms and exact zeros. A suite that needs more
 * states the field, the bound and why (`fieldTol`).
 */
import * as tf from '@tensorflow/tfjs-core';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import type { Distribution } from '../../lib/distributions/distribution.js';
import { type GoldenDistributionCase, type GoldenKLPair, type Nested, closeness, decode, flat } from './golden.js';
import { shapeOf } from './golden-distribution.js';

/** A distribution as the golden file writes it: `{ dist: <Pyro name>, <constructor argument>: … }`. */
export type Wave2Spec = Readonly<Record<string, unknown>> & { readonly dist: string };

/** One `distributions` case: the first file's fields, plus `icdf_q` and a `note`. */
export interface Wave2DistributionCase extends GoldenDistributionCase {
  readonly icdf_q?: readonly number[];
  readonly note?: string;
}

/** One `validation` case: invalid parameters (`construct`) or values (`log_prob`, `cdf`). */
export interface Wave2ValidationCase {
  readonly case: string;
  readonly dist: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly value?: Nested;
  readonly method?: string;
  readonly stage: 'construct' | 'log_prob' | 'cdf';
  readonly raises: boolean;
  readonly error_type?: string;
  readonly error?: string;
  /** What Pyro returned when it accepts the input (`raises: false`). */
  readonly result?: unknown;
  readonly note?: string;
}

/** One `kl.pairs` case, with the batch shapes and the KL's shape. */
export interface Wave2KLPair extends GoldenKLPair {
  readonly p: Wave2Spec;
  readonly q: Wave2Spec;
  readonly p_batch_shape: readonly number[];
  readonly q_batch_shape: readonly number[];
  readonly kl_shape?: readonly number[];
}

/** An identity between families (`checks`, `kl.checks`): a description and named arrays. */
export type Wave2Check = Readonly<Record<string, unknown>> & { readonly check: string };

export interface Wave2Golden {
  readonly meta: Readonly<Record<string, unknown>> & { readonly families: readonly string[] };
  readonly distributions: readonly Wave2DistributionCase[];
  readonly validation: readonly Wave2ValidationCase[];
  readonly checks: readonly Wave2Check[];
  readonly kl: { readonly pairs: readonly Wave2KLPair[]; readonly checks: readonly Wave2Check[] };
  readonly transforms: readonly Readonly<Record<string, unknown>>[];
  readonly reparam: readonly Readonly<Record<string, unknown>>[];
}

const path = fileURLToPath(new URL('../golden/pyro-1.8.6-wave2.json', import.meta.url));

/** The wave-2 golden file, decoded (non-finite markers turned into numbers). */
export const wave2: Wave2Golden = decode(JSON.parse(readFileSync(path, 'utf8'))) as Wave2Golden;

/** Default tolerance of the wave-2 suites (see the module header for why). */
export const WAVE2_TOL = { rtol: 1e-5, atol: 1e-6 } as const;

export type Tolerance = { readonly rtol: number; readonly atol: number };

/** The `distributions` cases of one family (Pyro name). */
export const wave2Cases = (family: string): readonly Wave2DistributionCase[] => wave2.distributions.filter((c) => c.dist === family);

/** The `validation` cases of one family (Pyro name). */
export const wave2Validation = (family: string): readonly Wave2ValidationCase[] => wave2.validation.filter((c) => c.dist === family);

/** The `checks` (or, with `section: 'kl'`, `kl.checks`) whose description starts with `prefix`; throws if none. */
export function wave2Check(prefix: string, section: 'distributions' | 'kl' = 'distributions'): Wave2Check {
  const found = (section === 'kl' ? wave2.kl.checks : wave2.checks).find((c) => c.check.startsWith(prefix));
  if (found === undefined) throw new Error(`golden-wave2: no check starting with '${prefix}'`);
  return found;
}

/** Every family a spec names, recursively (`Independent`'s `base_dist`, a mixture's parts). */
export function specFamilies(spec: Wave2Spec): readonly string[] {
  const nested = Object.values(spec).filter((v): v is Wave2Spec => typeof v === 'object' && v !== null && 'dist' in v);
  return [spec.dist, ...nested.flatMap(specFamilies)];
}

/**
 * The families the golden KL pairs may combine with a suite's own: the first wave's, and the
 * wrappers. A pair belongs to the suite that owns every other family it names, so each pair
 * has exactly one owner.
 */
export const EXISTING_FAMILIES: ReadonlySet<string> = new Set([
  'Normal', 'LogNormal', 'HalfNormal', 'HalfCauchy', 'Cauchy', 'StudentT', 'Laplace', 'Gamma', 'InverseGamma', 'Beta',
  'Exponential', 'Uniform', 'Bernoulli', 'Categorical', 'Binomial', 'Poisson', 'Dirichlet', 'MultivariateNormal',
  'LowRankMultivariateNormal', 'Delta', 'Independent',
]);

/** The `kl.pairs` a suite owning `families` checks (see {@link EXISTING_FAMILIES}). */
export function wave2KLPairs(families: ReadonlySet<string>): readonly Wave2KLPair[] {
  return wave2.kl.pairs.filter((g) => {
    const names = [...specFamilies(g.p), ...specFamilies(g.q)];
    return names.some((f) => families.has(f)) && names.every((f) => families.has(f) || EXISTING_FAMILIES.has(f));
  });
}

const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** A parameter as the builders get it: numbers stay numbers (Pyro's ints too), arrays become float32 tensors. */
export type Wave2Param = tf.Tensor | number;

/**
 * A case's parameters with camelCase names (`total_count` → `totalCount`, `gate_logits` →
 * `gateLogits`), numeric arrays as float32 tensors and numbers as numbers; nested specs and
 * other values are left out (read them from the raw `params`). Call inside `tf.tidy`.
 */
export function camelParams(params: Readonly<Record<string, unknown>>): Readonly<Record<string, Wave2Param | undefined>> {
  const out: Record<string, Wave2Param> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'number') out[camel(k)] = v;
    else if (Array.isArray(v)) out[camel(k)] = tf.tensor(v as number[]);
  }
  return out;
}

/** The shape of a golden quantity (`[]` for a number). */
export const goldenShape = (x: unknown): number[] => shapeOf(x as Nested);

/**
 * Expect `actual` to have the shape of `expected` (a golden number or nested array) and its
 * values within `tol` elementwise (equal non-finite values accepted).
 */
export function expectCloseTo(actual: tf.Tensor, expected: unknown, tol: Tolerance, what: string): void {
  expect(actual.shape, `${what} shape`).toEqual(goldenShape(expected));
  expect(closeness(actual.dataSync(), flat(expected), tol.rtol, tol.atol), what).toBeUndefined();
}

/** Numbers in a printed torch tensor, `tensor([10., 10.,  4.])` → `[10, 10, 4]`. */
const tensorNumbers = (printed: string): number[] => printed.split(',').map((s) => Number(s.trim()));

/**
 * Expect `d`'s support to be the one Pyro prints: kind and name for fixed supports
 * (`GreaterThan(lower_bound=0.0)` → `positive`), and for a tensor bound the kind plus the
 * bound's values broadcast to the batch shape (Pyro broadcasts its parameters; Ignis keeps them
 * unbroadcast). `Multinomial()` (Pyro prints no bound) checks the kind only.
 */
export function expectWave2Support(d: Distribution, pyro: string): void {
  const fixed: Readonly<Record<string, readonly [string, string]>> = {
    'Real()': ['real', 'real'],
    'GreaterThan(lower_bound=0.0)': ['greaterThan', 'positive'],
    'GreaterThanEq(lower_bound=0.0)': ['greaterThanEq', 'nonnegative'],
    'Interval(lower_bound=0.0, upper_bound=1.0)': ['interval', 'unitInterval'],
    'IntegerGreaterThan(lower_bound=0)': ['nonnegativeInteger', 'nonnegativeInteger'],
    'Simplex()': ['simplex', 'simplex'],
    'OneHot()': ['oneHot', 'oneHot'],
    'CorrCholesky()': ['corrCholesky', 'corrCholesky'],
    'IndependentConstraint(Real(), 1)': ['independent', 'independent(real, 1)'],
  };
  const known = fixed[pyro];
  if (known !== undefined) {
    expect([d.support.kind, d.support.name], `support ${pyro}`).toEqual(known);
    return;
  }
  if (pyro === 'Multinomial()') {
    expect(d.support.kind).toBe('multinomial');
    return;
  }
  const bounded = /^(IntegerInterval|GreaterThanEq)\((?:lower_bound=(\d+), upper_bound|lower_bound)=tensor\(\[([^\]]*)\]\)\)$/.exec(pyro);
  if (bounded === null) throw new Error(`golden-wave2: support ${pyro} is not mapped`);
  const [, kind, lower, values] = bounded;
  const support = d.support as unknown as Readonly<Record<string, number | tf.Tensor>>;
  const bound = kind === 'IntegerInterval' ? support.upperBound : support.lowerBound;
  expect(d.support.kind).toBe(kind === 'IntegerInterval' ? 'integerInterval' : 'greaterThanEq');
  if (lower !== undefined) expect(support.lowerBound).toBe(Number(lower));
  expect(bound, `support ${pyro}: bound`).toBeDefined();
  tf.tidy(() => {
    const b = tf.broadcastTo(typeof bound === 'number' ? tf.scalar(bound) : bound!, [...d.batchShape]);
    expect(closeness(b.dataSync(), tensorNumbers(values!), 1e-6, 0), `support ${pyro}: bound values`).toBeUndefined();
  });
}
