import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { plotLoss } from '../../lib/viz/plot-loss.js';
import { plotPairs } from '../../lib/viz/plot-pairs.js';
import { plotPosterior } from '../../lib/viz/plot-posterior.js';
import { histogram, quantile } from '../../lib/viz/samples.js';
import { markItems, parseSvg, texts } from './helpers/svg.js';

/** The vertices of an SVG path made of M/L commands (vega's line marks), as [x, y] pairs. */
const vertices = (d: string): number[][] =>
  d
    .split(/[ML]/)
    .filter((p) => p.length > 0)
    .map((p) => p.split(',').map(Number));

/** `value: v; q: p` from a rule's aria-label (vega writes U+2212 for minus). */
const ruleValues = (doc: ReturnType<typeof parseSvg>): number[] =>
  markItems(doc, 'rule').map((e) => Number(/value: ([^;]+)/.exec(e.getAttribute('aria-label')!.replace('\u2212', '-'))![1]));

/** A deterministic sample: 0, 1, ..., n − 1 (closed-form quantiles: q (n − 1)). */
const ramp = (n: number, shift = 0): Float64Array => Float64Array.from({ length: n }, (_, i) => i + shift);

describe('viz/plots', () => {
  describe('plotLoss', () => {
    it('draws one line, at the losses: linear y maps equal steps to equal pixel steps', async () => {
      const doc = parseSvg(await plotLoss([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { width: 480, height: 240 }));
      const lines = markItems(doc, 'line');
      expect(lines).toHaveLength(1);
      // domain [0, 10] (already nice) onto [240, 0], steps 0..10 onto [0, 480]; vega rounds to 1e-3 px
      const pts = vertices(lines[0]!.getAttribute('d')!);
      pts.forEach(([x, y], i) => {
        expect(x).toBeCloseTo(48 * i, 2);
        expect(y).toBeCloseTo(240 - 24 * i, 2);
      });
    });

    it('titles the figure and both axes, and names the curve in a legend', async () => {
      const t = texts(parseSvg(await plotLoss([3, 2, 1])));
      expect(t).toEqual(expect.arrayContaining(['SVI loss', 'step', 'loss', 'loss per step']));
    });

    it('with logScale puts 1, 10, 100, 1000 at equal pixel spacing (log10 is affine on the axis)', async () => {
      const doc = parseSvg(await plotLoss(new Float64Array([1, 10, 100, 1000]), { logScale: true }));
      const ys = vertices(markItems(doc, 'line')[0]!.getAttribute('d')!).map((p) => p[1]!);
      const gaps = ys.slice(1).map((y, i) => ys[i]! - y);
      for (const g of gaps) expect(g).toBeCloseTo(gaps[0]!, 2);
      expect(texts(doc)).toContain('loss (log scale)');
    });

    it('with logScale and a loss ≤ 0 draws loss − min + 1 on a log axis that says so; leaves non-finite losses out and counts them', async () => {
      // min −3: the drawn values are 12, 1, 6, 3, on a log axis with domain [1, 100] (niced to powers of 10) onto [240, 0]
      const doc = parseSvg(await plotLoss([8, -3, Number.NaN, 2, Number.POSITIVE_INFINITY, -1], { logScale: true, height: 240 }));
      const ys = vertices(markItems(doc, 'line')[0]!.getAttribute('d')!).map((p) => p[1]!);
      expect(ys).toHaveLength(4);
      [12, 1, 6, 3].forEach((v, i) => expect(ys[i]).toBeCloseTo(240 * (1 - Math.log10(v) / 2), 2));
      const t = texts(doc).join('\n');
      expect(t).toContain('loss − min(loss) + 1 (log scale)');
      expect(t).toContain('some losses are ≤ 0 (the lowest is -3.0000): the log axis shows loss − min(loss) + 1');
      expect(t).toContain('2 non-finite losses left out');
      expect(t).not.toContain('symlog');
    });

    it('overlays a centred moving average that does not lag: a linear loss is its own average away from the ends', async () => {
      const doc = parseSvg(await plotLoss(ramp(11), { smooth: 3, width: 480, height: 240 }));
      const lines = markItems(doc, 'line');
      expect(lines).toHaveLength(2);
      const smoothed = vertices(lines[1]!.getAttribute('d')!);
      // mean of i − 1 .. i + 1 clipped to 0 .. 10: i inside, 0.5 and 9.5 at the ends
      const expected = Array.from({ length: 11 }, (_, i) => (i === 0 ? 0.5 : i === 10 ? 9.5 : i));
      smoothed.forEach(([, y], i) => expect(y).toBeCloseTo(240 - 24 * expected[i]!, 2));
      expect(texts(doc)).toEqual(expect.arrayContaining(['loss per step', 'centred moving average (3 steps)']));
    });

    it('rounds an even window up to the next odd one (centred needs an odd width)', async () => {
      expect(texts(parseSvg(await plotLoss(ramp(11), { smooth: 4 })))).toContain('centred moving average (5 steps)');
    });

    it('raises InvalidArgument without a finite loss or with a bad window', async () => {
      await expect(plotLoss([Number.NaN])).rejects.toThrow(/plotLoss: argument 'losses' must contain at least one finite loss/);
      await expect(plotLoss([1, 2], { smooth: 0.5 })).rejects.toThrow(/plotLoss: argument 'smooth' must be a positive integer/);
    });
  });

  describe('plotPosterior', () => {
    it('draws one panel per site with `bins` bars and one rule per quantile, at the exact quantiles', async () => {
      const doc = parseSvg(await plotPosterior({ loc: ramp(101), scale: ramp(101, 10) }, { bins: 10, quantiles: [0.05, 0.5, 0.95] }));
      expect(markItems(doc, 'rect')).toHaveLength(2 * 10);
      // numpy-style linear quantiles of 0..100 are 100 q exactly
      expect(ruleValues(doc)).toEqual([5, 50, 95, 15, 60, 105]);
      expect(texts(doc)).toEqual(expect.arrayContaining(['loc', 'scale']));
    });

    it('has a title, axis titles, and a subtitle that says what the dashed rules are', async () => {
      const t = texts(parseSvg(await plotPosterior({ loc: ramp(101) }, { bins: 10, quantiles: [0.05, 0.5, 0.95] })));
      expect(t).toEqual(expect.arrayContaining(['Posterior marginals', 'histogram (10 bins); dashed red lines: the 5%, 50%, 95% quantiles', 'value', 'count']));
    });

    it('labels a site with one element per draw (shape [n, 1]) by its name, not site[0]', async () => {
      const draws = tf.tensor2d(Array.from({ length: 20 }, (_, i) => i), [20, 1]);
      const t = texts(parseSvg(await plotPosterior({ loc: draws }, { bins: 5, quantiles: [0.5] })));
      expect(t).toContain('loc');
      expect(t).not.toContain('loc[0]');
      draws.dispose();
    });

    it('splits a tensor site [draws, 2] into panels site[0], site[1]; reads tensors without leaking', async () => {
      const draws = tf.tensor2d(Array.from({ length: 40 }, (_, i) => i), [20, 2]);
      const before = tf.memory().numTensors;
      const doc = parseSvg(await plotPosterior({ w: draws }, { bins: 5, quantiles: [0.5] }));
      expect(tf.memory().numTensors).toBe(before);
      expect(texts(doc)).toEqual(expect.arrayContaining(['w[0]', 'w[1]']));
      expect(ruleValues(doc)).toEqual([19, 20]); // medians of 0, 2, ..., 38 and 1, 3, ..., 39
      draws.dispose();
    });

    it('draws densities (one area per panel) with kind density', async () => {
      const doc = parseSvg(await plotPosterior({ a: ramp(50), b: ramp(50), c: ramp(50) }, { kind: 'density', quantiles: [] }));
      expect(markItems(doc, 'area')).toHaveLength(3);
      expect(markItems(doc, 'rule')).toHaveLength(0);
    });

    it('raises InvalidArgument past maxPanels, for empty records and for quantiles outside [0, 1]', async () => {
      await expect(plotPosterior({ big: tf.zeros([3, 40]) })).rejects.toThrow(/plotPosterior: argument 'samples' has 40 scalar marginals, more than maxPanels = 36/);
      await expect(plotPosterior({})).rejects.toThrow(/argument 'samples' must hold at least one site/);
      await expect(plotPosterior({ a: [1] }, { quantiles: [1.5] })).rejects.toThrow(/argument 'quantiles' must lie in \[0, 1\]/);
    });
  });

  describe('plotPairs', () => {
    it('draws a histogram per variable and a scatter per pair, one symbol per draw', async () => {
      const a = ramp(40);
      const doc = parseSvg(await plotPairs({ a, b: a.map((x) => 2 * x + 1), c: a.map((x) => Math.sin(x)) }, { bins: 8 }));
      expect(markItems(doc, 'symbol')).toHaveLength(3 * 40); // pairs (b,a), (c,a), (c,b)
      expect(markItems(doc, 'rect')).toHaveLength(3 * 8);
      expect(texts(doc)).toEqual(expect.arrayContaining(['a', 'b', 'c', 'Posterior pairs', 'diagonal: histogram of each variable; below: one point per draw (40 of 40 draws)']));
    });

    it('thins to at most maxPoints evenly spaced draws and drops draws with a non-finite value', async () => {
      const a = ramp(100);
      a[3] = Number.NaN;
      const doc = parseSvg(await plotPairs({ a, b: ramp(100) }, { maxPoints: 33 }));
      expect(markItems(doc, 'symbol')).toHaveLength(33); // 99 finite draws, every 3rd
    });

    it('raises InvalidArgument when sites have different numbers of draws', async () => {
      await expect(plotPairs({ a: [1, 2, 3], b: [1, 2] })).rejects.toThrow(/plotPairs: argument 'samples' must have the same number of draws per variable \(a: 3\): got b: 2/);
    });
  });

  describe('quantile and histogram', () => {
    it('interpolate linearly between order statistics and bin with the last bin closed', () => {
      const x = Float64Array.from([1, 2, 4, 8]);
      expect(quantile(x, 0)).toBe(1);
      expect(quantile(x, 1)).toBe(8);
      expect(quantile(x, 0.5)).toBe(3); // h = 1.5: 2 + 0.5 (4 − 2)
      expect(histogram(x, 2).map((b) => b.count)).toEqual([3, 1]); // [1, 4.5), [4.5, 8]
      expect(histogram(Float64Array.from([2, 2]), 5)).toEqual([{ start: 1.5, end: 2.5, count: 2 }]);
    });
  });
});
