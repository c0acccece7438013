/**
 * Density kernels of the Bernoulli, Poisson, Exponential and Gamma families (float64 loops with
 * analytic partials; the same values as each family's `logProb`), so models with these sites —
 * GLMs, count models, hierarchical rates — are evaluated in one fused pass (ELBOs, MCMC's
 * potential) instead of a chain of tfjs kernels per site:
 *
 * - Bernoulli: `x·ℓ − softplus(ℓ)`; `∂ℓ = x − σ(ℓ)`, `∂x = ℓ`. From `probs`, `ℓ = logit(p)` with `p`
 *   clamped to `[ε, 1 − ε]` (ε the float32 epsilon, as `logProb`) and `∂p = ∂ℓ / (p(1 − p))`
 *   inside the clamp, 0 outside.
 * - Poisson: `k log λ − λ − log k!` (`0 · log 0 = 0`); `∂λ = k/λ − 1`; the count gets no partial.
 * - Exponential: `log λ − λ x`; `∂x = −λ`, `∂λ = 1/λ − x`.
 * - Gamma (shape α, rate β): `α log β − log Γ(α) + (α − 1) log x − β x`; `∂x = (α − 1)/x − β`,
 *   `∂α = log β − ψ(α) + log x`, `∂β = α/β − x`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { digamma64, lgamma64 } from '../../ops/special/gamma64.js';
import type { Constraint } from '../constraints/index.js';
import { ExponentialDist } from '../families/continuous/exponential.js';
import { GammaDist } from '../families/continuous/gamma.js';
import { BernoulliDist } from '../families/discrete/bernoulli.js';
import { PoissonDist } from '../families/discrete/poisson.js';
import { FLOAT32_EPS } from '../families/discrete/probs-logits.js';
import { checkSupport, logProbShape } from '../util.js';
import { elementwiseDensity } from './elementwise.js';
import { type DensityKernel, registerDensityKernel } from './kernel.js';

/** Support and shape validation, as `logProb`; returns the summed shape. */
function validated(dist: { readonly family: string; readonly support: Constraint }, value: tf.Tensor, batchShape: readonly number[]): readonly number[] {
  checkSupport(dist.family, dist.support, value);
  return logProbShape(dist.family, value, batchShape, 0);
}

/** `log(1 + eˣ)` without overflow. */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** `x log y` with `0 · log y = 0` (torch's `xlogy`). */
const xlogy = (x: number, y: number): number => (x === 0 ? 0 : x * Math.log(y));

/**
 * Bernoulli from logits with the value and the logits both full-size (a GLM likelihood): one loop,
 * one `exp` per element (`e = exp(−|ℓ|)`: `softplus(ℓ) = max(ℓ, 0) + log1p(e)`, `σ(ℓ)` from `e`).
 */
function fullSizeBernoulliLogits(value: tf.Tensor, logits: tf.Tensor, n: number): DensityKernel {
  return {
    inputs: [value, logits],
    evaluate: ([xs, ls], weight, grads) => {
      let total = 0;
      const gx = grads?.[0];
      const gl = grads?.[1];
      for (let i = 0; i < n; i++) {
        const x = xs![i]!;
        const l = ls![i]!;
        const e = Math.exp(-Math.abs(l));
        total += x * l - (l > 0 ? l : 0) - Math.log1p(e);
        if (gl !== undefined) {
          const s = l >= 0 ? 1 / (1 + e) : e / (1 + e);
          gx![i] = gx![i]! + weight * l;
          gl[i] = gl[i]! + weight * (x - s);
        }
      }
      return weight * total;
    },
  };
}

registerDensityKernel(BernoulliDist, (d, value, batch) => {
  const shape = validated(d, value, batch);
  const n = sizeOf(shape);
  if (d.parameterization === 'logits' && value.size === n && d.logits.size === n) return fullSizeBernoulliLogits(value, d.logits, n);
  if (d.parameterization === 'logits') {
    return elementwiseDensity([value, d.logits], shape, (x, logit, _b, p) => {
      const s = logit >= 0 ? 1 / (1 + Math.exp(-logit)) : Math.exp(logit) / (1 + Math.exp(logit));
      p[0] = logit;
      p[1] = x - s;
      return x * logit - softplus(logit);
    });
  }
  return elementwiseDensity([value, d.probs], shape, (x, prob, _b, p) => {
    const inside = prob > FLOAT32_EPS && prob < 1 - FLOAT32_EPS;
    const q = inside ? prob : Math.min(Math.max(prob, FLOAT32_EPS), 1 - FLOAT32_EPS);
    const logit = Math.log(q) - Math.log1p(-q);
    p[0] = logit;
    p[1] = inside ? (x - q) / (q * (1 - q)) : 0;
    return x * logit - softplus(logit);
  });
});

registerDensityKernel(PoissonDist, (d, value, batch) =>
  elementwiseDensity([value, d.rate], validated(d, value, batch), (k, rate, _b, p) => {
    p[0] = 0;
    p[1] = (k === 0 ? 0 : k / rate) - 1;
    return xlogy(k, rate) - rate - lgamma64(k + 1);
  }),
);

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
