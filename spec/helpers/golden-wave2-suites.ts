/**
 * Runners for the wave-2 golden sections (see `golden-wave2.ts` for the data, the tolerance and
 * why): each family's spec calls them with its own builder, and they check every case on BOTH
 * backends.
 *
 * - {@link describeWave2Distributions}: every case of a family — family name, batch and event
 *   shapes, support, and every quantity the case lists (an unknown field fails; a field under
 *   `errors` must raise `NotImplemented`, as Pyro does).
 * - {@link describeWave2Validation}: every invalid parameter or value raises `InvalidArgument`
 *   naming the argument; an input Pyro accepts gives Pyro's result.
 * - {@link describeWave2KL}: every `kl.pairs` case the suite owns (`wave2KLPairs`), including
 *   the pairs Pyro does not implement (Ignis raises `NotImplemented`).
 *
 * Coverage: the cases run plus the suite's `excluded` (case name → reason) must be exactly the
 * golden cases of the family, so a case without a builder fails and a deliberate exclusion is
 * listed, with its reason, as a skipped test.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import {
  Beta,
  Delta,
  type Distribution,
  Exponential,
  Gamma,
  Laplace,
  LogNormal,
  Normal,
  Uniform,
  klDivergence,
  setValidation,
} from '../../lib/distributions/index.js';
import { describeBackends } from './backends.js';
import { interfaceField } from './golden-distribution.js';
import {
  type Tolerance,
  WAVE2_TOL,
  type Wave2DistributionCase,
  type Wave2Param,
  type Wave2Spec,
  camelParams,
  expectCloseTo,
  expectWave2Support,
  wave2Cases,
  wave2KLPairs,
  wave2Validation,
} from './golden-wave2.js';

/** Parameters as builders get them (see `camelParams`). */
export type Wave2Params = Readonly<Record<string, Wave2Param | undefined>>;

/** Builds a distribution from a case's parameters; `raw` is the case's own `params` (nested specs). */
export type Wave2Builder = (p: Wave2Params, raw: Readonly<Record<string, unknown>>) => Distribution;

/** `it.skip` for each excluded case, its reason in the title. */
function listExcluded(excluded: Readonly<Record<string, string>>): void {
  for (const [name, reason] of Object.entries(excluded)) it.skip(`${name} — excluded: ${reason}`, () => undefined);
}

/**
 * One golden section on both backends: a coverage test (every exclusion names a case of the
 * file; `check` adds more), the exclusions listed (`fields`: excluded fields, case → field →
 * reason), then `it(name(item), run(item))` for every item not excluded, per backend.
 */
function describeSection<T>(
  title: string,
  items: readonly T[],
  name: (t: T) => string,
  options: { readonly excluded?: Readonly<Record<string, string>>; readonly fields?: readonly (readonly [string, string, string])[]; readonly check?: () => void },
  run: (t: T) => void,
): void {
  const excluded = options.excluded ?? {};
  const names = items.map(name);
  describe(`${title}: coverage`, () => {
    it('covers every golden case (run, or excluded with a reason)', () => {
      expect(Object.keys(excluded).filter((n) => !names.includes(n)), 'excluded cases that the golden file does not hold').toEqual([]);
      options.check?.();
    });
    listExcluded(excluded);
    listExcluded(Object.fromEntries((options.fields ?? []).map(([n, f, why]) => [`${n}.${f}`, why])));
  });
  describeBackends(title, () => {
    for (const item of items) if (excluded[name(item)] === undefined) it(name(item), () => run(item));
  });
}

/** Keys of a distribution case that are not quantities. */
const NOT_FIELDS = new Set(['case', 'dist', 'params', 'value', 'value_x', 'support', 'errors', 'batch_shape', 'event_shape', 'note', 'icdf_q']);
const isDoc = (name: string): boolean => name.endsWith('_doc');
const camel = (s: string): string => s.replace(/_([a-z0-9])/g, (_, ch: string) => ch.toUpperCase());

/** A distribution suite: how to build every case of one family, and what to check differently. */
export interface Wave2DistributionSuite {
  /** The Pyro family name (`dist` of the golden cases). */
  readonly family: string;
  readonly build: Wave2Builder;
  /** Golden cases deliberately not run: case name → reason. */
  readonly excluded?: Readonly<Record<string, string>>;
  /** Fields of a case deliberately not compared (e.g. a reference bug): case name → field → reason. */
  readonly excludedFields?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** A quantity the default mapping lacks (return `undefined` to use the default). */
  readonly field?: (d: Distribution, name: string, value: tf.Tensor, c: Wave2DistributionCase) => tf.Tensor | undefined;
  /** The value the quantities are evaluated at (default: the case's `value`). */
  readonly valueFor?: (c: Wave2DistributionCase) => tf.Tensor;
  /** Tolerance of every field (default {@link WAVE2_TOL}); `fieldTol` overrides per field. */
  readonly tol?: Tolerance;
  readonly fieldTol?: Readonly<Record<string, Tolerance>>;
}

/**
 * The default quantity `name` of `d`: the interface's (`log_prob`, `mean`, … ; `icdf` at
 * `icdf_q` shaped `[len(q), 1, …]`), `X_derived` as `X`, else the camelCase property
 * (`gate_logits` → `gateLogits`), with `X_normalized` read as `X` (Ignis normalizes at
 * construction).
 */
function defaultField(d: Distribution, name: string, value: tf.Tensor, c: Wave2DistributionCase): tf.Tensor {
  if (name === 'icdf') return d.icdf(tf.reshape(tf.tensor(c.icdf_q ?? []), [c.icdf_q?.length ?? 0, ...d.batchShape.map(() => 1)]));
  const common = interfaceField(d, name, value);
  if (common !== undefined) return common;
  if (name.endsWith('_derived')) return defaultField(d, name.slice(0, -'_derived'.length), value, c);
  const props = d as unknown as Readonly<Record<string, unknown>>;
  const own = props[camel(name)] ?? (name.endsWith('_normalized') ? props[camel(name.slice(0, -'_normalized'.length))] : undefined);
  if (own instanceof tf.Tensor) return own as tf.Tensor;
  throw new Error(`golden field '${name}' of ${c.case} is not mapped`);
}

/** Run every `distributions` case of `suite.family` on both backends. */
export function describeWave2Distributions(suite: Wave2DistributionSuite): void {
  const cases = wave2Cases(suite.family);
  const fields = Object.entries(suite.excludedFields ?? {}).flatMap(([name, byField]) => Object.entries(byField).map(([f, why]) => [name, f, why] as const));
  const check = (): void => {
    for (const [name, field] of fields) expect(cases.find((k) => k.case === name)?.[field], `excluded field ${name}.${field} is in the file`).toBeDefined();
  };
  describeSection(`golden wave 2: ${suite.family}`, cases, (c) => c.case, { excluded: suite.excluded ?? {}, fields, check }, (c) =>
    tf.tidy(() => {
      const d = suite.build(camelParams(c.params), c.params);
      // a mixture case names its parts: `MixtureSameFamily(Categorical,Normal)` is a MixtureSameFamily
      expect([d.family, d.batchShape, d.eventShape]).toEqual([c.dist.replace(/\(.*\)$/, ''), c.batch_shape, c.event_shape]);
      expectWave2Support(d, c.support);
      const value = suite.valueFor?.(c) ?? tf.tensor(c.value);
      for (const [name, expected] of Object.entries(c)) {
        if (NOT_FIELDS.has(name) || isDoc(name) || suite.excludedFields?.[c.case]?.[name] !== undefined) continue;
        const compute = (): tf.Tensor => suite.field?.(d, name, value, c) ?? defaultField(d, name, value, c);
        if (c.errors?.[name] !== undefined) {
          expect(expected, `${c.case}.${name} is null in the file`).toBeNull();
          expectNotImplemented(compute, `${c.case}.${name}`);
          continue;
        }
        expectCloseTo(compute(), expected, suite.fieldTol?.[name] ?? suite.tol ?? WAVE2_TOL, `${c.case}.${name}`);
      }
    }),
  );
}

/** Expect `f` to raise `IgnisError('NotImplemented')`. */
export function expectNotImplemented(f: () => unknown, what: string): void {
  expect(f, what).toThrow(IgnisError);
  expect(f, what).toThrow(expect.objectContaining({ tag: 'NotImplemented' }));
}

/** The argument a Pyro validation message names (`Expected parameter probs`, `` Either `gate` ``), in camelCase. */
function namedArgument(error: string | undefined): string | undefined {
  const m = /Expected parameter (\w+)|Either `(\w+)`|Expected (value) argument/.exec(error ?? '');
  const name = m?.[1] ?? m?.[2] ?? m?.[3];
  return name === undefined ? undefined : camel(name);
}

/** A validation suite: one builder for every validation case of the family. */
export interface Wave2ValidationSuite {
  readonly family: string;
  readonly build: Wave2Builder;
  readonly excluded?: Readonly<Record<string, string>>;
  readonly tol?: Tolerance;
}

/** Run every `validation` case of `suite.family` on both backends. */
export function describeWave2Validation(suite: Wave2ValidationSuite): void {
  const cases = wave2Validation(suite.family);
  describeSection(`golden wave 2: ${suite.family} validation`, cases, (c) => c.case, { excluded: suite.excluded ?? {} }, (c) => {
    const before = tf.memory().numTensors;
    const evaluate = (): tf.Tensor =>
      tf.tidy(() => {
        const d = suite.build(camelParams(c.params), c.params);
        if (c.stage === 'construct') return tf.scalar(0);
        const value = tf.tensor(c.value ?? 0);
        return c.stage === 'cdf' ? d.cdf(value) : d.logProb(value);
      });
    if (c.raises) {
      expect(evaluate, `${c.case} must throw (Pyro: ${c.error})`).toThrow(IgnisError);
      expect(evaluate, c.case).toThrow(expect.objectContaining({ tag: 'InvalidArgument' }));
      const arg = namedArgument(c.error);
      if (arg !== undefined) expect(evaluate, `names the argument '${arg}'`).toThrow(`'${arg}'`);
    } else {
      const result = evaluate();
      expectCloseTo(result, c.result, suite.tol ?? WAVE2_TOL, c.case);
      result.dispose();
    }
    expect(tf.memory().numTensors, 'no tensors leak, thrown or not').toBe(before);
  });
}

/** The first wave's families as the KL pairs spell them (and the wrappers). */
const EXISTING_BUILDERS: Readonly<Record<string, Wave2Builder>> = {
  Normal: (p) => Normal(p.loc!, p.scale!),
  LogNormal: (p) => LogNormal(p.loc!, p.scale!),
  Laplace: (p) => Laplace(p.loc!, p.scale!),
  Gamma: (p) => Gamma(p.concentration!, p.rate!),
  Exponential: (p) => Exponential(p.rate!),
  Beta: (p) => Beta(p.concentration1!, p.concentration0!),
  Uniform: (p) => Uniform(p.low!, p.high!),
  Delta: (p) => Delta(p.v!, { eventDim: typeof p.eventDim === 'number' ? p.eventDim : 0, logDensity: p.logDensity ?? 0 }),
};

/**
 * The distribution a golden spec describes: `Independent` recursively (`toEvent`), the first
 * wave's families, and `builders` for the suite's own (a builder may call back through the
 * third argument for nested specs).
 */
export function fromWave2Spec(spec: Wave2Spec, builders: Readonly<Record<string, (p: Wave2Params, raw: Wave2Spec, nested: (s: Wave2Spec) => Distribution) => Distribution>>): Distribution {
  const nested = (s: Wave2Spec): Distribution => fromWave2Spec(s, builders);
  if (spec.dist === 'Independent') return nested(spec.base_dist as Wave2Spec).toEvent(spec.reinterpreted_batch_ndims as number);
  const own = builders[spec.dist];
  if (own !== undefined) return own(camelParams(spec), spec, nested);
  const existing = EXISTING_BUILDERS[spec.dist];
  if (existing === undefined) throw new Error(`golden-wave2: no builder for ${spec.dist}`);
  return existing(camelParams(spec), spec);
}

/** A KL suite: the families it owns and how to build them. */
export interface Wave2KLSuite {
  readonly title: string;
  readonly families: ReadonlySet<string>;
  readonly builders: Readonly<Record<string, (p: Wave2Params, raw: Wave2Spec, nested: (s: Wave2Spec) => Distribution) => Distribution>>;
  readonly excluded?: Readonly<Record<string, string>>;
  readonly tol?: Tolerance;
}

/** Run every `kl.pairs` case the suite owns on both backends (a null KL must raise `NotImplemented`). */
export function describeWave2KL(suite: Wave2KLSuite): void {
  describeSection(`golden wave 2: KL of ${suite.title}`, wave2KLPairs(suite.families), (g) => g.case, { excluded: suite.excluded ?? {} }, (g) =>
    tf.tidy(() => {
      const p = fromWave2Spec(g.p, suite.builders);
      const q = fromWave2Spec(g.q, suite.builders);
      expect([p.batchShape, q.batchShape]).toEqual([g.p_batch_shape, g.q_batch_shape]);
      if (g.kl === null) expectNotImplemented(() => klDivergence(p, q), g.case);
      else expectCloseTo(klDivergence(p, q), g.kl, suite.tol ?? WAVE2_TOL, g.case);
    }),
  );
}

/** Run `f` with validation off (Pyro's `*_unvalidated` fields), restoring the previous setting. */
export function unvalidated<T>(f: () => T): T {
  const previous = setValidation(false);
  try {
    return f();
  } finally {
    setValidation(previous);
  }
}
