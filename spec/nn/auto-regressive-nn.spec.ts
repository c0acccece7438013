import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { prngKey, splitKey } from '../../lib/core/key.js';
import { AutoRegressiveNN, madeMasks } from '../../lib/nn/auto-regressive-nn.js';

/** A mask as rows `[inDim][outDim]` of 0/1. */
const rows = (m: Float32Array, inDim: number): number[][] => Array.from({ length: inDim }, (_, i) => Array.from(m.slice((i * m.length) / inDim, ((i + 1) * m.length) / inDim)));

describe('nn/auto-regressive-nn', () => {
  describe('madeMasks', () => {
    it("equals Pyro's create_mask for d = 3, hidden [4], identity order (transposed to [in, out])", () => {
      // Pyro: hidden degrees round(linspace(1, 2, 4)) = round([1, 1.33, 1.67, 2]) = [1, 1, 2, 2];
      // input degrees [1, 2, 3]; output degrees [1, 2, 3, 1, 2, 3].
      const [m0, m1] = madeMasks(3, [4], [0, 1, 2]);
      expect(rows(m0!, 3)).toEqual([
        [1, 1, 1, 1],
        [0, 0, 1, 1],
        [0, 0, 0, 0],
      ]);
      expect(rows(m1!, 4)).toEqual([
        [0, 1, 1, 0, 1, 1],
        [0, 1, 1, 0, 1, 1],
        [0, 0, 1, 0, 0, 1],
        [0, 0, 1, 0, 0, 1],
      ]);
    });

    it('rounds half degrees to even as torch.round does (d = 4, hidden [5]: [1, 2, 2, 2, 3])', () => {
      const [m0] = madeMasks(4, [5], [0, 1, 2, 3]);
      // unit k is reachable from input j iff degree(k) ≥ j + 1: column sums give #inputs per unit
      const reach = Array.from({ length: 5 }, (_, k) => [0, 1, 2, 3].filter((j) => m0![j * 5 + k] === 1).length);
      expect(reach).toEqual([1, 2, 2, 2, 3]);
    });

    it('follows the permutation: the first input in the order reaches no output of its own', () => {
      const masks = madeMasks(3, [6, 6], [2, 0, 1]);
      // connectivity input → output = product of the masks
      const chain = masks.reduce<number[][]>((acc, m) => {
        const outDim = m.length / acc[0]!.length;
        return acc.map((row) => Array.from({ length: outDim }, (_, j) => row.reduce((s, v, i) => s + v * m[i * outDim + j]!, 0)));
      }, [[1, 0, 0], [0, 1, 0], [0, 0, 1]]).map((row) => row.map((v) => (v > 0 ? 1 : 0)));
      // order 2, 0, 1: output i depends on input j iff j comes before i
      const before = (j: number, i: number) => [2, 0, 1].indexOf(j) < [2, 0, 1].indexOf(i);
      for (let j = 0; j < 3; j++) for (let i = 0; i < 3; i++) expect([chain[j]![i], chain[j]![3 + i]]).toEqual(before(j, i) ? [1, 1] : [0, 0]);
    });
  });

  describe('AutoRegressiveNN', () => {
    it('declares torch-initialized layers.k.weight [in, out] and .bias, and outputs loc and log-scale [..., d]', () => {
      const net = AutoRegressiveNN(3, [8]);
      expect(Object.keys(net.params)).toEqual(['layers.0.weight', 'layers.0.bias', 'layers.1.weight', 'layers.1.bias']);
      const keys = splitKey(prngKey(1), 4);
      const weights = Object.fromEntries(Object.entries(net.params).map(([n, init], i) => [n, typeof init === 'function' ? init(keys[i]!) : init]));
      expect(weights['layers.0.weight']!.shape).toEqual([3, 8]);
      expect(weights['layers.1.weight']!.shape).toEqual([8, 6]);
      // torch's nn.Linear init: |w| ≤ 1/√fanIn
      expect(Math.max(...Array.from(weights['layers.0.weight']!.dataSync()).map(Math.abs))).toBeLessThanOrEqual(1 / Math.sqrt(3));
      const [loc, logScale] = net.bind(weights).apply(tf.ones([2, 5, 3]));
      expect([loc.shape, logScale.shape]).toEqual([[2, 5, 3], [2, 5, 3]]);
      tf.dispose([...Object.values(weights), loc, logScale]);
    });

    it('rejects hidden widths below the input dim and non-permutations, naming the argument', () => {
      expect(() => AutoRegressiveNN(4, [3])).toThrow(/AutoRegressiveNN: argument 'hiddenDims'/);
      expect(() => AutoRegressiveNN(3, [9], { permutation: [0, 0, 1] })).toThrow(/argument 'permutation'/);
    });
  });
});
