/**
 * One NUTS iteration (multinomial NUTS as Pyro 1.8 and NumPyro run it): draw `r ~ N(0, M)`,
 * then double the trajectory in a random direction until it turns back, diverges or reaches
 * `maxTreeDepth` subtrees. Each new subtree that neither turns nor diverges replaces the
 * current proposal with probability `min(1, w_new / w_old)` (biased progressive sampling,
 * `w = Σ exp(H₀ − H)`), then the whole trajectory is tested for a U-turn. The acceptance
 * statistic is the mean of `min(1, exp(H₀ − H))` over every state built.
 *
 * @module
 */
import { type PhasePoint, type PotentialFn, copyPoint, kineticEnergy, phasePoint } from './integrator.js';
import { TreeBuilder, logAddExp } from './nuts-tree.js';
import type { Transition } from './transition.js';

/**
 * The NUTS transition over a potential of dimension `dim`, with at most `maxTreeDepth`
 * doublings (`2^maxTreeDepth − 1` leapfrog steps).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function nutsTransition(potential: PotentialFn, dim: number, maxTreeDepth: number): Transition {
  const builder = new TreeBuilder(potential, dim, maxTreeDepth);
  const left: PhasePoint = phasePoint(dim);
  const right: PhasePoint = phasePoint(dim);
  const rSum = new Float64Array(dim);
  const scratch = new Float64Array(dim);
  return (point, stepSize, mass, rng, stats) => {
    rng.normals(point.r);
    mass.momentum(point.r);
    const h0 = point.potential + kineticEnergy(mass, point.r, scratch);
    builder.begin(stepSize, h0, mass, rng);
    copyPoint(point, left);
    copyPoint(point, right);
    rSum.set(point.r);
    let logWeight = 0;
    let sumAccept = 0;
    let proposals = 0;
    let depth = 0;
    let divergent = false;
    while (depth < maxTreeDepth) {
      const direction = rng.uniform() < 0.5 ? 1 : -1;
      const sub = builder.scratch[depth]!;
      builder.build(direction === 1 ? right : left, direction, depth, sub);
      copyPoint(direction === 1 ? sub.right : sub.left, direction === 1 ? right : left);
      sumAccept += sub.sumAcceptProbs;
      proposals += sub.numProposals;
      depth += 1;
      if (sub.diverging) {
        divergent = true;
        break;
      }
      if (sub.turning) break;
      if (rng.uniform() < Math.exp(sub.logWeight - logWeight)) {
        point.q.set(sub.proposal.q);
        point.grad.set(sub.proposal.grad);
        point.potential = sub.proposal.potential;
      }
      for (let i = 0; i < dim; i++) rSum[i] = rSum[i]! + sub.rSum[i]!;
      if (builder.isTurning(left.r, right.r, rSum)) break;
      logWeight = logAddExp(logWeight, sub.logWeight);
    }
    stats.acceptProb = sumAccept / proposals;
    stats.divergent = divergent;
    stats.treeDepth = depth;
    stats.numSteps = proposals;
    stats.energy = h0;
  };
}
