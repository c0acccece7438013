/**
 * The float64 work-array pool of the fused ops: arrays come back zeroed, are reused only after
 * being handed back, and gradients computed through pooled arrays are the same from step to step.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { giveBack, isSink, sink, takeZeroed, tensorGivingBack } from '../../../lib/ops/fused/scratch.js';
import { positive } from '../../../lib/distributions/constraints/index.js';
import { Normal, TraceELBO, param, prngKey, sample } from '../../../lib/index.js';
import { describeBackends } from '../../helpers/backends.js';

describeBackends('ops/fused/scratch', () => {
  it('hands out zeroed arrays and reuses one only after it is handed back', () => {
    const a = takeZeroed(100);
    a.fill(7);
    const b = takeZeroed(100);
    expect(b).not.toBe(a); // a is still out
    giveBack(a);
    giveBack(a); // twice is harmless: kept once
    const c = takeZeroed(100);
    expect(c).toBe(a);
    expect(Array.from(c).every((v) => v === 0)).toBe(true);
    expect(takeZeroed(100)).not.toBe(a);
    expect(takeZeroed(10)).toHaveLength(10); // small arrays are not pooled
  });

  it('tensorGivingBack copies before handing the array back', () => {
    const a = takeZeroed(64).fill(1.5);
    const t = tensorGivingBack(a, [8, 8]);
    takeZeroed(64).fill(9); // reuses a
    expect(Array.from(t.dataSync()).every((v) => v === 1.5)).toBe(true);
    t.dispose();
  });

  it('keeps ELBO gradients through pooled arrays the same from call to call (interleaved keys)', () => {
    const y = tf.randomNormal([64], 0, 1, 'float32', 1);
    function* model() {
      const z = yield* sample('z', Normal(tf.zeros([64]), tf.ones([64])).toEvent(1));
      yield* sample('y', Normal(z, 0.5).toEvent(1), { obs: y });
    }
    function* guide() {
      const loc = yield* param('loc', tf.zeros([64]));
      const scale = yield* param('scale', tf.ones([64]), { constraint: positive });
      yield* sample('z', Normal(loc, scale).toEvent(1));
    }
    const loc = tf.randomNormal([64], 0, 1, 'float32', 2);
    const scale = tf.randomUniform([64], 0.5, 2, 'float32', 3);
    const grads = (seed: number): number[][] =>
      tf.tidy(() =>
        tf
          .grads((l: tf.Tensor, s: tf.Tensor) => TraceELBO().loss({ model, guide, params: { loc: l, scale: s }, key: prngKey(seed), args: [], maxPlateNesting: 0 }))([loc, scale])
          .map((g) => Array.from(g.dataSync())),
      );
    const first = grads(1);
    const other = grads(2);
    expect(other).not.toEqual(first);
    for (let i = 0; i < 3; i++) {
      expect(grads(1)).toEqual(first);
      expect(grads(2)).toEqual(other);
    }
    tf.dispose([y, loc, scale]);
  });

  it('hands out one never-pooled sink', () => {
    const s = sink(100);
    expect(isSink(s)).toBe(true);
    expect(isSink(sink(1000))).toBe(true);
    giveBack(s);
    const fresh = takeZeroed(100);
    expect(isSink(fresh)).toBe(false);
    expect(Array.from(fresh).every((v) => v === 0)).toBe(true);
  });
});
