/**
 * The JS inversion samplers: exactness (the set of uniforms mapped to k has measure p(k)),
 * edge cases, and the float64 log-gamma they use.
 *
 * Exactness check: with M uniforms on the midpoint grid `(i + ½)/M`, an exact inversion gives
 * each k a fraction within `1/M` of p(k) (the grid cells cut by the two interval ends), so we
 * allow `2/M`. References: pmfs by explicit float64 sums of logs; log Γ at integers and
 * half-integers from factorials and `Γ(½) = √π` (rtol 1e-13).
 */
import { describe, expect, it } from 'vitest';
import { binomialDraw, categoricalDraw, poissonDraw } from '../../../lib/distributions/sampling/discrete-sampling.js';
import { lgamma64 as logGammaJs } from '../../../lib/ops/index.js';

const logFactorial = (n: number): number => {
  let s = 0;
  for (let j = 2; j <= n; j++) s += Math.log(j);
  return s;
};
const poissonPmf = (rate: number, k: number): number => Math.exp(k * Math.log(rate) - rate - logFactorial(k));
const binomialPmf = (n: number, p: number, k: number): number =>
  Math.exp(logFactorial(n) - logFactorial(k) - logFactorial(n - k) + k * Math.log(p) + (n - k) * Math.log1p(-p));

/** Fractions of the midpoint grid of M uniforms mapped to each value by `draw`. */
function gridFractions(draw: (u: number) => number, m: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let i = 0; i < m; i++) {
    const k = draw((i + 0.5) / m);
    out.set(k, (out.get(k) ?? 0) + 1 / m);
  }
  return out;
}

describe('distributions/sampling/discrete-sampling', () => {
  describe('lgamma64 (lib/ops, as the samplers use it)', () => {
    it('matches log factorials and Γ(½) = √π to 1e-13 relative', () => {
      for (const n of [1, 2, 5, 20, 100, 170]) {
        expect(Math.abs(logGammaJs(n + 1) - logFactorial(n))).toBeLessThanOrEqual(1e-13 * Math.max(1, logFactorial(n)));
      }
      expect(Math.abs(logGammaJs(0.5) - 0.5 * Math.log(Math.PI))).toBeLessThan(1e-13);
      // Γ(n + ½) = (2n)! √π / (4ⁿ n!)
      const halfInteger = logFactorial(20) - logFactorial(10) - 20 * Math.LN2 + 0.5 * Math.log(Math.PI);
      expect(Math.abs(logGammaJs(10.5) - halfInteger)).toBeLessThan(1e-13 * halfInteger);
    });
  });

  describe('poissonDraw', () => {
    it('is an exact inversion: each k gets measure p(k) (within the 2/M grid bound)', () => {
      const m = 200_000;
      for (const rate of [0.3, 4, 57.5, 2500]) {
        const frac = gridFractions((u) => poissonDraw(rate, u), m);
        let total = 0;
        for (const [k, f] of frac) {
          expect(Math.abs(f - poissonPmf(rate, k)), `rate ${rate}, k ${k}`).toBeLessThanOrEqual(2 / m);
          total += f;
        }
        expect(total).toBeCloseTo(1, 9);
      }
    });
    it('returns 0 for rate 0 and stays finite in the extreme tail', () => {
      expect(poissonDraw(0, 0.999)).toBe(0);
      // sd = 1000: the extreme uniforms map to values within 10 sd of the rate.
      for (const u of [0, 1e-300, 1 - 2 ** -53]) {
        const k = poissonDraw(1e6, u);
        expect(Number.isInteger(k) && Math.abs(k - 1e6) < 1e4).toBe(true);
      }
    });
  });

  describe('binomialDraw', () => {
    it('is an exact inversion: each k gets measure p(k) (within the 2/M grid bound)', () => {
      const m = 200_000;
      for (const [n, p] of [
        [10, 0.3],
        [1000, 0.5],
        [50, 0.999],
        [3, 0.01],
      ] as const) {
        const frac = gridFractions((u) => binomialDraw(n, p, u), m);
        for (const [k, f] of frac) {
          expect(k).toBeGreaterThanOrEqual(0);
          expect(k).toBeLessThanOrEqual(n);
          expect(Math.abs(f - binomialPmf(n, p, k)), `n ${n}, p ${p}, k ${k}`).toBeLessThanOrEqual(2 / m);
        }
      }
    });
    it('handles p = 0, p = 1 and n = 0', () => {
      expect(binomialDraw(7, 0, 0.99)).toBe(0);
      expect(binomialDraw(7, 1, 0)).toBe(7);
      expect(binomialDraw(0, 0.4, 0.5)).toBe(0);
    });
  });

  describe('categoricalDraw', () => {
    it('inverts the cumulative probabilities and maps the rounding residue to the last positive category', () => {
      const p = [0.25, 0.5, 0.25 - 1e-9, 0];
      expect(categoricalDraw(p, 0, 4, 0.1)).toBe(0);
      expect(categoricalDraw(p, 0, 4, 0.25)).toBe(1);
      expect(categoricalDraw(p, 0, 4, 0.9)).toBe(2);
      expect(categoricalDraw(p, 0, 4, 1 - 1e-10)).toBe(2);
      expect(categoricalDraw([9, 0, 1], 1, 2, 0.5)).toBe(1);
    });
  });
});
