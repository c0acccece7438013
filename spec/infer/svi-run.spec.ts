import * as tf from '@tensorflow/tfjs-core';
import { afterEach, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { prngKey } from '../../lib/core/key.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { Adam } from '../../lib/infer/optim/adam.js';
import { SVIRunError } from '../../lib/infer/svi-run.js';
import { disposeState } from '../../lib/infer/svi-state.js';
import { SVI } from '../../lib/infer/svi.js';
import { describeBackends } from '../helpers/backends.js';
import { DATA, arm, faultGuide, faultModel, stateValues } from '../helpers/svi-faults.js';

const svi = () => SVI(faultModel, faultGuide, Adam({ lr: 0.05 }), TraceELBO());

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describeBackends('infer/svi-run', () => {
  afterEach(() => arm('none'));

  it('run and runAsync refuse a step count that is not a non-negative integer (InvalidArgument), allocating nothing', async () => {
    const x = tf.tensor1d(DATA);
    const before = tf.memory().numTensors;
    for (const steps of [-5, 2.5, NaN, Infinity]) {
      expect(() => svi().run(prngKey(0), steps, [x])).toThrow(/^SVI\.run: argument 'steps' must be a non-negative integer: got /);
      const e = await rejection(svi().runAsync(prngKey(0), steps, [x]));
      expect(e).toBeInstanceOf(IgnisError);
      expect((e as IgnisError).tag).toBe('InvalidArgument');
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('runAsync yields to the event loop, calls onStep in order, and equals run bit for bit', async () => {
    const x = tf.tensor1d(DATA);
    let timerFired = -1;
    const seen: number[] = [];
    setTimeout(() => (timerFired = seen.length), 0);
    const result = await svi().runAsync(prngKey(4), 40, [x], { yieldEveryMs: 0, onStep: (step) => seen.push(step) });
    expect(seen).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(timerFired).toBeGreaterThanOrEqual(1); // the timer ran while the run was under way
    expect(timerFired).toBeLessThan(40);
    const sync = svi().run(prngKey(4), 40, [x]);
    expect(Array.from(result.losses)).toEqual(Array.from(sync.losses));
    expect(stateValues(result.state)).toEqual(stateValues(sync.state));
    for (const r of [result, sync]) {
      disposeState(r.state);
      tf.dispose(Object.values(r.params));
    }
    x.dispose();
  });

  it('cancelling runAsync rejects with Cancelled, handing back the state and the losses so far; nothing else is left', async () => {
    const x = tf.tensor1d(DATA);
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    const e = await rejection(svi().runAsync(prngKey(5), 100, [x], { yieldEveryMs: 0, signal: controller.signal, onStep: (step) => step === 7 && controller.abort() }));
    expect(e).toBeInstanceOf(SVIRunError);
    const error = e as SVIRunError;
    expect(error.tag).toBe('Cancelled');
    expect(error.message).toMatch(/^SVI\.runAsync: cancelled after 7 of 100 steps: This operation was aborted\. The error's state is the last state/);
    expect([error.state.step, error.losses.length]).toEqual([7, 7]);
    const clean = svi().run(prngKey(5), 7, [x]);
    expect(Array.from(error.losses)).toEqual(Array.from(clean.losses));
    expect(stateValues(error.state)).toEqual(stateValues(clean.state));
    disposeState(clean.state);
    tf.dispose(Object.values(clean.params));
    disposeState(error.state);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('an already aborted signal cancels before the first step (the initial state handed back)', async () => {
    const x = tf.tensor1d(DATA);
    const e = (await rejection(svi().runAsync(prngKey(5), 10, [x], { signal: AbortSignal.abort('stop') }))) as SVIRunError;
    expect([e.tag, e.state.step, e.losses.length]).toEqual(['Cancelled', 0, 0]);
    expect(e.message).toMatch(/cancelled after 0 of 10 steps: stop\./);
    disposeState(e.state);
    x.dispose();
  });

  it('a callback that throws stops the run with UserError, keeping the step it was called for', () => {
    const x = tf.tensor1d(DATA);
    const before = tf.memory().numTensors;
    let error: unknown;
    try {
      svi().run(prngKey(6), 10, [x], {
        onStep: (step) => {
          if (step === 3) throw new Error('plot failed');
        },
      });
    } catch (e) {
      error = e;
    }
    const e = error as SVIRunError;
    expect(e).toBeInstanceOf(SVIRunError);
    expect(e.tag).toBe('UserError');
    expect(e.message).toMatch(/^SVI\.run: a callback \(onStep or onSkip\) raised an error at step 3: plot failed\n/);
    expect(e.cause).toBeInstanceOf(Error);
    expect([e.state.step, e.losses.length]).toEqual([3, 3]);
    disposeState(e.state);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('initState continues a run (the key argument unused); a released initState is refused', () => {
    const x = tf.tensor1d(DATA);
    const s = svi();
    const whole = s.run(prngKey(8), 20, [x]);
    const head = s.run(prngKey(8), 8, [x]);
    const tail = s.run(prngKey(123), 12, [x], { initState: head.state });
    expect([...head.losses, ...tail.losses]).toEqual(Array.from(whole.losses));
    expect(tail.state.step).toBe(20);
    expect(() => s.run(prngKey(0), 1, [x], { initState: head.state })).toThrow(/^SVI\.run: the state of step 8 was released/);
    for (const r of [whole, head, tail]) tf.dispose(Object.values(r.params));
    disposeState(whole.state);
    disposeState(tail.state);
    x.dispose();
  });
});
