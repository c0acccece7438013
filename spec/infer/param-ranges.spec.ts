import { describe, expect, it } from 'vitest';
import { real } from '../../lib/core/constraint.js';
import { constraints } from '../../lib/distributions/constraints/namespace.js';
import { representableRange } from '../../lib/infer/param-ranges.js';

const FLOAT32_MIN_NORMAL = 1.1754943508222875e-38;
const FLOAT32_MAX = 3.4028234663852886e38;

describe('infer/param-ranges', () => {
  describe('representableRange', () => {
    it('positive (exp): exp(u) is a normal float32 over the range (bounds log(2⁻¹²⁶) ≈ −87.34 and log(FLT_MAX) ≈ 88.72, each moved in by 1)', () => {
      const [lo, hi] = representableRange(constraints.positive)!;
      expect(lo).toBeCloseTo(Math.log(FLOAT32_MIN_NORMAL) + 1, 6);
      expect(hi).toBeCloseTo(Math.log(FLOAT32_MAX) - 1, 6);
      expect(Math.fround(Math.exp(lo))).toBeGreaterThan(FLOAT32_MIN_NORMAL);
      expect(Math.fround(Math.exp(hi))).toBeLessThan(FLOAT32_MAX);
    });

    it('softplusPositive: bounded below only (softplus(u) ≈ u never overflows before u does)', () => {
      const [lo, hi] = representableRange(constraints.softplusPositive)!;
      expect(lo).toBeCloseTo(Math.log(FLOAT32_MIN_NORMAL) + 1, 4);
      expect(hi).toBe(Infinity);
    });

    it('greaterThan(5): 5 + eᵘ must stay above 5 in float32 (eᵘ ≥ half an ulp of 5, u ≳ −15.9), moved in by 1', () => {
      const [lo] = representableRange(constraints.greaterThan(5))!;
      expect(lo).toBeGreaterThan(-16);
      expect(lo).toBeLessThan(-14);
      expect(Math.fround(5 + Math.exp(lo))).toBeGreaterThan(5);
    });

    it('closed intervals (sigmoid) take every u; real and non-elementwise constraints have no range', () => {
      expect(representableRange(constraints.unitInterval)).toEqual([-Infinity, Infinity]);
      expect(representableRange(real)).toBeUndefined();
      expect(representableRange(constraints.simplex)).toBeUndefined();
    });

    it('is cached per constraint', () => {
      expect(representableRange(constraints.positive)).toBe(representableRange(constraints.positive));
    });
  });
});
