/**
 * Float64 references and builders for the KL suites: a dense Cholesky and inverse, and the
 * golden file's distribution specs turned into Ignis distributions.
 */
import {
  Bernoulli,
  Beta,
  Categorical,
  Cauchy,
  Delta,
  Dirichlet,
  type Distribution,
  Exponential,
  Gamma,
  HalfNormal,
  Laplace,
  LogNormal,
  LowRankMultivariateNormal,
  MultivariateNormal,
  Normal,
  Poisson,
  Uniform,
} from '../../../lib/distributions/index.js';

export type Mat = number[][];

/** Lower Cholesky factor of a symmetric positive definite matrix, float64. */
export function cholesky64(a: Mat): Mat {
  const d = a.length;
  const l: Mat = a.map(() => new Array<number>(d).fill(0));
  for (let j = 0; j < d; j++) {
    let s = a[j]![j]!;
    for (let k = 0; k < j; k++) s -= l[j]![k]! ** 2;
    l[j]![j] = Math.sqrt(s);
    for (let i = j + 1; i < d; i++) {
      let t = a[i]![j]!;
      for (let k = 0; k < j; k++) t -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = t / l[j]![j]!;
    }
  }
  return l;
}

/** Inverse by Gauss–Jordan elimination with partial pivoting, float64. */
export function inverse64(a: Mat): Mat {
  const d = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: d }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < d; c++) {
    let pivot = c;
    for (let r = c + 1; r < d; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[pivot]![c]!)) pivot = r;
    [m[c], m[pivot]] = [m[pivot]!, m[c]!];
    const p = m[c]![c]!;
    m[c] = m[c]!.map((x) => x / p);
    for (let r = 0; r < d; r++) {
      if (r === c) continue;
      const f = m[r]![c]!;
      m[r] = m[r]!.map((x, k) => x - f * m[c]![k]!);
    }
  }
  return m.map((row) => row.slice(d));
}

type Spec = Readonly<Record<string, unknown>> & { readonly dist: string };
const n = (x: unknown): number[] => x as number[];
const m = (x: unknown): Mat => x as Mat;

/** Build the distribution a golden `kl.pairs` spec describes. */
export function fromSpec(s: Spec): Distribution {
  const independent = /^Independent\(Normal,(\d)\)$/.exec(s.dist);
  if (independent !== null) return Normal(n(s.loc), n(s.scale)).toEvent(Number(independent[1]));
  switch (s.dist) {
    case 'Normal':
      return Normal(n(s.loc), n(s.scale));
    case 'MultivariateNormal':
      if (s.covariance_matrix !== undefined) return MultivariateNormal(n(s.loc), { covarianceMatrix: m(s.covariance_matrix) });
      if (s.scale_tril_of !== undefined) return MultivariateNormal(n(s.loc), { scaleTril: cholesky64(m(s.scale_tril_of)) });
      if (s.precision_matrix_of_inverse !== undefined) {
        return MultivariateNormal(n(s.loc), { precisionMatrix: inverse64(m(s.precision_matrix_of_inverse)) });
      }
      throw new Error('MultivariateNormal spec without a matrix');
    case 'LowRankMultivariateNormal':
      return LowRankMultivariateNormal(n(s.loc), m(s.cov_factor), n(s.cov_diag));
    case 'Gamma':
      return Gamma(n(s.concentration), n(s.rate));
    case 'Beta':
      return Beta(n(s.concentration1), n(s.concentration0));
    case 'Exponential':
      return Exponential(n(s.rate));
    case 'HalfNormal':
      return HalfNormal(n(s.scale));
    case 'LogNormal':
      return LogNormal(n(s.loc), n(s.scale));
    case 'Dirichlet':
      return Dirichlet(m(s.concentration));
    case 'Bernoulli':
      return Bernoulli({ probs: n(s.probs) });
    case 'Categorical':
      return Categorical({ probs: m(s.probs) });
    case 'Poisson':
      return Poisson(n(s.rate));
    case 'Uniform':
      return Uniform(n(s.low), n(s.high));
    case 'Cauchy':
      return Cauchy(n(s.loc), n(s.scale));
    case 'Laplace':
      return Laplace(n(s.loc), n(s.scale));
    case 'Delta':
      return Delta(n(s.v));
    default:
      throw new Error(`no builder for golden distribution '${s.dist}'`);
  }
}
