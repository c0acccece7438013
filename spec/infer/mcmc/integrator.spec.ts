import { describe, expect, it } from 'vitest';
import { type PotentialFn, kineticEnergy, leapfrog, phasePoint } from '../../../lib/infer/mcmc/integrator.js';
import { massMatrix } from '../../../lib/infer/mcmc/mass-matrix.js';

// U = ½ Σ q²/σ², an anisotropic quadratic bowl
const sigma = [1, 0.3];
const potential: PotentialFn = (q, g) => {
  let u = 0;
  for (let i = 0; i < 2; i++) {
    g[i] = q[i]! / sigma[i]! ** 2;
    u += 0.5 * q[i]! * g[i]!;
  }
  return u;
};

function start(): ReturnType<typeof phasePoint> {
  const p = phasePoint(2);
  p.q.set([0.7, -0.2]);
  p.r.set([0.3, 1.1]);
  p.potential = potential(p.q, p.grad);
  return p;
}

describe('integrator', () => {
  const mass = massMatrix(Float64Array.of(1, 1), 2, false);
  const scratch = new Float64Array(2);

  it('leapfrog is reversible: ε forward then −ε returns to the start (to rounding)', () => {
    const a = start();
    const b = phasePoint(2);
    leapfrog(potential, mass, 0.1, a, b, scratch);
    const c = phasePoint(2);
    leapfrog(potential, mass, -0.1, b, c, scratch);
    for (let i = 0; i < 2; i++) {
      expect(c.q[i]).toBeCloseTo(a.q[i]!, 14);
      expect(c.r[i]).toBeCloseTo(a.r[i]!, 14);
    }
  });

  it('the energy error over a fixed time shrinks as ε² (second order)', () => {
    const error = (eps: number): number => {
      const p = start();
      const h0 = p.potential + kineticEnergy(mass, p.r, scratch);
      for (let i = 0; i < Math.round(0.8 / eps); i++) leapfrog(potential, mass, eps, p, p, scratch);
      return Math.abs(p.potential + kineticEnergy(mass, p.r, scratch) - h0);
    };
    const ratio = error(0.02) / error(0.01);
    expect(ratio).toBeGreaterThan(3.5);
    expect(ratio).toBeLessThan(4.5);
  });

  it('kineticEnergy is ½ rᵀ M⁻¹ r', () => {
    const m = massMatrix(Float64Array.of(2, 0.5, 0.5, 1), 2, true);
    // r = (1, 2): M⁻¹ r = (3, 2.5); ½ rᵀ M⁻¹ r = ½ (3 + 5) = 4
    expect(kineticEnergy(m, Float64Array.of(1, 2), scratch)).toBe(4);
  });
});
