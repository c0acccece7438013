/**
 * Distributions, constraints, transforms and the KL registry.
 *
 * @module
 */
export * from './distribution.js';
export * from './constraints.js';
export * from './util.js';
export * from './independent.js';
export * from './expanded.js';
export * from './masked.js';
export * from './unit.js';
export * from './loc-scale.js';
export * from './normal.js';
export type { ProbsOrLogits } from './probsLogits.js';
export * from './bernoulli.js';
export * from './categorical.js';
export * from './binomial.js';
export * from './poisson.js';
export * from './delta.js';
export * from './multivariateNormal.js';
export * from './lowRankMultivariateNormal.js';
export * from './logNormal.js';
export * from './halfNormal.js';
export * from './halfCauchy.js';
export * from './cauchy.js';
export * from './studentT.js';
export * from './laplace.js';
export * from './gamma-family.js';
export * from './gamma.js';
export * from './inverseGamma.js';
export * from './beta.js';
export * from './exponential.js';
export * from './uniform.js';
export * from './dirichlet.js';
export * from './constraints-namespace.js';
export * from './transforms/index.js';
export * from './bijectTo.js';
export * from './transformed.js';
export * from './kl.js';
