/**
 * The seven NUTS workloads of shared/bench/MCMC.md: models and data (logistic regression from
 * mulberry32 seed 5; the others fixed or without data). The models use the public API only.
 */
import * as tf from '@tensorflow/tfjs-core';
import { draws, mulberry32 } from '../../../examples/support/data.js';
import { Bernoulli, Exponential, Gamma, MultivariateNormal, Normal, Poisson, plate, sample } from '../../../lib/index.js';

export { SCHOOLS_SIGMA, SCHOOLS_Y, eightSchools } from '../../../examples/support/eight-schools.js';

/** logistic_regression: w ~ N(0, 1)^10, b ~ N(0, 5), y ~ Bernoulli(logits = X·w + b), N = 1000. */
export function* logistic(x: tf.Tensor, y: tf.Tensor) {
  const w = yield* sample('w', Normal(0, 1).expand([10]).toEvent(1));
  const b = yield* sample('b', Normal(0, 5));
  yield* plate('N', 1000, function* () {
    const logits = tf.add(tf.squeeze(tf.matMul(x, tf.reshape(w, [10, 1])), [1]), b);
    yield* sample('y', Bernoulli({ logits }), { obs: y });
  });
}

/** logistic_regression's data: X [1000, 10], w_true [10], u [1000] from one mulberry32(5) stream; b_true = −0.5. */
export function logisticData(): { readonly x: Float64Array; readonly wTrue: Float64Array; readonly y: Float64Array } {
  const g = mulberry32(5);
  const x = draws(10000, g.normal);
  const wTrue = draws(10, g.normal);
  const u = draws(1000, g.uniform);
  const y = Float64Array.from({ length: 1000 }, (_, n) => {
    let eta = -0.5;
    for (let d = 0; d < 10; d++) eta += x[n * 10 + d]! * wTrue[d]!;
    return u[n]! < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
  });
  return { x, wTrue, y };
}

/** corr_gauss_{2d,50d}: x ~ MVN(0, scaleTril = chol((1 − ρ) I + ρ 11ᵀ)), ρ = 0.99 (the factor is the argument). */
export function* corrGauss(scaleTril: tf.Tensor) {
  yield* sample('x', MultivariateNormal(tf.zeros([scaleTril.shape[0]]), { scaleTril }));
}

/** The float64 Cholesky factor of the equicorrelated Σ, as a float32 tensor. */
export function equicorrelatedScaleTril(d: number, rho = 0.99): tf.Tensor {
  const a = Float64Array.from({ length: d * d }, (_, k) => (Math.floor(k / d) === k % d ? 1 : rho));
  const l = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j]!;
    for (let k = 0; k < j; k++) s -= l[j * d + k]! ** 2;
    l[j * d + j] = Math.sqrt(s);
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j]!;
      for (let k = 0; k < j; k++) t -= l[i * d + k]! * l[j * d + k]!;
      l[i * d + j] = t / l[j * d + j]!;
    }
  }
  return tf.tensor2d(Float32Array.from(l), [d, d]);
}

/** funnel_centered: v ~ N(0, 3), x ~ N(0, exp(v/2))^9. */
export function* funnelCentered() {
  const v = yield* sample('v', Normal(0, 3));
  yield* sample('x', Normal(0, tf.exp(tf.div(v, 2))).expand([9]).toEvent(1));
}

/** funnel_noncentered: v ~ N(0, 3), x_raw ~ N(0, 1)^9 (x = exp(v/2)·x_raw is derived from the draws). */
export function* funnelNoncentered() {
  yield* sample('v', Normal(0, 3));
  yield* sample('x_raw', Normal(0, 1).expand([9]).toEvent(1));
}

/** hier_poisson_pumps: alpha ~ Exp(1), beta ~ Gamma(0.1, 1), theta ~ Gamma(alpha, beta)^10, x ~ Poisson(theta·t). */
export function* pumps(t: tf.Tensor, x: tf.Tensor) {
  const alpha = yield* sample('alpha', Exponential(1));
  const beta = yield* sample('beta', Gamma(0.1, 1));
  yield* plate('pumps', 10, function* () {
    const theta = yield* sample('theta', Gamma(alpha, beta));
    yield* sample('x', Poisson(tf.mul(theta, t)), { obs: x });
  });
}

export const PUMPS_T = [94.3, 15.7, 62.9, 126, 5.24, 31.4, 1.05, 1.05, 2.1, 10.5];
export const PUMPS_X = [5, 1, 5, 14, 3, 19, 1, 1, 4, 22];

