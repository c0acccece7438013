/**
 * The public part of the distributions module: the families (factory and class), the
 * reshaping wrappers, the `constraints` and `transforms` namespaces, `bijectTo`, the KL
 * registry and the validation switch. Helpers the families share stay internal.
 *
 * @module
 */
export { type Distribution, DistributionBase } from './distribution.js';
export { LocScaleDist, ScaleDist } from './families/continuous/loc-scale.js';
export { GammaFamilyDist } from './families/continuous/gamma-family.js';
export { setValidation, isValidationEnabled, type TensorInput } from './util.js';

export { Normal, NormalDist } from './families/continuous/normal.js';
export { LogNormal, LogNormalDist } from './families/continuous/log-normal.js';
export { HalfNormal, HalfNormalDist } from './families/continuous/half-normal.js';
export { HalfCauchy, HalfCauchyDist } from './families/continuous/half-cauchy.js';
export { Cauchy, CauchyDist } from './families/continuous/cauchy.js';
export { StudentT, StudentTDist } from './families/continuous/student-t.js';
export { Laplace, LaplaceDist } from './families/continuous/laplace.js';
export { Gamma, GammaDist } from './families/continuous/gamma.js';
export { InverseGamma, InverseGammaDist } from './families/continuous/inverse-gamma.js';
export { Beta, BetaDist } from './families/continuous/beta.js';
export { Exponential, ExponentialDist } from './families/continuous/exponential.js';
export { Uniform, UniformDist } from './families/continuous/uniform.js';
// continuous families, wave 2
export { TransformedFamilyDist } from './families/continuous/transformed-family.js';
export { AsymmetricLocScaleDist } from './families/continuous/asymmetric-loc-scale.js';
export { Gumbel, GumbelDist } from './families/continuous/gumbel.js';
export { Logistic, LogisticDist } from './families/continuous/logistic.js';
export { SkewLogistic, SkewLogisticDist } from './families/continuous/skew-logistic.js';
export { AsymmetricLaplace, AsymmetricLaplaceDist } from './families/continuous/asymmetric-laplace.js';
export { Weibull, WeibullDist } from './families/continuous/weibull.js';
export { Pareto, ParetoDist } from './families/continuous/pareto.js';
export { Kumaraswamy, KumaraswamyDist } from './families/continuous/kumaraswamy.js';
export { Chi2, Chi2Dist } from './families/continuous/chi2.js';
export { VonMises, VonMisesDist } from './families/continuous/von-mises.js';
export { Bernoulli, BernoulliDist } from './families/discrete/bernoulli.js';
export { Categorical, CategoricalDist } from './families/discrete/categorical.js';
export { Binomial, BinomialDist } from './families/discrete/binomial.js';
export { Poisson, PoissonDist } from './families/discrete/poisson.js';
export { Dirichlet, DirichletDist } from './families/multivariate/dirichlet.js';
export { MultivariateNormal, MultivariateNormalDist, type MvnMatrix } from './families/multivariate/multivariate-normal.js';
export { LowRankMultivariateNormal, LowRankMultivariateNormalDist } from './families/multivariate/low-rank-multivariate-normal.js';
export { MultivariateStudentT, MultivariateStudentTDist } from './families/multivariate/multivariate-student-t.js';
export { LKJCholesky, LKJCholeskyDist } from './families/multivariate/lkj-cholesky.js';
export { Delta, DeltaDist, type DeltaOptions } from './families/delta.js';
export { Independent, IndependentDist } from './wrappers/independent.js';
export { TransformedDistribution, TransformedDist } from './wrappers/transformed.js';
export { Unit, UnitDist } from './families/unit.js';
export { ExpandedDist } from './wrappers/expanded.js';
export { MaskedDist } from './wrappers/masked.js';
export type { ProbsOrLogits } from './families/discrete/probs-logits.js';

// Wave 2, discrete and count families (issue 20): bases, then one family per line.
export { BinaryProbsDist } from './families/discrete/probs-logits.js';
export { CategoricalParamsDist } from './families/discrete/categorical-params.js';
export { GammaPoissonMixtureDist } from './families/discrete/gamma-poisson-mixture.js';
export { ZeroInflatedDistribution, ZeroInflatedDist, type GateOrGateLogits } from './families/discrete/zero-inflated.js';
export { NegativeBinomial, NegativeBinomialDist } from './families/discrete/negative-binomial.js';
export { GammaPoisson, GammaPoissonDist } from './families/discrete/gamma-poisson.js';
export { BetaBinomial, BetaBinomialDist } from './families/discrete/beta-binomial.js';
export { Multinomial, MultinomialDist } from './families/discrete/multinomial.js';
export { Geometric, GeometricDist } from './families/discrete/geometric.js';
export { OneHotCategorical, OneHotCategoricalDist } from './families/discrete/one-hot-categorical.js';
export { ZeroInflatedPoisson, ZeroInflatedPoissonDist } from './families/discrete/zero-inflated-poisson.js';
export { ZeroInflatedNegativeBinomial, ZeroInflatedNegativeBinomialDist } from './families/discrete/zero-inflated-negative-binomial.js';

// Wave 2, mixtures and relaxed families (issue 20).
export { MixtureSameFamily, MixtureSameFamilyDist } from './wrappers/mixture-same-family.js';
export { RelaxedDist } from './families/relaxed/relaxed.js';
export { RelaxedBernoulli, RelaxedBernoulliStraightThrough, RelaxedBernoulliDist } from './families/relaxed/relaxed-bernoulli.js';
export {
  RelaxedOneHotCategorical,
  RelaxedOneHotCategoricalStraightThrough,
  RelaxedOneHotCategoricalDist,
} from './families/relaxed/relaxed-one-hot-categorical.js';

export type { Constraint } from './constraints/constraint.js';
export { constraints } from './constraints/namespace.js';
export * from './transforms/index.js';
export { bijectTo, registerBijection, transformTo, registerTransformTo, type BijectionRule } from './constraints/biject-to.js';
export { type FamilyRef, type KLRule, findKLRule, klDivergence, registerKL } from './kl/index.js';
