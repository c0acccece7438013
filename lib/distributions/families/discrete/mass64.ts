/**
 * The log-masses of the Bernoulli, Binomial, Geometric and Poisson families as float64 element functions
 * (value and partials): one copy of the maths, used by the families' fused ops
 * (`ops/fused/elementwise.ts`, the `…Element` functions: every partial) and by the GLM density
 * kernels (`density/glm.ts`, the `…Mass64` functions: the parameter's partial only, no
 * digamma per element), each with a single float32 rounding at the end. The float32 tfjs
 * formulas cancel: torch's
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

/** `log k!` for the integers of a table (a running sum of logs), `lgamma(k + 1)` beyond it and for non-integers. */
const TABLE = 4096;
let table: Float64Array | undefined;
export function logFactorial(k: number): number {
  if (Number.isInteger(k) && k >= 0 && k < TABLE) {
    if (table === undefined) {
      table = new Float64Array(TABLE);
      for (let i = 1; i < TABLE; i++) table[i] = table[i - 1]! + Math.log(i);
    }
    return table[k]!;
  }
  return lgamma64(k + 1);
}

/** The probability clamped to `[ε, 1 − ε]` as torch's `clamp_probs`. */
const clampProb = (q: number): number => (q < FLOAT32_EPS ? FLOAT32_EPS : q > 1 - FLOAT32_EPS ? 1 - FLOAT32_EPS : q);
/** Whether the clamp passes the gradient (torch's clamp: inside the closed interval). */
const insideClamp = (q: number): boolean => q >= FLOAT32_EPS && q <= 1 - FLOAT32_EPS;

/**
 * `k log p + (n − k) log(1 − p)` at count `k` of `n`, the binomial coefficient left out, with
 * logits or probs `a`; writes `∂a` into `p[1]`. From logits, with `e = exp(−|ℓ|)`:
 * `−n log1p(e) − k·max(−ℓ, 0) − (n − k)·max(ℓ, 0)`, `∂ℓ = k − n σ(ℓ)`.
 */
function countsMass64(kind: 'probs' | 'logits', k: number, a: number, n: number, p: Float64Array): number {
  if (kind === 'logits') {
    const e = Math.exp(-Math.abs(a));
    p[1] = k - n * (a >= 0 ? 1 / (1 + e) : e / (1 + e));
    return -n * Math.log1p(e) - (a < 0 ? times(k, -a) : times(n - k, a));
  }
  const pc = clampProb(a);
  p[1] = insideClamp(a) ? k / pc - (n - k) / (1 - pc) : 0;
  return times(k, Math.log(pc)) + times(n - k, Math.log1p(-pc));
}

/** Bernoulli with logits at `x` (Pyro's `−BCEWithLogits(ℓ, x)`, also a relaxed `x ∈ [0, 1]`); `∂ℓ` into `p[1]`. */
export const bernoulliLogitsMass64 = (x: number, l: number, _b: number, p: Float64Array): number => countsMass64('logits', x, l, 1, p);
/** Bernoulli with (clamped) probs at `x`; `∂p` into `p[1]`. */
export const bernoulliProbsMass64 = (x: number, q: number, _b: number, p: Float64Array): number => countsMass64('probs', x, q, 1, p);

/** Binomial at `k` with logits or probs `a` and total count `n`: `log n! − log k! − log (n − k)!` plus the counts' mass; `∂a` into `p[1]`. */
export function binomialMass64(kind: 'probs' | 'logits'): (k: number, a: number, n: number, p: Float64Array) => number {
  return (k, a, n, p) => countsMass64(kind, k, a, n, p) + logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** Poisson: `k log λ − λ − log k!` (`0 log 0 = 0`); `∂λ = k/λ − 1` into `p[1]` (`−1` at `k = 0`, also for `λ = 0`). */
export function poissonMass64(k: number, rate: number, _b: number, p: Float64Array): number {
  p[1] = (k === 0 ? 0 : k / rate) - 1;
  return times(k, Math.log(rate)) - rate - logFactorial(k);
}

/**
 * `log C(n, k) + k log p + (n − k) log(1 − p)` at `[k, n, θ]` (θ the logits or the probs), with
 * partials `∂k`, `∂n`, `∂θ`. The Bernoulli is `n = 1`.
 */
export function binomialElement(kind: 'probs' | 'logits'): ElementFn {
  const mass = binomialMass64(kind);
  return (args, partials) => {
    const [k, n, theta] = [args[0]!, args[1]!, args[2]!];
    const value = mass(k, theta, n, partials);
    partials[2] = partials[1]!;
    const dChoose = digamma64(n - k + 1) - digamma64(k + 1);
    if (kind === 'logits') {
      partials[0] = theta + dChoose;
      partials[1] = digamma64(n + 1) - digamma64(n - k + 1) - softplus64(theta);
    } else {
      const pc = clampProb(theta);
      partials[0] = Math.log(pc) - Math.log1p(-pc) + dChoose;
      partials[1] = digamma64(n + 1) - digamma64(n - k + 1) + Math.log1p(-pc);
    }
    return value;
  };
}

/**
 * `x·ℓ − softplus(ℓ)` at `[x, θ]` (Pyro's `−BCEWithLogits(ℓ, x)`, which also takes a relaxed
 * `x ∈ [0, 1]` when validation is off), written `−x softplus(−ℓ) − (1 − x) softplus(ℓ)`;
 * partials `∂x = ℓ` (from probs `log p − log(1 − p)`), `∂θ`.
 */
export function bernoulliElement(kind: 'probs' | 'logits'): ElementFn {
  const mass = kind === 'logits' ? bernoulliLogitsMass64 : bernoulliProbsMass64;
  return (args, partials) => {
    const [x, theta] = [args[0]!, args[1]!];
    const pc = kind === 'logits' ? 0 : clampProb(theta);
    partials[0] = kind === 'logits' ? theta : Math.log(pc) - Math.log1p(-pc);
    return mass(x, theta, 0, partials);
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
    const pc = clampProb(theta);
    partials[0] = Math.log1p(-pc);
    partials[1] = insideClamp(theta) ? 1 / pc - k / (1 - pc) : 0;
    return times(k, Math.log1p(-pc)) + Math.log(pc);
  };
}

/** `k log λ − λ − lgamma(k + 1)` at `[k, λ]` (`0 log 0 = 0`), partials `∂k = log λ − ψ(k + 1)`, `∂λ = k/λ − 1`. */
export const poissonElement: ElementFn = (args, partials) => {
  const [k, rate] = [args[0]!, args[1]!];
  const value = poissonMass64(k, rate, 0, partials);
  partials[0] = Math.log(rate) - digamma64(k + 1);
  return value;
};
