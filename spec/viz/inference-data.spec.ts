import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { type NestedNumbers, toInferenceData } from '../../lib/viz/inference-data.js';

/** The shape of nested arrays (the first element's, recursively), as NumPy would read it. */
const shapeOf = (x: NestedNumbers): number[] => (Array.isArray(x) ? [x.length, ...shapeOf((x as readonly NestedNumbers[])[0]!)] : []);

describe('viz/inference-data', () => {
  describe('toInferenceData', () => {
    it('gives every posterior variable the shape [chain, draw, ...site shape] that az.from_dict expects', () => {
      const w = tf.tensor3d(Array.from({ length: 6 * 2 * 3 }, (_, i) => i), [6, 2, 3]);
      const before = tf.memory().numTensors;
      const idata = toInferenceData({ loc: [1, 2, 3, 4, 5, 6], w });
      expect(tf.memory().numTensors).toBe(before);
      expect(shapeOf(idata.posterior.loc!)).toEqual([1, 6]);
      expect(shapeOf(idata.posterior.w!)).toEqual([1, 6, 2, 3]);
      // row-major order kept: draw 1, element [1, 2] is 1 · 6 + 1 · 3 + 2 = 11
      expect((idata.posterior.w as number[][][][])[0]![1]![1]![2]).toBe(11);
      expect(idata.attrs).toEqual({ inference_library: 'ignis' });
      w.dispose();
    });

    it('splits draws into chains in order, and adds posterior_predictive, observed_data, dims and coords', () => {
      const idata = toInferenceData(
        { mu: [0, 1, 2, 3] },
        { chains: 2, posteriorPredictive: { y: tf.zeros([4, 5]) }, observedData: { y: tf.ones([5]) }, dims: { y: ['obs'] }, coords: { obs: [0, 1, 2, 3, 4] } },
      );
      expect(idata.posterior.mu).toEqual([
        [0, 1],
        [2, 3],
      ]);
      expect(shapeOf(idata.posterior_predictive!.y!)).toEqual([2, 2, 5]);
      expect(idata.observed_data!.y).toEqual([1, 1, 1, 1, 1]);
      expect(idata.dims).toEqual({ y: ['obs'] });
      expect(JSON.parse(JSON.stringify(idata))).toEqual(idata);
    });

    it('raises InvalidArgument for uneven draws, chains that do not divide them, and empty samples', () => {
      expect(() => toInferenceData({ a: [1, 2, 3], b: [1, 2] })).toThrow(/toInferenceData: argument 'samples' must have the same number of draws for every site \(3\): got 2 for 'b'/);
      expect(() => toInferenceData({ a: [1, 2, 3] }, { chains: 2 })).toThrow(/argument 'chains' must divide the number of draws \(3\): got 2/);
      expect(() => toInferenceData({})).toThrow(/argument 'samples' must hold at least one site/);
    });
  });
});
