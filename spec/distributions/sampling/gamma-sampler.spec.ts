/**
 * The float64 Gamma machinery: digamma, Marsaglia–Tsang draws, and the implicit
 * reparameterization gradient `dz/dα = −(∂P/∂α)/(∂P/∂z)`.
 *
 * References: closed forms of ψ at integers and ½ (abs 1e-12: the asymptotic series is
 * accurate to ~1e-14 at the recurrence cut-off 10); the gradient against central differences
 * (Richardson-extrapolated, h = 1e-4·α) of a separately written float64 `P(α, z)`
 * (spec/distributions/helpers/incomplete-gamma.ts), rtol 2e-6 — the FD's own error is ~1e-6 at
 * the extreme points; the draws against `P` by the Dvoretzky–Kiefer–Wolfowitz bound
 * `sup|F̂ₙ − F| ≤ √(ln(2/δ)/2n)` at δ = 1e-6.
 */
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { standardGammaDLogZ, standardGammaLogDraws } from '../../../lib/distributions/sampling/gamma-sampler.js';
import { digamma64 } from '../../../lib/ops/index.js';
import { gammaDensity, gammaP, gammaQ } from '../helpers/incomplete-gamma.js';

const EULER = 0.5772156649015329;

/** dz/dα by Richardson-extrapolated central differences of P (or of −Q in the upper tail). */
function finiteDifferenceDzDAlpha(alpha: number, z: number): number {
  const upper = z > 1 && z > alpha;
  const F = (a: number): number => (upper ? -gammaQ(a, z) : gammaP(a, z));
  const h = 1e-4 * alpha;
  const d1 = (F(alpha + h) - F(alpha - h)) / (2 * h);
  const d2 = (F(alpha + 2 * h) - F(alpha - 2 * h)) / (4 * h);
  return -((4 * d1 - d2) / 3) / gammaDensity(alpha, z);
}

describe('distributions/sampling/gamma-sampler', () => {
  describe('digamma64 (lib/ops, as the sampler uses it)', () => {
    it('matches ψ(1) = −γ, ψ(½) = −γ − 2 ln 2 and ψ(n + 1) = −γ + Hₙ', () => {
      expect(Math.abs(digamma64(1) + EULER)).toBeLessThan(1e-12);
      expect(Math.abs(digamma64(0.5) + EULER + 2 * Math.LN2)).toBeLessThan(1e-12);
      let harmonic = 0;
      for (let n = 1; n <= 30; n++) {
        harmonic += 1 / n;
        expect(Math.abs(digamma64(n + 1) - (harmonic - EULER))).toBeLessThan(1e-12);
      }
    });
  });

  describe('standardGammaDLogZ', () => {
    it('equals −(∂P/∂α)/(∂P/∂z) by finite differences, in both the series and the continued-fraction regions', () => {
      for (const alpha of [0.01, 0.1, 0.5, 1, 2, 3.7, 10, 50, 300]) {
        for (const z of [1e-6, 1e-3, 0.1, 0.5, 0.99, 1.01, 2, 5, 10, 30, 80, 250, 400]) {
          if (!(gammaDensity(alpha, z) > 1e-250)) continue; // FD of P is meaningless where P is flat to 1e-250
          const expected = finiteDifferenceDzDAlpha(alpha, z);
          const actual = z * standardGammaDLogZ(alpha, Math.log(z));
          expect(Math.abs(actual - expected), `α=${alpha}, z=${z}`).toBeLessThanOrEqual(2e-6 * Math.abs(expected));
        }
      }
    });

    it('holds for random (α, z) pairs (fast-check)', () => {
      fc.assert(
        fc.property(fc.double({ min: 0.05, max: 60, noNaN: true }), fc.double({ min: 0.02, max: 0.98, noNaN: true }), (alpha, t) => {
          const z = alpha * (0.2 + 2 * t); // around the bulk, on both sides of the region switch
          const expected = finiteDifferenceDzDAlpha(alpha, z);
          return Math.abs(z * standardGammaDLogZ(alpha, Math.log(z)) - expected) <= 2e-6 * Math.abs(expected);
        }),
        { numRuns: 200, seed: 7 },
      );
    });
  });

  describe('standardGammaLogDraws', () => {
    it('draws Gamma(α, 1) for α below and above 1 (DKW bound at δ = 1e-6)', () => {
      const n = 20_000;
      const bound = Math.sqrt(Math.log(2 / 1e-6) / (2 * n));
      for (const [i, alpha] of [0.05, 0.3, 1, 2.5, 40].entries()) {
        const draws = Array.from(standardGammaLogDraws(prngKey(100 + i), n, () => alpha), Math.exp).sort((a, b) => a - b);
        let worst = 0;
        draws.forEach((z, k) => {
          const p = gammaP(alpha, z);
          worst = Math.max(worst, Math.abs((k + 1) / n - p), Math.abs(k / n - p));
        });
        expect(worst, `α=${alpha}`).toBeLessThan(bound);
      }
    });

    it('is a pure function of the key', () => {
      const a = standardGammaLogDraws(prngKey(5), 50, (k) => 0.5 + k / 10);
      const b = standardGammaLogDraws(prngKey(5), 50, (k) => 0.5 + k / 10);
      const c = standardGammaLogDraws(prngKey(6), 50, (k) => 0.5 + k / 10);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
    });

    it('keeps tiny draws in log space (α = 0.01 gives finite log z far below the float64 range of z)', () => {
      const logs = standardGammaLogDraws(prngKey(9), 2000, () => 0.01);
      expect(logs.every(Number.isFinite)).toBe(true);
      expect(Math.min(...logs)).toBeLessThan(-745); // exp underflows in float64 there
    });
  });
});
