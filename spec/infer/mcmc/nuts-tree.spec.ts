import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { type PotentialFn, kineticEnergy, phasePoint } from '../../../lib/infer/mcmc/integrator.js';
import { massMatrix } from '../../../lib/infer/mcmc/mass-matrix.js';
import { TreeBuilder, logAddExp, tree } from '../../../lib/infer/mcmc/nuts-tree.js';
import { nutsTransition } from '../../../lib/infer/mcmc/nuts-transition.js';
import { randomStream } from '../../../lib/infer/mcmc/random-stream.js';
import { iterationStats } from '../../../lib/infer/mcmc/transition.js';

const quadratic: PotentialFn = (q, g) => {
  let u = 0;
  for (let i = 0; i < q.length; i++) {
    g[i] = q[i]!;
    u += 0.5 * q[i]! * q[i]!;
  }
  return u;
};

describe('nuts-tree', () => {
  describe('logAddExp', () => {
    it('is log(eᵃ + eᵇ), exact for −∞ and large arguments', () => {
      expect(logAddExp(Math.log(2), Math.log(3))).toBeCloseTo(Math.log(5), 15);
      expect(logAddExp(-Infinity, -Infinity)).toBe(-Infinity);
      expect(logAddExp(-Infinity, 1)).toBe(1);
      expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    });
  });

  describe('TreeBuilder', () => {
    const mass = massMatrix(Float64Array.of(1), 1, false);

    it('a subtree of depth d takes 2^d leapfrog steps and weighs Σ exp(H₀ − H) over them', () => {
      let calls = 0;
      const counted: PotentialFn = (q, g) => {
        calls += 1;
        return quadratic(q, g);
      };
      const builder = new TreeBuilder(counted, 1, 4);
      const p = phasePoint(1);
      p.q[0] = 0.1;
      p.r[0] = 0.05; // a slow start: no U-turn within 4 small steps
      p.potential = quadratic(p.q, p.grad);
      const h0 = p.potential + kineticEnergy(mass, p.r, new Float64Array(1));
      builder.begin(0.01, h0, mass, randomStream(prngKey(0)));
      const out = tree(1);
      builder.build(p, 1, 2, out);
      expect(calls).toBe(4);
      expect(out.numProposals).toBe(4);
      expect(out.turning).toBe(false);
      // tiny steps conserve energy: every weight ~1, log Σ ≈ log 4
      expect(out.logWeight).toBeCloseTo(Math.log(4), 4);
      expect(out.sumAcceptProbs).toBeCloseTo(4, 4);
      expect(out.right.q[0]).toBeGreaterThan(out.left.q[0]!);
    });

    it('the U-turn test: (M⁻¹r⁻)·ρ′ ≤ 0 or (M⁻¹r⁺)·ρ′ ≤ 0 with ρ′ = ρ − (r⁻ + r⁺)/2', () => {
      const builder = new TreeBuilder(quadratic, 1, 1);
      builder.begin(0.1, 0, mass, randomStream(prngKey(0)));
      // ends 1 and 1, sum 3: ρ′ = 2 > 0 → not turning; ends 1 and −1, sum 0.5: ρ′ = 0.5, r⁺·ρ′ < 0 → turning
      expect(builder.isTurning(Float64Array.of(1), Float64Array.of(1), Float64Array.of(3))).toBe(false);
      expect(builder.isTurning(Float64Array.of(1), Float64Array.of(-1), Float64Array.of(0.5))).toBe(true);
    });
  });

  describe('nutsTransition', () => {
    it('reports Stan tree depths (≤ maxTreeDepth, steps ≤ 2^depth − 1) and mean acceptance in (0, 1]', () => {
      const transition = nutsTransition(quadratic, 3, 5);
      const mass = massMatrix(Float64Array.of(1, 1, 1), 3, false);
      const rng = randomStream(prngKey(1));
      const p = phasePoint(3);
      p.q.set([1, -1, 0.5]);
      p.potential = quadratic(p.q, p.grad);
      const stats = iterationStats();
      for (let i = 0; i < 200; i++) {
        transition(p, 0.3, mass, rng, stats);
        expect(stats.treeDepth).toBeGreaterThanOrEqual(1);
        expect(stats.treeDepth).toBeLessThanOrEqual(5);
        expect(stats.numSteps).toBeLessThanOrEqual(2 ** stats.treeDepth - 1);
        expect(stats.numSteps).toBeGreaterThanOrEqual(2 ** (stats.treeDepth - 1));
        expect(stats.acceptProb).toBeGreaterThan(0);
        expect(stats.acceptProb).toBeLessThanOrEqual(1);
      }
    });

    it('stops at the first divergent subtree and keeps the current point', () => {
      // U = 0 for x < 1, a cliff of +1e6 beyond: any step over it diverges
      const cliff: PotentialFn = (q, g) => {
        g[0] = 0;
        return q[0]! > 1 ? 1e6 : 0;
      };
      const transition = nutsTransition(cliff, 1, 10);
      const mass = massMatrix(Float64Array.of(1), 1, false);
      const rng = randomStream(prngKey(2));
      const p = phasePoint(1);
      p.q[0] = 0.9;
      const stats = iterationStats();
      let divergent = 0;
      for (let i = 0; i < 100; i++) {
        transition(p, 0.5, mass, rng, stats);
        if (stats.divergent) divergent += 1;
        expect(p.q[0]).toBeLessThanOrEqual(1);
      }
      expect(divergent).toBeGreaterThan(5);
    });
  });
});
