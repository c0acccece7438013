/**
 * The public part of the distributions module: the families (factory and class), the
 * reshaping wrappers, the `constraints` and `transforms` namespaces, `bijectTo`, the KL
 * registry and the validation switch. Helpers the families share stay internal.
 *
 * @module
 */
export { type Distribution, DistributionBase } from './distribution.js';
export { LocScaleDist, ScaleDist } from './loc-scale.js';
export { GammaFamilyDist } from './gamma-family.js';
export { setValidation, isValidationEnabled, type TensorInput } from './util.js';

export { Normal, NormalDist } from './normal.js';
export { LogNormal, LogNormalDist } from './logNormal.js';
export { HalfNormal, HalfNormalDist } from './halfNormal.js';
export { HalfCauchy, HalfCauchyDist } from './halfCauchy.js';
export { Cauchy, CauchyDist } from './cauchy.js';
export { StudentT, StudentTDist } from './studentT.js';
export { Laplace, LaplaceDist } from './laplace.js';
export { Gamma, GammaDist } from './gamma.js';
export { InverseGamma, InverseGammaDist } from './inverseGamma.js';
export { Beta, BetaDist } from './beta.js';
export { Exponential, ExponentialDist } from './exponential.js';
export { Uniform, UniformDist } from './uniform.js';
export { Bernoulli, BernoulliDist } from './bernoulli.js';
export { Categorical, CategoricalDist } from './categorical.js';
export { Binomial, BinomialDist } from './binomial.js';
export { Poisson, PoissonDist } from './poisson.js';
export { Dirichlet, DirichletDist } from './dirichlet.js';
export { MultivariateNormal, MultivariateNormalDist, type MvnMatrix } from './multivariateNormal.js';
export { LowRankMultivariateNormal, LowRankMultivariateNormalDist } from './lowRankMultivariateNormal.js';
export { Delta, DeltaDist, type DeltaOptions } from './delta.js';
export { Independent, IndependentDist } from './independent.js';
export { TransformedDistribution, TransformedDist } from './transformed.js';
export { Unit, UnitDist } from './unit.js';
export { ExpandedDist } from './expanded.js';
export { MaskedDist } from './masked.js';
export type { ProbsOrLogits } from './probsLogits.js';

export type { Constraint } from './constraint.js';
export { constraints } from './constraints-namespace.js';
export * from './transforms/index.js';
export { bijectTo, registerBijection, transformTo, registerTransformTo, type BijectionRule } from './bijectTo.js';
export { type FamilyRef, type KLRule, findKLRule, klDivergence, registerKL } from './kl.js';
