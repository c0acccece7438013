import { describe, expect, it } from 'vitest';
import { normalQuantile } from '../../../../lib/infer/mcmc/diagnostics/normal-quantile.js';
import { bulkEss, rankNormalize, rankRHat, tailEss } from '../../../../lib/infer/mcmc/diagnostics/rank-stats.js';
import { GOLDEN, chainsOf } from './golden.js';

// References: golden/diagnostics.py transcribes ArviZ's _ess_bulk, _ess_tail, _rhat_rank with
// scipy's rankdata and norm.ppf (float64). Φ⁻¹ here is AS 241 (~1e-16), so 1e-9 relative.
const REL = 1e-9;

describe('diagnostics/rank-stats', () => {
  describe('normalQuantile', () => {
    it('inverts known normal probabilities (AS 241, ~16 digits)', () => {
      expect(normalQuantile(0.5)).toBe(0);
      expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 14);
      expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 14);
      expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 12);
      expect(normalQuantile(0)).toBe(-Infinity);
      expect(normalQuantile(1)).toBe(Infinity);
      expect(normalQuantile(1.5)).toBeNaN();
    });
  });

  describe('rankNormalize', () => {
    it('gives tied draws the same average rank', () => {
      const [z] = rankNormalize([Float64Array.from([3, 1, 3, 2])]);
      // ranks 3.5, 1, 3.5, 2 of S = 4: Φ⁻¹((r − 3/8)/(S + 1/4))
      expect(z![0]).toBe(z![2]);
      expect(z![1]).toBeCloseTo(normalQuantile(0.625 / 4.25), 14);
      expect(z![0]).toBeCloseTo(normalQuantile(3.125 / 4.25), 14);
    });
  });

  for (const [name, c] of Object.entries(GOLDEN.cases)) {
    describe(name, () => {
      it('bulk ESS matches ArviZ', () => {
        expect(Math.abs(bulkEss(chainsOf(c)) / c.ess_bulk - 1)).toBeLessThan(REL);
      });
      it('tail ESS matches ArviZ', () => {
        expect(Math.abs(tailEss(chainsOf(c)) / c.ess_tail - 1)).toBeLessThan(REL);
      });
      if (c.rhat_rank !== null) {
        it('rank R-hat matches ArviZ', () => {
          expect(Math.abs(rankRHat(chainsOf(c)) / c.rhat_rank! - 1)).toBeLessThan(REL);
        });
      }
    });
  }

  it('flags a chain stuck elsewhere (rank R-hat well above 1.01)', () => {
    const c = GOLDEN.cases.shifted_4x100!;
    expect(rankRHat(chainsOf(c))).toBeGreaterThan(1.02);
    expect(rankRHat(chainsOf(GOLDEN.cases.cauchy_2x150!))).toBeLessThan(1.01);
  });
});
