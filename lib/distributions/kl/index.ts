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
 * OneHotCategorical/OneHotCategorical; wave 2, continuous (torch's rules):
 * TransformedDistribution/TransformedDistribution (equal transforms; reached by Weibull and
 * Kumaraswamy), Gumbel/Gumbel, Normal/Gumbel, Gumbel/Normal, Exponential/Gumbel, Gamma/Gumbel,
 * Uniform/Gumbel, Pareto/Pareto, Pareto/Exponential, Pareto/Gamma, Pareto/Normal,
 * Uniform/Pareto, Gamma/Normal, Beta/Gamma, Uniform/Gamma, the always-`∞` support mismatches
 * (`infinite.ts`); Chi2 reaches every Gamma rule. Masked distributions follow Pyro's
 * Masked/Masked rule.
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
// wave 2, continuous families
import './transformed.js';
import './gumbel.js';
import './pareto.js';
import './gamma-cross.js';
import './infinite.js';

export { type FamilyRef, type KLRule, findKLRule, klDivergence, registerKL } from './registry.js';
