/**
 * `sumOfLogs`: Σ log vᵢ with one logarithm per six factors.
 * Reference: the per-element float64 sum `Σ Math.log(vᵢ)`. Tolerance: each group's product
 * rounds 5 times (relative error ≤ 5·2⁻⁵³, so ≤ 5.6e-16 absolute in its log), and the two sums
 * add their terms in different groupings (≤ n·2⁻⁵³ · Σ|log vᵢ|); the bound used,
 * 1e-15 · n + 2e-16 · n · Σ|log vᵢ|, covers both. Non-finite sums (a zero, a negative, NaN, ∞
 * among the values) must be exactly the per-element sum.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sumOfLogs } from '../../../lib/distributions/density/sum-of-logs.js';

const perElement = (v: readonly number[]): number => v.reduce((s, x) => s + Math.log(x), 0);

describe('distributions/density/sum-of-logs', () => {
  it('matches the per-element sum for positive float32 values (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: Math.fround(1e-45), max: Math.fround(3e38), noNaN: true }), { maxLength: 40 }), (values) => {
        const want = perElement(values);
        const scale = values.reduce((s, x) => s + Math.abs(Math.log(x)), 0);
        expect(Math.abs(sumOfLogs(values, values.length) - want)).toBeLessThanOrEqual(1e-15 * values.length + 2e-16 * values.length * scale);
      }),
      { numRuns: 500 },
    );
  });

  it('is exactly the per-element sum when a value is 0, negative, NaN or infinite', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 20 }),
        fc.constantFrom(0, -1, Number.NaN, Infinity, -0),
        fc.nat(),
        (values, odd, at) => {
          const v = [...values];
          v[at % v.length] = odd;
          const got = sumOfLogs(v, v.length);
          const want = perElement(v);
          if (Number.isFinite(want)) expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12);
          else expect(got).toBe(want);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('logs float64 values beyond float32 range one by one (no overflow or underflow of a product)', () => {
    const v = [1e300, 1e300, 1e300, 1e-300, 1e-300, 1e-300, 1e200, 1e200, 1e200, 1e200, 1e200, 1e200];
    expect(Math.abs(sumOfLogs(v, v.length) - perElement(v))).toBeLessThanOrEqual(1e-10);
    const tiny = Array.from({ length: 6 }, () => 1e-60);
    expect(Math.abs(sumOfLogs(tiny, 6) - perElement(tiny))).toBeLessThanOrEqual(1e-12);
  });
});
