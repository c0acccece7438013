import { describe, expect, it } from 'vitest';
import { dualAveragingInit, dualAveragingStep } from '../../../lib/infer/mcmc/dual-averaging.js';

describe('dual-averaging', () => {
  describe('dualAveragingStep', () => {
    it('follows Hoffman & Gelman (2014) eq. 6 with γ = 0.05, t₀ = 10, κ = 0.75 (hand-computed)', () => {
      const s0 = dualAveragingInit(0.5); // μ = log 5
      const s1 = dualAveragingStep(s0, 0.3);
      // Ḡ₁ = 0.3 / 11; x₁ = log 5 − √1 / 0.05 · Ḡ₁; x̄₁ = x₁ (weight 1⁻⁰·⁷⁵ = 1)
      expect(s1.gAvg).toBeCloseTo(0.3 / 11, 15);
      expect(s1.x).toBeCloseTo(Math.log(5) - 20 * (0.3 / 11), 14);
      expect(s1.xAvg).toBeCloseTo(s1.x, 14);
      const s2 = dualAveragingStep(s1, -0.1);
      const g2 = (1 - 1 / 12) * (0.3 / 11) - 0.1 / 12;
      const x2 = Math.log(5) - (Math.SQRT2 / 0.05) * g2;
      const w = 2 ** -0.75;
      expect(s2.x).toBeCloseTo(x2, 13);
      expect(s2.xAvg).toBeCloseTo((1 - w) * s1.x + w * x2, 13);
    });

    it('drives the statistic to zero on a monotone response (accept = exp(−ε))', () => {
      let s = dualAveragingInit(1);
      for (let t = 0; t < 3000; t++) s = dualAveragingStep(s, 0.8 - Math.exp(-Math.exp(s.x)));
      expect(Math.exp(s.xAvg)).toBeCloseTo(-Math.log(0.8), 2); // ε* = −log 0.8
    });
  });
});
