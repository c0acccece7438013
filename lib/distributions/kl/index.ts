/**
 * The KL-divergence registry with Ignis' built-in rules: `klDivergence(p, q)` and
 * `registerKL(familyP, familyQ, rule)` (see `registry.ts`).
 *
 * Built-in pairs: Normal/Normal, Normal/Laplace, LogNormal/LogNormal, HalfNormal/HalfNormal,
 * Cauchy/Cauchy, Independent/Independent, Independent(Normal or Delta, 1)/MultivariateNormal,
 * MultivariateNormal and LowRankMultivariateNormal in all four combinations, Gamma/Gamma,
 * Exponential/Exponential, Exponential/Gamma, Gamma/Exponential, Beta/Beta,
 * Dirichlet/Dirichlet, Bernoulli/Bernoulli, Categorical/Categorical, Poisson/Poisson,
 * Uniform/Uniform, and Delta/any; wave 2, discrete (kl/discrete.ts): Geometric/Geometric,
 * OneHotCategorical/OneHotCategorical. Masked distributions follow Pyro's Masked/Masked rule.
 *
 * @module
 */
import './normal.js';
import './independent.js';
import './gaussian.js';
import './gamma.js';
import './beta-dirichlet.js';
import './discrete.js';
import './support.js';

export { type FamilyRef, type KLRule, findKLRule, klDivergence, registerKL } from './registry.js';
