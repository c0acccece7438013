import { describe, expect, it } from 'vitest';
import { draws, mulberry32 } from '../../examples/support/data.js';
import { float32Sum } from './data.js';

// Test vectors and checksums from shared/bench/WORKLOADS.md.
describe('bench/mulberry32 (examples/support/data.ts, the one copy of the generator)', () => {
  describe('mulberry32', () => {
    it('gives the reference uniforms of seed 1', () => {
      const g = mulberry32(1);
      expect([g.uniform(), g.uniform(), g.uniform()]).toEqual([0.6270739405881613, 0.002735721180215478, 0.5274470399599522]);
    });

    it('gives the reference first normal of seed 1', () => {
      expect(mulberry32(1).normal()).toBe(1.4043387784152637);
    });

    it('sums the first 100000 uniforms of seed 2 to the reference', () => {
      const g = mulberry32(2);
      expect(draws(100000, () => g.uniform()).reduce((s, u) => s + u, 0)).toBeCloseTo(49850.915435128845, 6);
    });

    it('reproduces the seed_mvn data checksum (float32 data, float64 sum)', () => {
      const g = mulberry32(1);
      const data = draws(100, () => g.normal() + 3);
      expect(Math.abs(float32Sum(data) - 320.8001583814621) / 320.8001583814621).toBeLessThan(1e-6);
    });
  });
});
