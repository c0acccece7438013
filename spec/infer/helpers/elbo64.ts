/**
 * Float64 references for the ELBO suites: Normal log-densities and KLs, the conjugate
 * Normal–Normal model (posterior and evidence in closed form), the Bernoulli–Normal model
 * (enumerable), and 1-D quadrature.
 */
import * as tf from '@tensorflow/tfjs-core';
import { param, plate, sample } from '../../../lib/core/primitives.js';
import { positive, unitInterval } from '../../../lib/distributions/constraints/index.js';
import { Bernoulli, Normal } from '../../../lib/distributions/index.js';

export const LOG_2PI = Math.log(2 * Math.PI);

/** `log N(x | m, s²)`. */
export const normalLp = (x: number, m: number, s: number): number => -0.5 * ((x - m) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;

/** `KL(N(m1, s1²) ‖ N(m2, s2²))`. */
export const klNormal = (m1: number, s1: number, m2: number, s2: number): number =>
  Math.log(s2 / s1) + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - 0.5;

export const scalar = (t: tf.Tensor | undefined): number => t!.dataSync()[0]!;

/**
 * `∫ f(z) dz` by Simpson's rule on `[lo, hi]` with `n` (even) intervals; integrands here are
 * smooth and negligible outside the range, so the error is far below the tolerances used.
 */
export function integrate(f: (z: number) => number, lo: number, hi: number, n = 4000): number {
  const h = (hi - lo) / n;
  let s = f(lo) + f(hi);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(lo + i * h);
  return (s * h) / 3;
}

// Normal–Normal: mu ~ N(0, PRIOR_SD²), x_i ~ N(mu, 1).
export const PRIOR_SD = 10;
export const X = [2.1, 3.4, 2.9, 3.3, 2.5, 3.8, 3.1, 2.2, 2.7, 3.6, 3.0, 2.4, 3.9, 2.8, 3.2, 2.6, 3.5, 2.3, 3.7, 3.05];

/** The closed-form posterior `N(mean, sd²)` and evidence `log p(x)` of the Normal–Normal model on `xs`. */
export function normalNormal(xs: readonly number[]): { readonly mean: number; readonly sd: number; readonly logEvidence: number } {
  const n = xs.length;
  const sum = xs.reduce((a, b) => a + b, 0);
  const sumSq = xs.reduce((a, b) => a + b * b, 0);
  const precision = 1 / PRIOR_SD ** 2 + n;
  const tau2 = PRIOR_SD ** 2;
  // x ~ N(0, I + τ² 11ᵀ): det = 1 + nτ², inverse by Sherman–Morrison.
  const logEvidence = -0.5 * n * LOG_2PI - 0.5 * Math.log(1 + n * tau2) - 0.5 * (sumSq - (tau2 * sum * sum) / (1 + n * tau2));
  return { mean: sum / precision, sd: 1 / Math.sqrt(precision), logEvidence };
}

export function* normalModel(x: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, PRIOR_SD));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(mu, 1), { obs: x });
  });
}

export function* normalGuide(_x: tf.Tensor) {
  const loc = yield* param('loc', 0);
  const scale = yield* param('scale', 1, { constraint: positive });
  yield* sample('mu', Normal(loc, scale));
}

// Bernoulli–Normal: z ~ Bernoulli(P0), x ~ N(2z, 1), x = OBS observed; guide Bernoulli(q).
export const P0 = 0.3;
export const OBS = 1.7;

export function* bernoulliModel() {
  const z = yield* sample('z', Bernoulli({ probs: P0 }));
  yield* sample('x', Normal(tf.mul(z, 2), 1), { obs: tf.scalar(OBS) });
}

export function* bernoulliGuide() {
  const q = yield* param('q', 0.5, { constraint: unitInterval });
  yield* sample('z', Bernoulli({ probs: q }));
}

/** `log p(x | z)` of the Bernoulli–Normal model. */
export const bernoulliLik = (z: number): number => normalLp(OBS, 2 * z, 1);
/** `log p(z)`, `log q(z)` and `d/dq log q(z)` for z ∈ {0, 1}. */
export const logPrior = (z: number): number => Math.log(z === 1 ? P0 : 1 - P0);
export const logQ = (z: number, q: number): number => Math.log(z === 1 ? q : 1 - q);
export const scoreQ = (z: number, q: number): number => (z === 1 ? 1 / q : -1 / (1 - q));
