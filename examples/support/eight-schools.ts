/**
 * The eight schools (Rubin 1981): data, the non-centered model, and its exact posterior summary.
 *
 * Exact posterior: with θ integrated out, `y_j ~ N(μ, σ_j² + τ²)`, so `p(μ, τ | y)` is a 2-D
 * quadrature (μ on a grid, τ on a grid in log τ, priors N(0, 5) and HalfCauchy(5)); given (μ, τ),
 * `θ_j ~ N(m_j, v_j)` with `v_j = (1/σ_j² + 1/τ²)⁻¹`, `m_j = v_j (y_j/σ_j² + μ/τ²)`, hence
 * `θ̃_j = (θ_j − μ)/τ` has mean `(m_j − μ)/τ` and variance `v_j/τ²`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { HalfCauchy, Normal, plate, sample } from '../../lib/index.js';
import { type Moments, expect2, fromMoments, grid2, marginalQuantiles, midpoints } from './quadrature.js';

export const SCHOOLS_Y = [28, 8, -3, 7, -1, 1, 18, 12];
export const SCHOOLS_SIGMA = [15, 10, 16, 11, 9, 11, 10, 18];

/** Non-centered: mu ~ N(0, 5), tau ~ HalfCauchy(5), theta_tilde ~ N(0, 1), y ~ N(mu + tau·theta_tilde, sigma). */
export function* eightSchools(y: tf.Tensor, sigma: tf.Tensor) {
  const mu = yield* sample('mu', Normal(0, 5));
  const tau = yield* sample('tau', HalfCauchy(5));
  yield* plate('J', 8, function* () {
    const thetaTilde = yield* sample('theta_tilde', Normal(0, 1));
    yield* sample('y', Normal(tf.add(mu, tf.mul(tau, thetaTilde)), sigma), { obs: y });
  });
}

/** The exact posterior summary: mu, tau (with quantiles), theta_tilde[j] and theta[j] (mean, sd). */
export function eightSchoolsPosterior(): Readonly<Record<string, Moments>> {
  const y = SCHOOLS_Y;
  const s2 = SCHOOLS_SIGMA.map((s) => s * s);
  const g = grid2(midpoints(-25, 35, 240), midpoints(-10, 7, 360), (mu, logTau) => {
    const tau = Math.exp(logTau);
    let lp = (-0.5 * mu * mu) / 25 - Math.log1p((tau * tau) / 25) + logTau; // N(0, 5), HalfCauchy(5), dτ = τ d log τ
    for (let j = 0; j < 8; j++) {
      const v = s2[j]! + tau * tau;
      lp -= 0.5 * (Math.log(v) + (y[j]! - mu) ** 2 / v);
    }
    return lp;
  });
  const out: Record<string, Moments> = {};
  const [m5, m50, m95] = marginalQuantiles(g, 0, (v) => v, [0.05, 0.5, 0.95]);
  out.mu = { ...fromMoments(expect2(g, (mu) => mu), expect2(g, (mu) => mu * mu)), q05: m5!, q50: m50!, q95: m95! };
  const [t5, t50, t95] = marginalQuantiles(g, 1, Math.exp, [0.05, 0.5, 0.95]);
  out.tau = { ...fromMoments(expect2(g, (_, lt) => Math.exp(lt)), expect2(g, (_, lt) => Math.exp(2 * lt))), q05: t5!, q50: t50!, q95: t95! };
  for (let j = 0; j < 8; j++) {
    const conditional = (mu: number, logTau: number): { m: number; v: number; tau: number } => {
      const tau = Math.exp(logTau);
      const v = 1 / (1 / s2[j]! + 1 / (tau * tau));
      return { m: v * (y[j]! / s2[j]! + mu / (tau * tau)), v, tau };
    };
    const tilde1 = expect2(g, (mu, lt) => {
      const { m, tau } = conditional(mu, lt);
      return (m - mu) / tau;
    });
    const tilde2 = expect2(g, (mu, lt) => {
      const { m, v, tau } = conditional(mu, lt);
      return ((m - mu) / tau) ** 2 + v / (tau * tau);
    });
    out[`theta_tilde[${j}]`] = fromMoments(tilde1, tilde2);
    const theta1 = expect2(g, (mu, lt) => conditional(mu, lt).m);
    const theta2 = expect2(g, (mu, lt) => {
      const { m, v } = conditional(mu, lt);
      return m * m + v;
    });
    out[`theta[${j}]`] = fromMoments(theta1, theta2);
  }
  return out;
}
