/**
 * The discrete vector supports (lib/distributions/constraints/discrete.ts): `oneHot` and
 * `multinomial(n)` — metadata, per-event checks and result shapes. Exact booleans, no
 * tolerances.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { constraints as c } from '../../../lib/distributions/index.js';

const check = (con: { check: (v: tf.Tensor) => tf.Tensor }, v: number[][] | number[][][]): { ok: boolean[]; shape: number[] } =>
  tf.tidy(() => {
    const r = con.check(tf.tensor(v));
    return { ok: Array.from(r.dataSync(), Boolean), shape: r.shape };
  });

describe('distributions/constraints/discrete', () => {
  it('oneHot: discrete, event dim 1; exactly one 1 and zeros elsewhere', () => {
    expect([c.oneHot.name, c.oneHot.kind, c.oneHot.eventDim, c.oneHot.isDiscrete]).toEqual(['oneHot', 'oneHot', 1, true]);
    expect(check(c.oneHot, [[0, 1, 0], [1, 1, 0], [0, 0, 0], [0.5, 0.5, 0], [0, -1, 2]]).ok).toEqual([true, false, false, false, false]);
    expect(check(c.oneHot, [[[1, 0], [0, 1], [1, 1]]]).shape).toEqual([1, 3]);
  });

  it('multinomial(n): discrete, event dim 1; non-negative integers summing to at most n', () => {
    const m = c.multinomial(3);
    expect([m.name, m.kind, m.eventDim, m.isDiscrete, m.upperBound]).toEqual(['multinomial(3)', 'multinomial', 1, true, 3]);
    expect(check(m, [[1, 2, 0], [0, 0, 0], [2, 2, 0], [-1, 2, 2], [0.5, 0.5, 1], [NaN, 0, 0]]).ok).toEqual([true, true, false, false, false, false]);
    expect(check(m, [[[1, 0], [0, 3]]]).shape).toEqual([1, 2]);
  });
});
