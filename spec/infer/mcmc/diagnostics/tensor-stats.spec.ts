import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { effectiveSampleSize, hpdi, splitGelmanRubin } from '../../../../lib/infer/mcmc/diagnostics/tensor-stats.js';
import { GOLDEN } from './golden.js';

// The per-element values are the JS diagnostics of pyro-stats / rank-stats (checked against the
// golden file to 1e-9); here only their tensor plumbing: layouts, dims, float32 results (1e-6).
describe('diagnostics/tensor-stats', () => {
  const a = GOLDEN.cases['ar1_0.7_4x200']!;
  const b = GOLDEN.cases.shifted_4x100!;

  describe('effectiveSampleSize', () => {
    it('takes [chains, draws, ...] and returns one value per element, for each method', () => {
      // [4, 100, 2]: element 0 from case a (first 100 draws of each chain), element 1 case b
      const aHalf = a.chains.map((ch) => ch.slice(0, 100));
      const x = tf.tensor(aHalf.flatMap((ch, c) => ch.flatMap((v, i) => [v, b.chains[c]![i]!])), [4, 100, 2]);
      const ess = effectiveSampleSize(x).dataSync();
      expect(ess.length).toBe(2);
      expect(ess[1]! / b.pyro_ess).toBeCloseTo(1, 5);
      expect(effectiveSampleSize(x, { method: 'bulk' }).dataSync()[1]! / b.ess_bulk).toBeCloseTo(1, 5);
      expect(effectiveSampleSize(x, { method: 'tail' }).dataSync()[1]! / b.ess_tail).toBeCloseTo(1, 5);
    });

    it('reads [draws, chains] with chainDim 1, sampleDim 0', () => {
      const x = tf.tensor(a.chains.flat(), [4, 200]);
      const transposed = tf.transpose(x);
      expect(effectiveSampleSize(transposed, { chainDim: 1, sampleDim: 0 }).dataSync()[0]! / a.pyro_ess).toBeCloseTo(1, 5);
    });
  });

  describe('splitGelmanRubin', () => {
    it("Pyro's split R-hat by default, the rank-normalized one with method 'rank'", () => {
      const x = tf.tensor(b.chains.flat(), [4, 100]);
      expect(splitGelmanRubin(x).dataSync()[0]! / b.pyro_split_rhat).toBeCloseTo(1, 5);
      expect(splitGelmanRubin(x, { method: 'rank' }).dataSync()[0]! / b.rhat_rank!).toBeCloseTo(1, 5);
      expect(() => splitGelmanRubin(tf.zeros([2, 3]))).toThrow(/splitGelmanRubin: argument 'samples' must have at least 4 draws per chain/);
      expect(() => splitGelmanRubin(tf.zeros([6]))).toThrow(/must be \[chains, draws, \.\.\.\]/);
    });
  });

  describe('hpdi', () => {
    it('stacks the lower and upper ends along dim (Pyro: shape [2, ...] for dim 0)', () => {
      const pooled = a.chains.flat();
      const x = tf.tensor(pooled.flatMap((v) => [v, 2 * v]), [800, 2]);
      const out = hpdi(x, 0.9);
      expect(out.shape).toEqual([2, 2]);
      const [lo0, lo1, hi0, hi1] = out.dataSync();
      expect(lo0).toBeCloseTo(a['hpdi_0.9'][0], 5);
      expect(hi0).toBeCloseTo(a['hpdi_0.9'][1], 5);
      expect(lo1).toBeCloseTo(2 * a['hpdi_0.9'][0], 5);
      expect(hi1).toBeCloseTo(2 * a['hpdi_0.9'][1], 5);
      const along1 = hpdi(tf.transpose(x), 0.9, 1);
      expect(along1.shape).toEqual([2, 2]);
      expect(along1.dataSync()[0]).toBeCloseTo(a['hpdi_0.9'][0], 5);
      expect(() => hpdi(x, 0.9, 2)).toThrow(/hpdi: argument 'dim' must be a dim of the samples/);
    });
  });
});
