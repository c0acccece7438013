import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { formatSummary, summary } from '../../../../lib/infer/mcmc/diagnostics/summary.js';
import { GOLDEN } from './golden.js';

describe('diagnostics/summary', () => {
  const c = GOLDEN.cases['ar1_0.7_4x200']!;
  const chains = tf.tensor(c.chains.flat(), [4, 200]);

  describe('summary', () => {
    it("gives Pyro's columns per element: mean, std (ddof 1), lower median, 90 % HPDI, n_eff, split R-hat", () => {
      const pooled = c.chains.flat();
      const mean = pooled.reduce((a, b) => a + b) / pooled.length;
      const std = Math.sqrt(pooled.reduce((a, b) => a + (b - mean) ** 2, 0) / (pooled.length - 1));
      const [row] = summary({ x: chains });
      expect(row!.name).toBe('x');
      expect(row!.mean).toBeCloseTo(mean, 6); // float32 draws
      expect(row!.std).toBeCloseTo(std, 6);
      expect(row!.median).toBe(Float64Array.from(chains.dataSync()).sort()[399]);
      expect(row!.lower).toBeCloseTo(c['hpdi_0.9'][0], 6);
      expect(row!.upper).toBeCloseTo(c['hpdi_0.9'][1], 6);
      expect(row!.nEff / c.pyro_ess).toBeCloseTo(1, 5);
      expect(row!.rHat / c.pyro_split_rhat).toBeCloseTo(1, 5);
    });

    it('names vector elements site[i] and matrix elements site[i,j]; groupByChain: false reads [draws, ...]', () => {
      const m = tf.zeros([2, 10, 2, 3]).add(tf.range(0, 20).reshape([2, 10, 1, 1]));
      const rows = summary({ m });
      expect(rows.map((r) => r.name)).toEqual(['m[0,0]', 'm[0,1]', 'm[0,2]', 'm[1,0]', 'm[1,1]', 'm[1,2]']);
      const flat = summary({ v: tf.range(0, 10).reshape([10, 1]) }, { groupByChain: false });
      expect(flat.map((r) => r.name)).toEqual(['v[0]']);
      expect(flat[0]!.mean).toBe(4.5);
      expect(() => summary({ v: chains }, { prob: 1 })).toThrow(/summary: argument 'prob' must be in \(0, 1\)/);
    });
  });

  describe('formatSummary', () => {
    it("prints Pyro's table: right-aligned names (≥ 10 wide), seven %9.2f columns, then the divergences", () => {
      const text = formatSummary(
        [
          { name: 'mu', site: 'mu', index: [], mean: 4.3858, std: 3.3, median: 4.4, lower: -1.23, upper: 9.9, nEff: 2668.2, rHat: 1.0004 },
          { name: 'theta_tilde[7]', site: 'theta_tilde', index: [7], mean: -0.005, std: 0.97, median: 0, lower: -1.6, upper: 1.55, nEff: NaN, rHat: 1 },
        ],
        { divergences: 1 },
      );
      expect(text).toBe(
        [
          '',
          '                    mean       std    median      5.0%     95.0%     n_eff     r_hat',
          '            mu      4.39      3.30      4.40     -1.23      9.90   2668.20      1.00',
          'theta_tilde[7]     -0.01      0.97      0.00     -1.60      1.55       nan      1.00',
          '',
          'Number of divergences: 1',
        ].join('\n'),
      );
      expect(formatSummary([], { prob: 0.5 }).split('\n')[1]).toBe('                mean       std    median     25.0%     75.0%     n_eff     r_hat');
    });
  });
});
