import { describe, expect, it } from 'vitest';
import { lagSums } from '../../../../lib/infer/mcmc/diagnostics/autocovariance.js';
import { pyroEss, pyroSplitRHat, splitChains } from '../../../../lib/infer/mcmc/diagnostics/pyro-stats.js';
import { GOLDEN, chainsOf } from './golden.js';

// References: golden/diagnostics.py transcribes Pyro 1.8.6's pyro.ops.stats in float64 numpy.
// Both sides are float64 with FFTs of different lengths; 1e-9 relative covers the rounding.
const REL = 1e-9;

describe('diagnostics/pyro-stats', () => {
  describe('lagSums', () => {
    it('equals the direct sums Σ (x_t − x̄)(x_{t+k} − x̄)', () => {
      const x = Float64Array.from({ length: 37 }, (_, i) => Math.sin(i * 1.7) + 0.01 * i * i);
      const m = x.reduce((a, b) => a + b) / x.length;
      const s = lagSums(x);
      for (const k of [0, 1, 5, 36]) {
        let direct = 0;
        for (let t = 0; t + k < x.length; t++) direct += (x[t]! - m) * (x[t + k]! - m);
        expect(s[k]).toBeCloseTo(direct, 10);
      }
    });
  });

  describe('pyroEss', () => {
    for (const [name, c] of Object.entries(GOLDEN.cases)) {
      it(`matches Pyro's effective_sample_size on ${name}`, () => {
        expect(Math.abs(pyroEss(chainsOf(c)) / c.pyro_ess - 1)).toBeLessThan(REL);
      });
    }

    it('is about N(1 − φ)/(1 + φ) for a long AR(1) chain (closed form)', () => {
      // x_t = φ x_{t−1} + √(1 − φ²) ε_t; the integrated autocorrelation time is (1 + φ)/(1 − φ).
      let state = 12345;
      const uniform = (): number => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) + 0.5) / 2 ** 32;
      const normal = (): number => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
      const n = 40000;
      const phi = 0.6;
      const x = new Float64Array(n);
      for (let t = 1; t < n; t++) x[t] = phi * x[t - 1]! + Math.sqrt(1 - phi * phi) * normal();
      const expected = (n * (1 - phi)) / (1 + phi);
      // the estimator's sd at this length is ~4 % of the value: 15 % is a loose bound
      expect(Math.abs(pyroEss([x]) / expected - 1)).toBeLessThan(0.15);
    });
  });

  describe('pyroSplitRHat', () => {
    for (const [name, c] of Object.entries(GOLDEN.cases)) {
      it(`matches Pyro's split_gelman_rubin on ${name}`, () => {
        expect(Math.abs(pyroSplitRHat(chainsOf(c)) / c.pyro_split_rhat - 1)).toBeLessThan(REL);
      });
    }
  });

  describe('splitChains', () => {
    it('takes the first and last ⌊N/2⌋ draws (the middle draw of an odd chain is dropped)', () => {
      const halves = splitChains([Float64Array.from([1, 2, 3, 4, 5])]);
      expect(halves.map((h) => Array.from(h))).toEqual([
        [1, 2],
        [4, 5],
      ]);
    });
  });
});
