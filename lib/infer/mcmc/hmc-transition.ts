/**
 * One HMC iteration (Neal 2011; Pyro's `HMC.sample`): draw `r ~ N(0, M)`, take
 * `L = max(1, ⌊trajectoryLength / ε⌋)` leapfrog steps, accept the end point with probability
 * `min(1, exp(H₀ − H))`. A non-finite energy ends the trajectory early and is rejected; a
 * trajectory with `H − H₀ > 1000` is reported divergent.
 *
 * @module
 */
import { type PhasePoint, type PotentialFn, copyPoint, kineticEnergy, leapfrog, phasePoint } from './integrator.js';
import { MAX_DELTA_ENERGY, type Transition, finiteOrInfinity } from './transition.js';

/**
 * The HMC transition with a fixed trajectory length (the number of steps follows the step size).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function hmcTransition(potential: PotentialFn, dim: number, trajectoryLength: number): Transition {
  const proposal: PhasePoint = phasePoint(dim);
  const scratch = new Float64Array(dim);
  return (point, stepSize, mass, rng, stats) => {
    rng.normals(point.r);
    mass.momentum(point.r);
    const h0 = point.potential + kineticEnergy(mass, point.r, scratch);
    const steps = Math.max(1, Math.trunc(trajectoryLength / stepSize));
    copyPoint(point, proposal);
    let taken = 0;
    while (taken < steps) {
      const u = leapfrog(potential, mass, stepSize, proposal, proposal, scratch);
      taken += 1;
      if (!Number.isFinite(u)) break;
    }
    const h = finiteOrInfinity(proposal.potential + kineticEnergy(mass, proposal.r, scratch));
    const delta = h - h0;
    const acceptProb = delta > 0 ? Math.exp(-delta) : 1;
    if (rng.uniform() < acceptProb) copyPoint(proposal, point);
    stats.acceptProb = acceptProb;
    stats.divergent = delta > MAX_DELTA_ENERGY;
    stats.treeDepth = 0;
    stats.numSteps = taken;
    stats.energy = h0;
  };
}
