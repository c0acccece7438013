/**
 * The "reasonable step size" heuristic (Hoffman & Gelman 2014, Algorithm 4, with Stan's
 * threshold 0.8 as in Pyro): from a point `q`, draw a momentum, take one leapfrog step and look
 * at the acceptance `exp(−ΔH)`; double `ε` while it stays above 0.8 (or halve it while it stays
 * below), each try with a fresh momentum, and stop at the first `ε` on the other side. A
 * non-finite `ΔH` counts as below. `ε` is kept in `[10⁻¹⁰, 10¹⁰]`.
 *
 * @module
 */
import { type PhasePoint, type PotentialFn, kineticEnergy, leapfrog, phasePoint } from './integrator.js';
import type { MassMatrix } from './mass-matrix.js';
import type { RandomStream } from './random-stream.js';

const THRESHOLD = Math.log(0.8);
const MIN_STEP = 1e-10;
const MAX_STEP = 1e10;

/**
 * A step size near acceptance 0.8 at `start` (whose `q`, `grad` and `potential` are read; its
 * `r` is left alone), beginning the search at `stepSize`. Returns the step size and the number
 * of gradient evaluations spent.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function findReasonableStepSize(
  potential: PotentialFn,
  mass: MassMatrix,
  start: PhasePoint,
  stepSize: number,
  rng: RandomStream,
): { readonly stepSize: number; readonly grads: number } {
  const dim = start.q.length;
  const from = phasePoint(dim);
  const to = phasePoint(dim);
  const scratch = new Float64Array(dim);
  from.q.set(start.q);
  from.grad.set(start.grad);
  from.potential = start.potential;
  let grads = 0;
  const directionAt = (eps: number): number => {
    rng.normals(from.r);
    mass.momentum(from.r);
    const h0 = start.potential + kineticEnergy(mass, from.r, scratch);
    const u = leapfrog(potential, mass, eps, from, to, scratch);
    grads += 1;
    const h = u + kineticEnergy(mass, to.r, scratch);
    return THRESHOLD < h0 - h ? 1 : -1; // NaN: −1
  };
  let eps = stepSize;
  const direction = directionAt(eps);
  const scale = direction === 1 ? 2 : 0.5;
  let next = direction;
  while (next === direction && MIN_STEP < eps && eps < MAX_STEP) {
    eps *= scale;
    next = directionAt(eps);
  }
  return { stepSize: Math.min(Math.max(eps, MIN_STEP), MAX_STEP), grads };
}
