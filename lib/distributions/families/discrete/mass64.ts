/**
 * The log-masses of the Bernoulli, Binomial, Geometric and Poisson families as float64 element functions
 * (value and partials), evaluated by one fused op (`ops/fused/elementwise.ts`) with a single
 * float32 rounding at the end. The float32 tfjs formulas cancel: torch's
 * `k·ℓ − n·softplus(ℓ)` lost the 1e-2 log-mass of Binomial(10, 0.999) at k = 10 to 3e-4
 * relative, `x·ℓ − softplus(ℓ)` rounded Bernoulli(logits = 20)'s −2e-9 at x = 1 to 0, and
 * `k log λ − λ − lgamma(k + 1)` lost 4 digits at λ = k = 10⁴. Here the mass is written
 * without cancellation, `−k·softplus(−ℓ) − (n − k)·softplus(ℓ)` (a term with a zero count is
 * 0, so ℓ = ±∞ gives 0 or −∞, not NaN), the log-binomial coefficient in float64.
 *
 * From probs, `p` is clamped to `[ε, 1 − ε]` (ε the float32 epsilon) as torch's `clamp_probs`,
 * and the mass is `k log p + (n − k) log(1 − p)` (torch's logits form, exactly); `∂p` is 0 where
 * the clamp is active.
 *
 * @module
 */
import { digamma64, lgamma64 } from '../../../ops/special/gamma64.js';
import type { ElementFn } from '../../../ops/fused/elementwise.js';
import { FLOAT32_EPS } from './probs-logits.js';

/** `log(1 + eˣ)` without overflow. */
export const softplus64 = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** `1 / (1 + e⁻ˣ)` without overflow. */
export const sigmoid64 = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** `c · t`, with `0 · ∞ = 0` (a zero count contributes nothing). */
const times = (c: number, t: number): number => (c === 0 ? 0 : c * t);

/** `log p` and `log(1 − p)` of probs clamped as torch's `clamp_probs`, and whether the clamp was active. */
function clampedLogs(p: number): { readonly log1: number; readonly log0: number; readonly inside: boolean } {
  const c = Math.min(Math.max(p, FLOAT32_EPS), 1 - FLOAT32_EPS);
  return { log1: Math.log(c), log0: Math.log1p(-c), inside: p > FLOAT32_EPS && p < 1 - FLOAT32_EPS };
}

/**
 * `log C(n, k) + k log p + (n − k) log(1 − p)` at `[k, n, θ]` (θ the logits or the probs), with
 * partials `∂k`, `∂n`, `∂θ`. The Bernoulli is `n = 1`.
 */
export function binomialElement(kind: 'probs' | 'logits'): ElementFn {
  return (args, partials) => {
    const [k, n, theta] = [args[0]!, args[1]!, args[2]!];
    const logChoose = lgamma64(n + 1) - lgamma64(k + 1) - lgamma64(n - k + 1);
    const dChoose = digamma64(n - k + 1) - digamma64(k + 1);
    if (kind === 'logits') {
      partials[0] = theta + dChoose;
      partials[1] = digamma64(n + 1) - digamma64(n - k + 1) - softplus64(theta);
      partials[2] = k - n * sigmoid64(theta);
      return logChoose - times(k, softplus64(-theta)) - times(n - k, softplus64(theta));
    }
    const { log1, log0, inside } = clampedLogs(theta);
    partials[0] = log1 - log0 + dChoose;
    partials[1] = digamma64(n + 1) - digamma64(n - k + 1) + log0;
    partials[2] = inside ? k / theta - (n - k) / (1 - theta) : 0;
    return logChoose + times(k, log1) + times(n - k, log0);
  };
}

/**
 * `x·ℓ − softplus(ℓ)` at `[x, θ]` (Pyro's `−BCEWithLogits(ℓ, x)`, which also takes a relaxed
 * `x ∈ [0, 1]` when validation is off), written `−x softplus(−ℓ) − (1 − x) softplus(ℓ)`;
 * partials `∂x = ℓ`, `∂θ`.
 */
export function bernoulliElement(kind: 'probs' | 'logits'): ElementFn {
  return (args, partials) => {
    const [x, theta] = [args[0]!, args[1]!];
    if (kind === 'logits') {
      partials[0] = theta;
      partials[1] = x - sigmoid64(theta);
      return -times(x, softplus64(-theta)) - times(1 - x, softplus64(theta));
    }
    const { log1, log0, inside } = clampedLogs(theta);
    partials[0] = log1 - log0;
    partials[1] = inside ? x / theta - (1 - x) / (1 - theta) : 0;
    return times(x, log1) + times(1 - x, log0);
  };
}

/**
 * Pyro 1.8.6's Geometric `(−k − 1)·softplus(ℓ) + ℓ` at `[k, θ]`, written
 * `−k softplus(ℓ) − softplus(−ℓ)` (Geometric(logits = 20) at 0: −2.06e-9, not float32's 0); from
 * probs `k log(1 − p) + log p` (clamped as torch's `clamp_probs`). Partials `∂k = log(1 − p)`, `∂θ`.
 */
export function geometricElement(kind: 'probs' | 'logits'): ElementFn {
  return (args, partials) => {
    const [k, theta] = [args[0]!, args[1]!];
    if (kind === 'logits') {
      partials[0] = -softplus64(theta);
      partials[1] = sigmoid64(-theta) - k * sigmoid64(theta);
      return -times(k, softplus64(theta)) - softplus64(-theta);
    }
    const { log1, log0, inside } = clampedLogs(theta);
    partials[0] = log0;
    partials[1] = inside ? 1 / theta - k / (1 - theta) : 0;
    return times(k, log0) + log1;
  };
}

/** `k log λ − λ − lgamma(k + 1)` at `[k, λ]` (`0 log 0 = 0`), partials `∂k = log λ − ψ(k + 1)`, `∂λ = k/λ − 1`. */
export const poissonElement: ElementFn = (args, partials) => {
  const [k, rate] = [args[0]!, args[1]!];
  partials[0] = Math.log(rate) - digamma64(k + 1);
  partials[1] = (k === 0 ? 0 : k / rate) - 1;
  return times(k, Math.log(rate)) - rate - lgamma64(k + 1);
};
