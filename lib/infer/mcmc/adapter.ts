/**
 * Warmup adaptation of the step size and the inverse mass matrix (Stan's scheme, as Pyro's
 * `WarmupAdapter`): after every warmup iteration `t` the dual-averaging scheme sees the
 * iteration's acceptance statistic; inside the slow windows of {@link adaptationSchedule} the
 * new draw feeds a Welford estimator, and at the end of each slow window the estimate becomes
 * `M⁻¹`, the estimator restarts, a reasonable step size is searched for at the current point
 * and dual averaging restarts from it. At the end of warmup the step size becomes the averaged
 * iterate `exp(x̄)`.
 *
 * @module
 */
import { type AdaptWindow, adaptationSchedule } from './adaptation-schedule.js';
import { type DualAveraging, dualAveragingInit, dualAveragingStep } from './dual-averaging.js';
import { type MassMatrix, massMatrix } from './mass-matrix.js';
import { type Welford, welford } from './welford.js';

/** What the adapter adapts. */
export interface AdaptOptions {
  readonly adaptStepSize: boolean;
  readonly adaptMassMatrix: boolean;
  readonly dense: boolean;
  readonly targetAcceptProb: number;
}

/**
 * One chain's adaptation state (mutable, local to the chain).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface Adapter {
  readonly stepSize: () => number;
  readonly mass: () => MassMatrix;
  /**
   * After warmup iteration `t` (from 0) ending at `q` with acceptance statistic `acceptProb`;
   * `search(stepSize)` finds a reasonable step size at the current point with the new mass matrix.
   */
  step(t: number, q: Float64Array, acceptProb: number, search: (stepSize: number, mass: MassMatrix) => number): void;
  /** Restart dual averaging from `stepSize` (after the initial search). */
  restart(stepSize: number): void;
}

/**
 * An adapter for `warmup` iterations starting from `stepSize` and `mass`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function warmupAdapter(options: AdaptOptions, warmup: number, stepSize: number, mass: MassMatrix, caller: string): Adapter {
  const schedule: readonly AdaptWindow[] = options.adaptStepSize || options.adaptMassMatrix ? adaptationSchedule(warmup) : [];
  const estimator: Welford | undefined = options.adaptMassMatrix ? welford(mass.dim, options.dense) : undefined;
  let eps = stepSize;
  let m = mass;
  let da: DualAveraging = dualAveragingInit(eps);
  let window = 0;
  return {
    stepSize: () => eps,
    mass: () => m,
    restart(s) {
      eps = s;
      da = dualAveragingInit(s);
    },
    step(t, q, acceptProb, search) {
      if (t >= warmup || window >= schedule.length) return;
      const w = schedule[window]!;
      const slow = estimator !== undefined && window > 0 && window < schedule.length - 1;
      if (options.adaptStepSize) {
        da = dualAveragingStep(da, options.targetAcceptProb - acceptProb);
        eps = Math.exp(da.x);
      }
      if (slow) estimator.update(q);
      if (t !== w.end) return;
      window += 1;
      if (window === schedule.length) {
        if (options.adaptStepSize) eps = Math.exp(da.xAvg);
        return;
      }
      if (slow) {
        m = massMatrix(estimator.covariance(), m.dim, options.dense, caller);
        estimator.reset();
        if (options.adaptStepSize) {
          eps = search(eps, m);
          da = dualAveragingInit(eps);
        }
      }
    },
  };
}
