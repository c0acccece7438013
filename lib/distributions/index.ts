/**
 * Distributions, constraints, transforms and the KL registry (everything, for Ignis' own
 * modules and specs; `public.ts` is the part the package exports).
 *
 * Layout: `distribution.ts` (the interface and `DistributionBase`) and `util.ts` (tensor
 * inputs, validation, shape checks) here; `families/` one family per file, grouped
 * `continuous/`, `discrete/`, `multivariate/` with their shared bases and helpers (`Delta` and
 * `Unit` at its top); `wrappers/` (`Independent`, expanded, masked, `TransformedDistribution`);
 * `constraints/` (with `bijectTo`); `transforms/`; `kl/` (the registry and its rules);
 * `density/` (fused log-density kernels); `sampling/` (samplers and reparameterized draws).
 *
 * @module
 */
export * from './distribution.js';
export * from './constraints/index.js';
export * from './util.js';
export * from './wrappers/independent.js';
export * from './wrappers/expanded.js';
export * from './wrappers/masked.js';
export { Unit, UnitDist } from './families/unit.js';
export * from './families/continuous/loc-scale.js';
export * from './families/continuous/normal.js';
export * from './families/discrete/bernoulli.js';
export * from './families/discrete/categorical.js';
export * from './families/discrete/binomial.js';
export * from './families/discrete/poisson.js';
export * from './families/delta.js';
export * from './families/multivariate/multivariate-normal.js';
export * from './families/multivariate/low-rank-multivariate-normal.js';
export * from './families/multivariate/multivariate-student-t.js';
export * from './families/multivariate/lkj-cholesky.js';
export * from './families/continuous/log-normal.js';
export * from './families/continuous/half-normal.js';
export * from './families/continuous/half-cauchy.js';
export * from './families/continuous/cauchy.js';
export * from './families/continuous/student-t.js';
export * from './families/continuous/laplace.js';
export * from './families/continuous/gamma-family.js';
export * from './families/continuous/gamma.js';
export * from './families/continuous/inverse-gamma.js';
export * from './families/continuous/beta.js';
export * from './families/continuous/exponential.js';
export * from './families/continuous/uniform.js';
// continuous families, wave 2
export * from './families/continuous/transformed-family.js';
export * from './families/continuous/asymmetric-loc-scale.js';
export * from './families/continuous/gumbel.js';
export * from './families/continuous/logistic.js';
export * from './families/continuous/skew-logistic.js';
export * from './families/continuous/asymmetric-laplace.js';
export * from './families/continuous/weibull.js';
export * from './families/continuous/pareto.js';
export * from './families/continuous/kumaraswamy.js';
export * from './families/continuous/chi2.js';
export * from './families/continuous/von-mises.js';
export * from './families/multivariate/dirichlet.js';
// Wave 2, discrete and count families (issue 20).
export * from './families/discrete/probs-logits.js';
export * from './families/discrete/categorical-params.js';
export * from './families/discrete/gamma-poisson-mixture.js';
export * from './families/discrete/zero-inflated.js';
export * from './families/discrete/negative-binomial.js';
export * from './families/discrete/gamma-poisson.js';
export * from './families/discrete/beta-binomial.js';
export * from './families/discrete/multinomial.js';
export * from './families/discrete/geometric.js';
export * from './families/discrete/one-hot-categorical.js';
export * from './families/discrete/zero-inflated-poisson.js';
export * from './families/discrete/zero-inflated-negative-binomial.js';
export * from './families/relaxed/relaxed.js';
export * from './families/relaxed/relaxed-bernoulli.js';
export * from './families/relaxed/relaxed-one-hot-categorical.js';
export * from './wrappers/mixture-same-family.js';
export * from './constraints/namespace.js';
export * from './transforms/index.js';
export * from './constraints/biject-to.js';
export * from './wrappers/transformed.js';
export * from './kl/index.js';
