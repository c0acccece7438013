/**
 * Density kernels of the over-dispersed count families, NegativeBinomial and GammaPoisson (the
 * Gamma–Poisson mixtures of `families/discrete/gamma-poisson-mixture.ts`), the likelihoods of
 * count regressions over large plates. Both are
 *
 *   `log p(k) = log Γ(r + k) − log Γ(r) − log k! + k log p + r log(1 − p)`
 *
 * (the coefficient 0 where `r + k = 0`, as `logProb`), in float64 with the analytic partials
 *
 * - `∂r = ψ(r + k) − ψ(r) + log(1 − p)` (NegativeBinomial's `totalCount`, GammaPoisson's
 *   `concentration`; `log(1 − p)` alone where `r + k = 0`);
 * - NegativeBinomial, logits `ℓ` (`log p = −softplus(−ℓ)`, `log(1 − p) = −softplus ℓ`):
 *   `∂ℓ = k − (r + k) σ(ℓ)`; from probs, `ℓ = log p − log1p(−p)` on `p` clamped to `[ε, 1 − ε]`
 *   (torch's `clamp_probs`, as `logProb`), so `∂p = ∂ℓ / (p(1 − p))` inside the clamp and 0 outside
 *   (tfjs's `clipByValue` gradient);
 * - GammaPoisson, rate `β` (`log p = −log1p β`, `log(1 − p) = log β − log1p β`):
 *   `∂β = r/β − (r + k)/(1 + β)`.
 *
 * The count gets no partial: a discrete value is data or a draw that carries none (Pyro's SVI
 * never differentiates it), as the other discrete kernels.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { digamma64, lgamma64 } from '../../ops/special/gamma64.js';
import { GammaPoissonDist } from '../families/discrete/gamma-poisson.js';
import { NegativeBinomialDist } from '../families/discrete/negative-binomial.js';
import { FLOAT32_EPS } from '../families/discrete/probs-logits.js';
import { checkSupport, logProbShape } from '../util.js';
import { type DensityKernel, registerDensityKernel } from './kernel.js';
import { elementwiseDensity } from './elementwise.js';

/** `log(1 + eˣ)` without overflow. */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/**
 * One element of the mixture's log-mass at count `k` with Gamma shape `r`, `log p = logP`,
 * `log(1 − p) = logQ`: returns `log p(k)` and writes `∂r` into `p[1]` (the value's `p[0]` = 0).
 */
function mixtureElement(k: number, r: number, logP: number, logQ: number, p: Float64Array): number {
  const total = r + k;
  p[0] = 0;
  if (total === 0) {
    p[1] = logQ;
    return r * logQ; // k = 0 (k log p = 0, also where p = 0)
  }
  p[1] = digamma64(total) - digamma64(r) + logQ;
  const kLogP = k === 0 ? 0 : k * logP;
  return lgamma64(total) - lgamma64(r) - lgamma64(k + 1) + kLogP + r * logQ;
}

/** NegativeBinomial with logits `ℓ`: {@link mixtureElement} and `∂ℓ = k − (r + k) σ(ℓ)` in `p[2]`. */
function negativeBinomialLogitsElement(k: number, r: number, l: number, p: Float64Array): number {
  const lp = mixtureElement(k, r, -softplus(-l), -softplus(l), p);
  const s = l >= 0 ? 1 / (1 + Math.exp(-l)) : Math.exp(l) / (1 + Math.exp(l));
  p[2] = k - (r + k) * s;
  return lp;
}

/** NegativeBinomial with probs: the logits element at the clamped `p`, chained through the clamp. */
function negativeBinomialProbsElement(k: number, r: number, q: number, p: Float64Array): number {
  const inside = q >= FLOAT32_EPS && q <= 1 - FLOAT32_EPS;
  const pc = Math.min(Math.max(q, FLOAT32_EPS), 1 - FLOAT32_EPS);
  const lp = negativeBinomialLogitsElement(k, r, Math.log(pc) - Math.log1p(-pc), p);
  p[2] = inside ? p[2]! / (pc * (1 - pc)) : 0;
  return lp;
}

/** GammaPoisson with rate `β`: {@link mixtureElement} and `∂β = r/β − (r + k)/(1 + β)` in `p[2]`. */
function gammaPoissonElement(k: number, r: number, rate: number, p: Float64Array): number {
  const log1pRate = Math.log1p(rate);
  const lp = mixtureElement(k, r, -log1pRate, Math.log(rate) - log1pRate, p);
  p[2] = r / rate - (r + k) / (1 + rate);
  return lp;
}

/**
 * `Σ_shape log NegativeBinomial(k | r, probs or logits)` for `value`, `totalCount` and the
 * parameter broadcast to `shape` (see the module notes).
 *
 * @category distributions
 * @since 0.2.0
 */
export function negativeBinomialDensity(value: tf.Tensor, totalCount: tf.Tensor, param: tf.Tensor, kind: 'probs' | 'logits', shape: readonly number[]): DensityKernel {
  return elementwiseDensity([value, totalCount, param], shape, kind === 'logits' ? negativeBinomialLogitsElement : negativeBinomialProbsElement);
}

/**
 * `Σ_shape log GammaPoisson(k | α, β)` for `value`, `concentration` and `rate` broadcast to
 * `shape` (see the module notes).
 *
 * @category distributions
 * @since 0.2.0
 */
export function gammaPoissonDensity(value: tf.Tensor, concentration: tf.Tensor, rate: tf.Tensor, shape: readonly number[]): DensityKernel {
  return elementwiseDensity([value, concentration, rate], shape, gammaPoissonElement);
}

/** Support and shape validation, as `logProb`; returns the summed shape. */
function validated(dist: NegativeBinomialDist | GammaPoissonDist, value: tf.Tensor, batchShape: readonly number[]): readonly number[] {
  checkSupport(dist.family, dist.support, value);
  return logProbShape(dist.family, value, batchShape, 0);
}

registerDensityKernel(NegativeBinomialDist, (d, value, batch) => negativeBinomialDensity(value, d.totalCount, d.param, d.parameterization, validated(d, value, batch)));

registerDensityKernel(GammaPoissonDist, (d, value, batch) => gammaPoissonDensity(value, d.concentration, d.rate, validated(d, value, batch)));
