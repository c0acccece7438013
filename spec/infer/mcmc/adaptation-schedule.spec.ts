import { describe, expect, it } from 'vitest';
import { adaptationSchedule } from '../../../lib/infer/mcmc/adaptation-schedule.js';

const sizes = (warmup: number): number[] => adaptationSchedule(warmup).map((w) => w.end - w.start + 1);

describe('adaptation-schedule', () => {
  describe('adaptationSchedule', () => {
    it("is MCMC.md's (Stan's, Pyro's) windows for warmup 500 and 1000", () => {
      expect(sizes(500)).toEqual([75, 25, 50, 100, 200, 50]);
      expect(sizes(1000)).toEqual([75, 25, 50, 100, 200, 500, 50]);
    });

    it('stretches the last slow window to the final buffer (warmup 300: 75 | 25, 50, 100 | 50)', () => {
      expect(sizes(300)).toEqual([75, 25, 50, 100, 50]);
      expect(sizes(400)).toEqual([75, 25, 50, 200, 50]);
    });

    it('scales the buffers to 15 % / 10 % below 150 iterations, and has one window below 20', () => {
      expect(sizes(100)).toEqual([15, 75, 10]);
      expect(sizes(19)).toEqual([19]);
      expect(adaptationSchedule(0)).toEqual([]);
    });

    it('covers 0 … warmup − 1 without gaps', () => {
      for (const warmup of [20, 57, 150, 151, 777, 2000]) {
        const w = adaptationSchedule(warmup);
        expect(w[0]!.start).toBe(0);
        expect(w[w.length - 1]!.end).toBe(warmup - 1);
        for (let i = 1; i < w.length; i++) expect(w[i]!.start).toBe(w[i - 1]!.end + 1);
      }
    });
  });
});
