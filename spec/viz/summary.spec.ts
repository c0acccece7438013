import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatSummary, summary } from '../../lib/viz/summary.js';

/** 0, 1, ..., n − 1 plus `shift`: closed-form mean, sd and quantiles. */
const ramp = (n: number, shift = 0): Float64Array => Float64Array.from({ length: n }, (_, i) => i + shift);

describe('viz/summary', () => {
  describe('summary', () => {
    it('gives mean, sd (n − 1 denominator) and quantiles per site, in closed form for a ramp', () => {
      // 0..100: mean 50; Σ (i − 50)² = 2 Σ_{k≤50} k² = 85850, so sd = √(85850 / 100); linear quantiles are 100 q
      const table = summary({ loc: ramp(101), scale: ramp(101, 10) });
      expect(table.columns).toEqual(['mean', 'sd', '5%', '50%', '95%']);
      expect(table.rows.map((r) => r.label)).toEqual(['loc', 'scale']);
      const [loc, scale] = table.rows;
      expect(loc!.stats.mean).toBe(50);
      expect(loc!.stats.sd).toBeCloseTo(Math.sqrt(858.5), 12);
      expect([loc!.stats['5%'], loc!.stats['50%'], loc!.stats['95%']]).toEqual([5, 50, 95]);
      expect(scale!.stats.mean).toBe(60);
      expect(scale!.stats['95%']).toBe(105);
    });

    it('has one row per element of a tensor site (draws first), labelled site[i], and reads tensors without leaking', () => {
      const draws = tf.tensor2d([0, 10, 2, 12, 4, 14], [3, 2]);
      const before = tf.memory().numTensors;
      const table = summary({ w: draws }, { probs: [0.5] });
      expect(tf.memory().numTensors).toBe(before);
      expect(table.columns).toEqual(['mean', 'sd', '50%']);
      expect(table.rows.map((r) => [r.label, r.site, r.stats.mean, r.stats['50%']])).toEqual([
        ['w[0]', 'w', 2, 2],
        ['w[1]', 'w', 12, 12],
      ]);
      draws.dispose();
    });

    it('names quantile columns like NumPyro (2.5%, 97.5%) and gives NaN statistics to a marginal with a NaN draw', () => {
      const table = summary({ a: [1, Number.NaN, 3] }, { probs: [0.025, 0.975] });
      expect(table.columns).toEqual(['mean', 'sd', '2.5%', '97.5%']);
      expect(Object.values(table.rows[0]!.stats).every(Number.isNaN)).toBe(true);
    });

    it('matches the definition on random draws (property): mean within [min, max], quantiles monotone, sd ≥ 0', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), (xs) => {
          const { stats } = summary({ x: xs }, { probs: [0, 0.25, 0.5, 0.75, 1] }).rows[0]!;
          const lo = Math.min(...xs);
          const hi = Math.max(...xs);
          expect(stats['0%']).toBe(lo);
          expect(stats['100%']).toBe(hi);
          expect(stats.mean!).toBeGreaterThanOrEqual(lo - 1e-9 * Math.abs(lo));
          expect(stats.mean!).toBeLessThanOrEqual(hi + 1e-9 * Math.abs(hi));
          expect(stats.sd!).toBeGreaterThanOrEqual(0);
          expect(stats['25%']!).toBeLessThanOrEqual(stats['50%']!);
          expect(stats['50%']!).toBeLessThanOrEqual(stats['75%']!);
        }),
      );
    });

    it('raises InvalidArgument for probs outside [0, 1] and empty samples', () => {
      expect(() => summary({ a: [1] }, { probs: [2] })).toThrow(/summary: argument 'probs' must lie in \[0, 1\]: got 2/);
      expect(() => summary({})).toThrow(/summary: argument 'samples' must hold at least one site/);
      expect(() => summary({ a: [] })).toThrow(/summary: argument 'samples' must hold at least one draw for 'a'/);
    });
  });

  describe('formatSummary', () => {
    it('prints a right-aligned table to 4 significant digits', () => {
      const text = formatSummary(summary({ loc: ramp(101), scale: ramp(101, 10) }));
      expect(text).toBe(
        [
          '       mean    sd  5%  50%  95%',
          '  loc    50  29.3   5   50   95',
          'scale    60  29.3  15   60  105',
        ].join('\n'),
      );
    });
  });
});
