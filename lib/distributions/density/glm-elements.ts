/**
 * One element of the GLM log-masses (`glm.ts`) in float64: each returns `log p(x | a, b)` and
 * writes the parameter's partial `∂/∂a` into `p[1]` (and `p[2]` where a second parameter has
 * one); the value's partial is 0 (discrete values carry no gradient).
 *
 * @module
 */
import { FLOAT32_EPS } from '../families/discrete/probs-logits.js';
import { lgamma64 } from '../../ops/special/gamma64.js';

/** `log k!` for the integers of a table, `lgamma(k + 1)` beyond it and for non-integers. */
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

/** `softplus ℓ` and `σ(ℓ)` from `e = exp(−|ℓ|)`: `max(ℓ, 0) + log1p(e)`. */
const softplusOf = (l: number, e: number): number => (l > 0 ? l : 0) + Math.log1p(e);
/** `σ(ℓ)` from `e = exp(−|ℓ|)`. */
const sigmoidOf = (l: number, e: number): number => (l >= 0 ? 1 / (1 + e) : e / (1 + e));

/** Bernoulli with logits: `x ℓ − softplus ℓ`; `∂ℓ = x − σ(ℓ)`. */
export function bernoulliLogitsElement(x: number, l: number, _b: number, p: Float64Array): number {
  const e = Math.exp(-Math.abs(l));
  p[1] = x - sigmoidOf(l, e);
  return x * l - softplusOf(l, e);
}

/** The probability clamped to `[ε, 1 − ε]` and whether it was inside (the clamp passes the gradient). */
const clampProb = (q: number): number => (q < FLOAT32_EPS ? FLOAT32_EPS : q > 1 - FLOAT32_EPS ? 1 - FLOAT32_EPS : q);
const insideClamp = (q: number): boolean => q >= FLOAT32_EPS && q <= 1 - FLOAT32_EPS;
/** `ℓ = log p − log1p(−p)` of a clamped probability. */
const logitOf = (pc: number): number => Math.log(pc) - Math.log1p(-pc);

/** Bernoulli with probs: `x ℓ − softplus ℓ`, `ℓ` from the clamped `p`; `∂p = (x − p)/(p(1 − p))` inside the clamp. */
export function bernoulliProbsElement(x: number, q: number, _b: number, p: Float64Array): number {
  const pc = clampProb(q);
  const l = logitOf(pc);
  p[1] = insideClamp(q) ? (x - pc) / (pc * (1 - pc)) : 0;
  return x * l - softplusOf(l, Math.exp(-Math.abs(l)));
}

/**
 * Binomial with logits or probs `a` and total count `n`:
 * `k ℓ − n softplus ℓ + log n! − log k! − log (n − k)!`; `∂ℓ = k − n σ(ℓ)` (chained through the
 * clamp for probs).
 */
export function binomialElement(kind: 'probs' | 'logits'): (k: number, a: number, n: number, p: Float64Array) => number {
  return (k, a, n, p) => {
    const pc = kind === 'probs' ? clampProb(a) : 0;
    const l = kind === 'probs' ? logitOf(pc) : a;
    const e = Math.exp(-Math.abs(l));
    const dl = k - n * sigmoidOf(l, e);
    p[1] = kind === 'logits' ? dl : insideClamp(a) ? dl / (pc * (1 - pc)) : 0;
    return k * l - n * softplusOf(l, e) + logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  };
}

/** Poisson: `k log λ − λ − log k!` (`0 log 0 = 0`); `∂λ = k/λ − 1` (`−1` at `k = 0`, also for `λ = 0`). */
export function poissonElement(k: number, rate: number, _b: number, p: Float64Array): number {
  p[1] = (k === 0 ? 0 : k / rate) - 1;
  return (k === 0 ? 0 : k * Math.log(rate)) - rate - logFactorial(k);
}
