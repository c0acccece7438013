import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { Adagrad } from '../../../lib/infer/optim/adagrad.js';
import { Adam, ClippedAdam } from '../../../lib/infer/optim/adam.js';
import type { Optimizer } from '../../../lib/infer/optim/optimizer.js';
import { RMSProp } from '../../../lib/infer/optim/rmsprop.js';
import { SGD } from '../../../lib/infer/optim/sgd.js';
import { describeBackends } from '../../helpers/backends.js';

const OPTIMIZERS: readonly [string, () => Optimizer][] = [
  ['SGD', () => SGD({ lr: 0.1 })],
  ['SGD with momentum', () => SGD({ lr: 0.1, momentum: 0.9 })],
  ['Adam', () => Adam({ lr: 0.1 })],
  ['ClippedAdam', () => ClippedAdam({ lr: 0.1 })],
  ['Adagrad', () => Adagrad({ lr: 0.1 })],
  ['RMSProp (centered, momentum)', () => RMSProp({ lr: 0.1, centered: true, momentum: 0.5 })],
];

/** One update of `{ small: [3], large: [5] }` (the large one takes the wasm Adam kernel) with the given gradients. */
function updateWith(optim: Optimizer, grads: { small: number[]; large: number[] }) {
  return tf.tidy(() => {
    const params = { small: tf.tensor1d([1, -2, 3]), large: tf.tensor1d([0.5, -0.5, 4, -4, 2]) };
    const state = optim.init(params);
    const r = optim.update({ step: 1, params, grads: { small: tf.tensor1d(grads.small), large: tf.tensor1d(grads.large) }, state });
    const values = Object.fromEntries(Object.entries(r.params).map(([n, t]) => [n, Array.from(t.dataSync())]));
    return { nonFinite: r.nonFinite, ranges: r.ranges, values };
  });
}

describeBackends('infer/optim/optimizer (what an update reports)', () => {
  for (const [name, make] of OPTIMIZERS) {
    it(`${name}: no params in nonFinite for finite gradients, and each new param's [min, max]`, () => {
      const { nonFinite, ranges, values } = updateWith(make(), { small: [0.5, -1, 2], large: [1, 2, -3, 0.25, -0.5] });
      expect(nonFinite).toEqual([]);
      for (const n of ['small', 'large']) expect(ranges![n]).toEqual([Math.min(...values[n]!), Math.max(...values[n]!)]);
    });

    it(`${name}: a NaN or an infinite gradient element puts its param in nonFinite (and no other)`, () => {
      for (const bad of [NaN, Infinity, -Infinity]) {
        const { nonFinite } = updateWith(make(), { small: [0.5, -1, 2], large: [1, 2, bad, 0.25, -0.5] });
        // ClippedAdam clamps ±∞ to ±clipNorm (Pyro's), so only NaN reaches its state
        const clamped = name === 'ClippedAdam' && !Number.isNaN(bad);
        expect(nonFinite).toEqual(clamped ? [] : ['large']);
      }
    });
  }

  it('Adam: a gradient so large that v = g² overflows float32 is reported though θ stays finite', () => {
    const { nonFinite, values } = updateWith(Adam({ lr: 0.1 }), { small: [1, 1, 1], large: [1e30, 1, 1, 1, 1] });
    expect(values.large!.every(Number.isFinite)).toBe(true);
    expect(nonFinite).toEqual(['large']);
  });
});
