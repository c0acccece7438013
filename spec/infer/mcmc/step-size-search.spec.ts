/**
 * The reasonable-step-size search against a closed form: on `U(q) = q²/(2σ²)` from `q = 0`
 * with momentum `r = 1` (a stream whose normals are all 1, M = I), one leapfrog step of size ε
 * gives `ΔH = ε⁴/(8σ⁴)`, so `exp(−ΔH) > 0.8` exactly when `ε < σ (8 log 1.25)^{1/4}`
 * (≈ 1.1559 σ). The search doubles or halves ε until it crosses that bound and returns the first
 * ε on the other side.
 */
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { type PotentialFn, phasePoint } from '../../../lib/infer/mcmc/integrator.js';
import { identityInverse, massMatrix } from '../../../lib/infer/mcmc/mass-matrix.js';
import { type RandomStream, randomStream } from '../../../lib/infer/mcmc/random-stream.js';
import { findReasonableStepSize } from '../../../lib/infer/mcmc/step-size-search.js';

const unitMomenta: RandomStream = {
  uniform: () => 0.5,
  normals: (out) => {
    out.fill(1);
  },
};

const gaussian =
  (sigma: number): PotentialFn =>
  (q, g) => {
    g[0] = q[0]! / sigma ** 2;
    return (0.5 * q[0]! ** 2) / sigma ** 2;
  };

function search(sigma: number, from: number, rng: RandomStream = unitMomenta): { readonly stepSize: number; readonly grads: number } {
  const start = phasePoint(1); // q = 0, ∇U = 0, U = 0
  return findReasonableStepSize(gaussian(sigma), massMatrix(identityInverse(1, false), 1, false), start, from, rng);
}

describe('step-size-search', () => {
  describe('findReasonableStepSize', () => {
    it('doubles from below until acceptance falls under 0.8 (bound 1.1559 σ): 0.01 → 1.28 in 8 steps', () => {
      expect(search(1, 0.01)).toEqual({ stepSize: 1.28, grads: 8 });
      expect(search(1, 1)).toEqual({ stepSize: 2, grads: 2 });
    });

    it('halves from above until acceptance rises over 0.8: 8 → 1 in 4 steps', () => {
      expect(search(1, 8)).toEqual({ stepSize: 1, grads: 4 });
    });

    it('scales with the target: σ = 4 from 4ε₀ gives 4 times the step of σ = 1 from ε₀, for the same key', () => {
      for (const from of [0.003, 0.5, 40]) {
        const a = search(1, from, randomStream(prngKey(3)));
        const b = search(4, 4 * from, randomStream(prngKey(3)));
        expect(b.stepSize).toBe(4 * a.stepSize);
        expect(b.grads).toBe(a.grads);
      }
    });

    it('counts a non-finite energy as too large a step', () => {
      const wall: PotentialFn = (q, g) => {
        g[0] = q[0]!;
        return Math.abs(q[0]!) > 1.5 ? Infinity : 0.5 * q[0]! ** 2;
      };
      const start = phasePoint(1);
      // r = 1: q₁ = ε, so ε = 2 hits the wall; 1 is accepted (ΔH = 1/8)
      expect(findReasonableStepSize(wall, massMatrix(identityInverse(1, false), 1, false), start, 1, unitMomenta)).toEqual({ stepSize: 2, grads: 2 });
    });
  });
});
