/**
 * What one MCMC iteration reports, and the shape of a kernel's transition: a function that
 * moves the chain's current point (position, potential, gradient) in place and fills the
 * iteration's statistics, drawing its randomness from the chain's stream.
 *
 * @module
 */
import type { PhasePoint, PotentialFn } from './integrator.js';
import type { MassMatrix } from './mass-matrix.js';
import type { RandomStream } from './random-stream.js';

/**
 * The statistics of one iteration (a mutable record the transition fills).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface IterationStats {
  /** The mean Metropolis acceptance `min(1, exp(H₀ − H))` over the trajectory's states. */
  acceptProb: number;
  /** Whether the trajectory diverged (`H − H₀ > 1000`, or a non-finite energy). */
  divergent: boolean;
  /** NUTS: the number of subtrees built (Stan's depth: up to `2^depth − 1` steps); HMC: 0. */
  treeDepth: number;
  /** Leapfrog steps taken (gradient evaluations). */
  numSteps: number;
  /** The Hamiltonian `H₀ = U + K` at the start of the iteration. */
  energy: number;
}

/** A fresh statistics record. */
export const iterationStats = (): IterationStats => ({ acceptProb: 0, divergent: false, treeDepth: 0, numSteps: 0, energy: 0 });

/**
 * One iteration of a kernel from `point` (updated in place: its `q`, `grad` and `potential`
 * become the next draw's), with step size `stepSize` and mass matrix `mass`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export type Transition = (point: PhasePoint, stepSize: number, mass: MassMatrix, rng: RandomStream, stats: IterationStats) => void;

/** Builds a kernel's transition for a potential of dimension `dim`. */
export type TransitionFactory = (potential: PotentialFn, dim: number) => Transition;

/** A divergence threshold on `H − H₀` (Stan's, Pyro's). */
export const MAX_DELTA_ENERGY = 1000;

/** `H` with NaN read as `+∞` (a diverging trajectory). */
export const finiteOrInfinity = (h: number): number => (Number.isNaN(h) ? Infinity : h);
