/**
 * Float64 element functions (value and partials) for the log-densities and entropies of the
 * families with concentration parameters — Gamma, InverseGamma, Beta, StudentT — evaluated by
 * one fused op (`ops/fused/elementwise.ts`) and rounded to float32 once. Their float32 tfjs
 * formulas add terms of size `α log β`, `lgamma(α)`, `α ψ(α)` that cancel to an O(1) result:
 * Gamma(10⁵, 10⁵).logProb(1) came out 4.75 for 4.8375, StudentT(10⁶)'s entropy 1.396 for
 * 1.419 (its `ψ((ν+1)/2) − ψ(ν/2)` ≈ 1e-6 is one float32 ulp of ψ).
 *
 * Conventions as the tfjs formulas (and Pyro): `(α − 1) log x` is `xlogy` (0 at α = 1, x = 0).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { broadcastShapes } from '../../../core/shape.js';
import { digamma64, lgamma64, polygamma64 } from '../../../ops/special/gamma64.js';
import { type ElementFn, fusedElementwise } from '../../../ops/fused/elementwise.js';

/**
 * `element` over `inputs` broadcast together, as one fused op; `reference` is the same function
 * from tfjs ops (run instead under higher-order gradients).
 */
export function fused64(fn: string, inputs: readonly tf.Tensor[], element: ElementFn, reference: (xs: readonly tf.Tensor[]) => tf.Tensor): tf.Tensor {
  return fusedElementwise(inputs, broadcastShapes(fn, ...inputs.map((t) => t.shape)), element, reference);
}

/** `c log x` with `0 log 0 = 0` (torch's `xlogy`). */
const xlogy = (c: number, x: number): number => (c === 0 ? 0 : c * Math.log(x));
/** `c / x` with `0 / 0 = 0` (the derivative of `xlogy`'s zero case). */
const xdivy = (c: number, x: number): number => (c === 0 ? 0 : c / x);
const trigamma64 = (x: number): number => polygamma64(1, x);
const lbeta64 = (a: number, b: number): number => lgamma64(a) + lgamma64(b) - lgamma64(a + b);

/** Gamma `α log β + (α − 1) log x − βx − lgamma(α)` at `[x, α, β]`. */
export const gammaElement: ElementFn = (args, p) => {
  const [x, a, b] = [args[0]!, args[1]!, args[2]!];
  p[0] = xdivy(a - 1, x) - b;
  p[1] = Math.log(b) + Math.log(x) - digamma64(a);
  p[2] = a / b - x;
  return a * Math.log(b) + xlogy(a - 1, x) - b * x - lgamma64(a);
};

/** InverseGamma `α log β − (α + 1) log x − β/x − lgamma(α)` at `[x, α, β]`. */
export const inverseGammaElement: ElementFn = (args, p) => {
  const [x, a, b] = [args[0]!, args[1]!, args[2]!];
  p[0] = -(a + 1) / x + b / (x * x);
  p[1] = Math.log(b) - Math.log(x) - digamma64(a);
  p[2] = a / b - 1 / x;
  return a * Math.log(b) - (a + 1) * Math.log(x) - b / x - lgamma64(a);
};

/** Beta `(a − 1) log x + (b − 1) log(1 − x) − log B(a, b)` at `[x, a, b]` (`1 − x` exact in float64). */
export const betaElement: ElementFn = (args, p) => {
  const [x, a, b] = [args[0]!, args[1]!, args[2]!];
  const psiSum = digamma64(a + b);
  p[0] = xdivy(a - 1, x) - xdivy(b - 1, 1 - x);
  p[1] = Math.log(x) - digamma64(a) + psiSum;
  p[2] = Math.log1p(-x) - digamma64(b) + psiSum;
  return xlogy(a - 1, x) + (b - 1 === 0 ? 0 : (b - 1) * Math.log1p(-x)) - lbeta64(a, b);
};

/** Gamma entropy `α − log β + lgamma(α) + (1 − α) ψ(α)` at `[α, β]`. */
export const gammaEntropyElement: ElementFn = (args, p) => {
  const [a, b] = [args[0]!, args[1]!];
  p[0] = 1 + (1 - a) * trigamma64(a);
  p[1] = -1 / b;
  return a - Math.log(b) + lgamma64(a) + (1 - a) * digamma64(a);
};

/** InverseGamma entropy `α + log β + lgamma(α) − (1 + α) ψ(α)` at `[α, β]`. */
export const inverseGammaEntropyElement: ElementFn = (args, p) => {
  const [a, b] = [args[0]!, args[1]!];
  p[0] = 1 - (1 + a) * trigamma64(a);
  p[1] = 1 / b;
  return a + Math.log(b) + lgamma64(a) - (1 + a) * digamma64(a);
};

/** Beta entropy `log B(a, b) − (a − 1)ψ(a) − (b − 1)ψ(b) + (a + b − 2)ψ(a + b)` at `[a, b]`. */
export const betaEntropyElement: ElementFn = (args, p) => {
  const [a, b] = [args[0]!, args[1]!];
  const t = (a + b - 2) * trigamma64(a + b);
  p[0] = -(a - 1) * trigamma64(a) + t;
  p[1] = -(b - 1) * trigamma64(b) + t;
  return lbeta64(a, b) - (a - 1) * digamma64(a) - (b - 1) * digamma64(b) + (a + b - 2) * digamma64(a + b);
};

/** StudentT entropy `log σ + ((ν + 1)/2)(ψ((ν + 1)/2) − ψ(ν/2)) + ½ log ν + log B(ν/2, ½)` at `[ν, σ]`. */
export const studentTEntropyElement: ElementFn = (args, p) => {
  const [nu, sigma] = [args[0]!, args[1]!];
  const [half, halfPlus] = [nu / 2, (nu + 1) / 2];
  p[0] = ((nu + 1) / 4) * (trigamma64(halfPlus) - trigamma64(half)) + 1 / (2 * nu);
  p[1] = 1 / sigma;
  return Math.log(sigma) + halfPlus * (digamma64(halfPlus) - digamma64(half)) + 0.5 * Math.log(nu) + lbeta64(half, 0.5);
};
