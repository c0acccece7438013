/**
 * Golden suite for the continuous scalar families (LogNormal, HalfNormal, HalfCauchy, Gamma,
 * Beta, Exponential, Uniform, StudentT, Cauchy) against Pyro 1.8.6 float64 values
 * (spec/golden/pyro-1.8.6.json), on both backends.
 *
 * Every field of every case is checked: an unknown field fails the case, a field listed under
 * the case's `errors` (Gamma, Beta and StudentT `cdf`) must raise `NotImplemented`, as Pyro's
 * does, and a case of these families missing a builder (or a builder without a case) fails.
 * Laplace and InverseGamma have no golden case; spec/distributions/continuous-closed-forms.spec.ts
 * checks them against closed forms.
 *
 * Tolerances: inputs are rounded to float32 (relative 6e-8) and results come back as float32.
 * Elementwise results: rtol 1e-5, atol 1e-6 — a few float32 ulps plus wasm's 1–3 ulp
 * transcendental functions (notes/tfjs-facts.md §6). The atol covers results that are small
 * differences of O(1) terms (Gamma's entropy 0.0906 = 0.5 + 0.572 − 0.982; Beta's entropies;
 * Uniform's log-density 0 = −log 1), whose error is absolute, not relative. The lgamma/digamma
 * based values (Gamma, Beta, StudentT) use the same bounds: lib/ops computes those special
 * functions in float64 and rounds once.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import {
  Beta,
  Cauchy,
  type Distribution,
  Exponential,
  Gamma,
  HalfCauchy,
  HalfNormal,
  LogNormal,
  StudentT,
  Uniform,
} from '../../../../lib/distributions/index.js';
import { describeGoldenDistributions, interfaceField } from '../../../helpers/golden-distribution.js';

type Params = Readonly<Record<string, unknown>>;
const n = (x: unknown): tf.Tensor => tf.tensor(x as number[]);

/** How to build each golden case (by case name) from its Pyro parameters. */
const BUILDERS: Readonly<Record<string, (p: Params) => Distribution>> = {
  LogNormal: (p) => LogNormal(n(p.loc), n(p.scale)),
  HalfNormal: (p) => HalfNormal(n(p.scale)),
  HalfCauchy: (p) => HalfCauchy(n(p.scale)),
  Gamma: (p) => Gamma(n(p.concentration), n(p.rate)),
  Beta: (p) => Beta(n(p.concentration1), n(p.concentration0)),
  Exponential: (p) => Exponential(n(p.rate)),
  Uniform: (p) => Uniform(n(p.low), n(p.high)),
  StudentT: (p) => StudentT(n(p.df), n(p.loc), n(p.scale)),
  Cauchy: (p) => Cauchy(n(p.loc), n(p.scale)),
};

/** The golden families this suite owns (every case of these families must have a builder). */
const FAMILIES = new Set(Object.keys(BUILDERS));

/** Pyro's printed support → Ignis's constraint name and kind. */
function expectedSupport(pyro: string): { readonly name: string; readonly kind: string } {
  const tensorInterval = /^Interval\(lower_bound=tensor\((\[[^\]]*\])\), upper_bound=tensor\((\[[^\]]*\])\)\)$/.exec(pyro);
  if (tensorInterval !== null) {
    const size = (list: string): number => list.split(',').length;
    return { name: `interval(tensor[${size(tensorInterval[1]!)}], tensor[${size(tensorInterval[2]!)}])`, kind: 'interval' };
  }
  const supports: Readonly<Record<string, { readonly name: string; readonly kind: string }>> = {
    'Real()': { name: 'real', kind: 'real' },
    'GreaterThan(lower_bound=0.0)': { name: 'positive', kind: 'greaterThan' },
    'GreaterThanEq(lower_bound=0.0)': { name: 'nonnegative', kind: 'greaterThanEq' },
    'Interval(lower_bound=0.0, upper_bound=1.0)': { name: 'unitInterval', kind: 'interval' },
  };
  return supports[pyro] ?? { name: `unmapped ${pyro}`, kind: 'unmapped' };
}

const tol = { rtol: 1e-5, atol: 1e-6 };

/** The quantity a golden field names: only the interface's quantities for these families. */
function field(d: Distribution, name: string, value: tf.Tensor): tf.Tensor {
  const t = interfaceField(d, name, value);
  if (t === undefined) throw new Error(`golden field '${name}' is not mapped by this suite`);
  return t;
}



describeGoldenDistributions({
  title: 'the continuous scalar families (LogNormal, HalfNormal, HalfCauchy, Gamma, Beta, Exponential, Uniform, StudentT, Cauchy)',
  families: FAMILIES,
  builders: BUILDERS,
  field,
  expectSupport: (d, pyro) => expect({ name: d.support.name, kind: d.support.kind }).toEqual(expectedSupport(pyro)),
  tol: tol,
});
