/**
 * Golden suite for the discrete and multivariate families (Bernoulli, Categorical, Poisson,
 * Dirichlet, MultivariateNormal, LowRankMultivariateNormal, Delta) against Pyro 1.8.6 float64
 * values (spec/golden/pyro-1.8.6.json), on both backends.
 *
 * Every field of every case is checked: an unknown field fails the case, a field listed under
 * the case's `errors` must raise `NotImplemented` (Pyro does not implement it either), and a
 * case listed here but missing from the golden file (or vice versa) fails.
 *
 * Tolerance: rtol 1e-5, atol 1e-6 for every field. Inputs are rounded to float32 (relative
 * 6e-8) and results come back as float32; the matrix work (Cholesky, triangular solves, the
 * fused MVN kernels) and lgamma/digamma run in float64 JavaScript, so the observed error is
 * below 1e-6 relative on both backends (checked at rtol 1e-6, atol 1e-7); 1e-5 leaves room
 * for wasm's 1–3 ulp transcendental functions (notes/tfjs-facts.md §6).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import {
  Bernoulli,
  Categorical,
  Delta,
  type Distribution,
  LowRankMultivariateNormal,
  MultivariateNormal,
  Poisson,
} from '../../../lib/distributions/index.js';
import { Dirichlet } from '../../../lib/distributions/families/multivariate/dirichlet.js';
import { describeGoldenDistributions, interfaceField } from '../../helpers/golden-distribution.js';

type Params = Readonly<Record<string, unknown>>;
const n = (x: unknown): tf.Tensor => tf.tensor(x as number[]);

/** How to build each golden case (by case name) from its Pyro parameters. */
const BUILDERS: Readonly<Record<string, (p: Params) => Distribution>> = {
  Bernoulli_probs: (p) => Bernoulli({ probs: n(p.probs) }),
  Bernoulli_logits: (p) => Bernoulli({ logits: n(p.logits) }),
  Categorical_probs: (p) => Categorical({ probs: n(p.probs) }),
  Categorical_logits: (p) => Categorical({ logits: n(p.logits) }),
  Categorical_unnormalized_probs: (p) => Categorical(n(p.probs)),
  Poisson: (p) => Poisson(n(p.rate)),
  Dirichlet: (p) => Dirichlet(n(p.concentration)),
  MultivariateNormal_covariance_matrix: (p) => MultivariateNormal(n(p.loc), { covarianceMatrix: n(p.covariance_matrix) }),
  MultivariateNormal_scale_tril: (p) => MultivariateNormal(n(p.loc), { scaleTril: n(p.scale_tril) }),
  MultivariateNormal_precision_matrix: (p) => MultivariateNormal(n(p.loc), { precisionMatrix: n(p.precision_matrix) }),
  MultivariateNormal_batched_scale_tril: (p) => MultivariateNormal(n(p.loc), { scaleTril: n(p.scale_tril) }),
  LowRankMultivariateNormal: (p) => LowRankMultivariateNormal(n(p.loc), n(p.cov_factor), n(p.cov_diag)),
  Delta: (p) => Delta(n(p.v)),
  Delta_event_dim1_log_density: (p) =>
    Delta(n(p.v), { logDensity: p.log_density as number, eventDim: p.event_dim as number }),
};

/** The golden families this suite owns (every case of these families must have a builder). */
const FAMILIES = new Set(['Bernoulli', 'Categorical', 'Poisson', 'Dirichlet', 'MultivariateNormal', 'LowRankMultivariateNormal', 'Delta']);

/** Pyro's printed support → Ignis's constraint name. */
function supportName(pyro: string): string {
  const interval = /^IntegerInterval\(lower_bound=(\d+), upper_bound=(\d+)\)$/.exec(pyro);
  if (interval !== null) return `integerInterval(${interval[1]}, ${interval[2]})`;
  const independent = /^IndependentConstraint\(Real\(\), (\d+)\)$/.exec(pyro);
  if (independent !== null) return independent[1] === '1' ? 'independent(real, 1)' : `independent(real, ${independent[1]})`;
  const names: Readonly<Record<string, string>> = {
    'Boolean()': 'boolean',
    'IntegerGreaterThan(lower_bound=0)': 'nonnegativeInteger',
    'Simplex()': 'simplex',
  };
  return names[pyro] ?? `unmapped ${pyro}`;
}

const RTOL = 1e-5;
const ATOL = 1e-6;

/** The quantity a golden field names, computed from `d` (and the case's value). */
function field(d: Distribution, name: string, value: tf.Tensor): tf.Tensor {
  const any = d as unknown as Readonly<Record<string, tf.Tensor>>;
  const common = interfaceField(d, name, value);
  if (common !== undefined) return common;
  switch (name) {
    case 'covariance_matrix':
      return any.covarianceMatrix!;
    case 'scale_tril':
      return any.scaleTril!;
    case 'precision_matrix':
      return any.precisionMatrix!;
    case 'logits':
    case 'logits_normalized':
      return any.logits!;
    case 'probs':
    case 'probs_normalized':
      return any.probs!;
    default:
      throw new Error(`golden field '${name}' is not mapped by this suite`);
  }
}



describeGoldenDistributions({
  title: 'the discrete and multivariate families (Bernoulli, Categorical, Poisson, Dirichlet, MVN, LowRankMVN, Delta)',
  families: FAMILIES,
  builders: BUILDERS,
  field,
  expectSupport: (d, pyro) => expect(d.support.name).toBe(supportName(pyro)),
  tol: { rtol: RTOL, atol: ATOL },
});
