/**
 * Nesterov's dual averaging adapted to step sizes (Hoffman & Gelman 2014, §3.2; Pyro's and
 * Stan's defaults γ = 0.05, t₀ = 10, κ = 0.75). With `H_t = δ − α_t` (target minus the
 * iteration's acceptance statistic):
 *
 * - `Ḡ_t = (1 − 1/(t + t₀)) Ḡ_{t−1} + H_t / (t + t₀)`,
 * - `x_t = μ − √t / γ · Ḡ_t` (the next `log ε`), `μ = log(10 ε₀)`,
 * - `x̄_t = (1 − t^{−κ}) x̄_{t−1} + t^{−κ} x_t` (the final `log ε`).
 *
 * @module
 */

/**
 * Dual-averaging state (immutable).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface DualAveraging {
  readonly t: number;
  /** The prox center μ. */
  readonly mu: number;
  readonly gAvg: number;
  /** The latest iterate `x_t` (log step size). */
  readonly x: number;
  /** The averaged iterate `x̄_t`. */
  readonly xAvg: number;
}

/** Dual-averaging constants. */
export interface DualAveragingOptions {
  readonly gamma: number;
  readonly t0: number;
  readonly kappa: number;
}

/** Stan's and Pyro's constants. */
export const DUAL_AVERAGING_DEFAULTS: DualAveragingOptions = { gamma: 0.05, t0: 10, kappa: 0.75 };

/**
 * A fresh scheme pulled towards `log(10 · stepSize)`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export const dualAveragingInit = (stepSize: number): DualAveraging => ({
  t: 0,
  mu: Math.log(10 * stepSize),
  gAvg: 0,
  x: Math.log(stepSize),
  xAvg: 0,
});

/**
 * One update with the statistic `h = δ − α`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function dualAveragingStep(s: DualAveraging, h: number, o: DualAveragingOptions = DUAL_AVERAGING_DEFAULTS): DualAveraging {
  const t = s.t + 1;
  const gAvg = (1 - 1 / (t + o.t0)) * s.gAvg + h / (t + o.t0);
  const x = s.mu - (Math.sqrt(t) / o.gamma) * gAvg;
  const w = t ** -o.kappa;
  return { t, mu: s.mu, gAvg, x, xAvg: (1 - w) * s.xAvg + w * x };
}
