import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cosineDecay, exponentialDecay, stepDecay, warmup } from '../../../lib/infer/optim/schedules.js';

// Closed forms evaluated in float64; the schedules are float64 JS too, so 1e-12 relative.
const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));

describe('infer/optim/schedules', () => {
  describe('exponentialDecay', () => {
    it('starts at the initial rate and multiplies by decayRate every decaySteps', () => {
      const lr = exponentialDecay({ initial: 0.1, decayRate: 0.5, decaySteps: 10 });
      close(lr(1), 0.1);
      close(lr(11), 0.05);
      close(lr(21), 0.025);
      close(lr(6), 0.1 * 0.5 ** 0.5);
    });

    it('drops in steps with staircase', () => {
      const lr = exponentialDecay({ initial: 0.1, decayRate: 0.5, decaySteps: 10, staircase: true });
      close(lr(10), 0.1);
      close(lr(11), 0.05);
      close(lr(20), 0.05);
    });
  });

  describe('stepDecay', () => {
    it("matches torch's StepLR: initial · γ^⌊(t − 1) / stepSize⌋", () => {
      const lr = stepDecay({ initial: 1, stepSize: 3, gamma: 0.1 });
      expect([1, 2, 3, 4, 6, 7].map(lr).map((x) => Number(x.toPrecision(12)))).toEqual([1, 1, 1, 0.1, 0.1, 0.01]);
    });
  });

  describe('cosineDecay', () => {
    it('goes from initial to alpha · initial along half a cosine, then stays', () => {
      const lr = cosineDecay({ initial: 0.2, decaySteps: 100, alpha: 0.1 });
      close(lr(1), 0.2);
      close(lr(51), 0.2 * (0.9 * 0.5 + 0.1));
      close(lr(101), 0.02);
      close(lr(500), 0.02);
    });

    it('is non-increasing (law over random steps)', () => {
      const lr = cosineDecay({ initial: 1, decaySteps: 1000 });
      fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 500 }), (t, d) => lr(t + d) <= lr(t)));
    });
  });

  describe('warmup', () => {
    it('ramps linearly to the base schedule over warmupSteps, then follows it', () => {
      const base = stepDecay({ initial: 1, stepSize: 20, gamma: 0.5 });
      const lr = warmup(base, 10);
      close(lr(1), 0.1);
      close(lr(5), 0.5);
      close(lr(10), 1);
      close(lr(21), 0.5);
      close(warmup(0.01, 4)(2), 0.005);
    });
  });

  it('rejects invalid options naming the argument', () => {
    expect(() => exponentialDecay({ initial: 0.1, decayRate: 0 })).toThrow(/exponentialDecay: argument 'decayRate'/);
    expect(() => stepDecay({ initial: 0.1, stepSize: 0.5 })).toThrow(/stepDecay: argument 'stepSize' must be a positive integer/);
    expect(() => cosineDecay({ initial: 0.1, decaySteps: 10, alpha: 2 })).toThrow(/cosineDecay: argument 'alpha'/);
    expect(() => warmup(0.1, 0)).toThrow(/warmup: argument 'warmupSteps'/);
  });
});
