/**
 * The long-run guarantees, on both backends: memory flat over thousands of steps (also when
 * `stableUpdate` keeps skipping poisoned steps), and bit-identical reruns from one key (`run`,
 * `runAsync`, and a run resumed from a handed-back state).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, expect, it } from 'vitest';
import { Adam, SVI, TraceELBO, prngKey } from '../../lib/index.js';
import { describeBackends } from '../helpers/backends.js';
import { DATA, arm, faultGuide, faultModel, release, stateValues } from '../helpers/svi-faults.js';

const svi = () => SVI(faultModel, faultGuide, Adam({ lr: 0.01 }), TraceELBO());

describeBackends('reliability: long runs', () => {
  afterEach(() => arm('none'));

  it('tf.memory().numTensors is the same after 100 and after 1000 updates', () => {
    const x = tf.tensor1d(DATA);
    const s = svi();
    let state = s.init(prngKey(1), x);
    const counts: number[] = [];
    for (let step = 1; step <= 1000; step++) {
      [state] = s.update(state, x);
      if (step === 100 || step === 1000) counts.push(tf.memory().numTensors);
    }
    expect(counts[1]).toBe(counts[0]);
    release(state);
    x.dispose();
  });

  it('a stable run that skips a poisoned step every 50 keeps memory flat, reports each skip, and keeps the params across it', () => {
    const x = tf.tensor1d(DATA);
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const kept: boolean[] = [];
    let last: Record<string, number[]> = {};
    const result = svi().run(prngKey(2), 1000, [x], {
      stableUpdate: true,
      onStep: (step, _loss, state) => {
        if (step % 50 === 0) {
          kept.push(JSON.stringify(stateValues(state)) === JSON.stringify(last)); // step 50k was skipped
          arm('none');
        }
        if (step % 50 === 49) {
          last = stateValues(state);
          arm('nan-gradient'); // poisons the next step
        }
        if (step === 100 || step === 1000) counts.push(tf.memory().numTensors);
      },
    });
    expect(result.skipped.map((s) => s.step)).toEqual(Array.from({ length: 20 }, (_, i) => 50 * (i + 1)));
    expect(result.skipped.every((s) => s.reason === 'NonFiniteGradient' && s.params.join() === 'loc_q,scale_q')).toBe(true);
    expect(kept.every(Boolean)).toBe(true);
    expect(counts[1]).toBe(counts[0]);
    release(result.state);
    tf.dispose(Object.values(result.params));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('reruns from one key are bit-identical: run twice, runAsync, and a run resumed from its own state', async () => {
    const x = tf.tensor1d(DATA);
    const s = svi();
    const a = s.run(prngKey(3), 300, [x]);
    const b = s.run(prngKey(3), 300, [x]);
    const c = await s.runAsync(prngKey(3), 300, [x], { yieldEveryMs: 0 });
    const head = s.run(prngKey(3), 120, [x]);
    const tail = s.run(prngKey(0), 180, [x], { initState: head.state });
    for (const other of [b, c]) {
      expect(Array.from(other.losses)).toEqual(Array.from(a.losses));
      expect(stateValues(other.state)).toEqual(stateValues(a.state));
    }
    expect([...head.losses, ...tail.losses]).toEqual(Array.from(a.losses));
    expect(stateValues(tail.state)).toEqual(stateValues(a.state));
    for (const r of [a, b, c, tail]) {
      release(r.state);
      tf.dispose(Object.values(r.params));
    }
    tf.dispose(Object.values(head.params));
    x.dispose();
  });
});
