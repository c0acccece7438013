import { describe, expect, it } from 'vitest';
import { hpdiSorted, lowerMedian, quantileSorted } from '../../../../lib/infer/mcmc/diagnostics/intervals.js';
import { GOLDEN } from './golden.js';

const sortedOf = (chains: readonly (readonly number[])[]): Float64Array => Float64Array.from(chains.flat()).sort();

describe('diagnostics/intervals', () => {
  describe('quantileSorted', () => {
    it('interpolates linearly at p·(n − 1) (numpy / Pyro)', () => {
      for (const c of Object.values(GOLDEN.cases)) {
        const s = sortedOf(c.chains);
        for (const [q, v] of Object.entries(c.quantiles)) expect(quantileSorted(s, Number(q))).toBeCloseTo(v, 12);
      }
      expect(quantileSorted([0, 10], 0.25)).toBe(2.5);
    });
  });

  describe('hpdiSorted', () => {
    it("matches Pyro's hpdi (golden)", () => {
      for (const c of Object.values(GOLDEN.cases)) {
        const s = sortedOf(c.chains);
        const plusZero = (v: readonly number[]): number[] => v.map((x) => x + 0); // −0 and 0 sort apart
        expect(plusZero(hpdiSorted(s, 0.9))).toEqual(plusZero(c['hpdi_0.9']));
        expect(plusZero(hpdiSorted(s, 0.5))).toEqual(plusZero(c['hpdi_0.5']));
      }
    });

    it('is the narrowest window: [1, 2, 3, 10, 11] at 0.4 → [1, 3]', () => {
      // ⌊0.4 · 5⌋ = 2: windows [1,3], [2,10], [3,11]; the first is the narrowest
      expect(hpdiSorted([1, 2, 3, 10, 11], 0.4)).toEqual([1, 3]);
    });
  });

  describe('lowerMedian', () => {
    it('takes the lower of the two middle draws (torch.median)', () => {
      expect(lowerMedian([1, 2, 3, 4])).toBe(2);
      expect(lowerMedian([1, 2, 3])).toBe(2);
    });
  });
});
