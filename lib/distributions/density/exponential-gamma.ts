/**
 * Density kernels of the continuous rate families Exponential and Gamma (float64 loops with analytic
 * partials; the same values as each family's `logProb`), so count models with hierarchical
 * rates are evaluated in one fused pass (ELBOs, MCMC's potential) instead of a chain of tfjs
 * kernels per site. The count families' kernels (Bernoulli, Binomial, Poisson, Categorical) are
 * `glm.ts`'s, NegativeBinomial's and GammaPoisson's `gamma-poisson.ts`'s:
 *
 * - Exponential: `log λ − λ x`; `∂x = −λ`, `∂λ = 1/λ − x`.
 * - Gamma (shape α, rate β): `α log β − log Γ(α) + (α − 1) log x − β x`; `∂x = (α − 1)/x − β`,
 *   `∂α = log β − ψ(α) + log x`, `∂β = α/β − x`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { digamma64, lgamma64 } from '../../ops/special/gamma64.js';
import type { Constraint } from '../constraints/index.js';
import { ExponentialDist } from '../families/continuous/exponential.js';
import { GammaDist } from '../families/continuous/gamma.js';
import { checkSupport, logProbShape } from '../util.js';
import { elementwiseDensity } from './elementwise.js';
import { registerDensityKernel } from './kernel.js';

/** Support and shape validation, as `logProb`; returns the summed shape. */
function validated(dist: { readonly family: string; readonly support: Constraint }, value: tf.Tensor, batchShape: readonly number[]): readonly number[] {
  checkSupport(dist.family, dist.support, value);
  return logProbShape(dist.family, value, batchShape, 0);
}

/** `x log y` with `0 · log y = 0` (torch's `xlogy`). */
const xlogy = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));

registerDensityKernel(ExponentialDist, (d, value, batch) =>
  elementwiseDensity([value, d.rate], validated(d, value, batch), (x, rate, _b, p) => {
    p[0] = -rate;
    p[1] = 1 / rate - x;
    return Math.log(rate) - rate * x;
  }),
);

registerDensityKernel(GammaDist, (d, value, batch) =>
  elementwiseDensity([value, d.concentration, d.rate], validated(d, value, batch), (x, alpha, rate, p) => {
    const logX = Math.log(x);
    p[0] = (alpha - 1) / x - rate;
    p[1] = Math.log(rate) - digamma64(alpha) + logX;
    p[2] = alpha / rate - x;
    return alpha * Math.log(rate) - lgamma64(alpha) + xlogy(alpha - 1, x) - rate * x;
  }),
);
