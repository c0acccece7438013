import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { run } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param } from '../../lib/core/primitives.js';
import { paramSites } from '../../lib/core/trace.js';
import { constraints } from '../../lib/distributions/constraints/namespace.js';
import { type SVIState, assertLive, disposeOutside, disposeState, paramsOfSites, stateTensors } from '../../lib/infer/svi-state.js';

const stateOf = (params: Record<string, tf.Tensor>, optState: SVIState['optState'] = {}): SVIState => ({
  params,
  optState,
  key: prngKey(0),
  step: 4,
  specs: {},
  maxPlateNesting: 0,
  elboState: {},
});

describe('infer/svi-state', () => {
  it('paramsOfSites: initial values unconstrained (log for positive: log 2), as copies the model does not share; the sites’ specs', () => {
    const two = tf.scalar(2);
    function* model() {
      yield* param('a', tf.tensor1d([1, -1]));
      yield* param('s', two, { constraint: constraints.positive });
    }
    const trace = run(model, [], { key: prngKey(0) });
    const sites = paramSites(trace);
    const { params, specs } = paramsOfSites(sites);
    expect(Object.keys(params)).toEqual(['a', 's']);
    expect(Array.from(params.a!.dataSync())).toEqual([1, -1]);
    expect(params.s!.dataSync()[0]).toBeCloseTo(Math.log(2), 6);
    expect(specs.s!.constraint).toBe(constraints.positive);
    expect(Object.keys(specs)).toEqual(['a', 's']);
    for (const s of sites) expect(params[s.name]).not.toBe(s.value);
    disposeState(stateOf({ ...params }));
    expect(two.isDisposed).toBe(false); // the model's tensor is not the state's
    tf.dispose([two, ...sites.map((s) => s.value)]);
  });

  it('stateTensors lists params and slots; disposeState releases them and is idempotent; assertLive then raises ReleasedState', () => {
    const p = tf.scalar(1);
    const m = tf.scalar(0);
    const state = stateOf({ p }, { p: { m } });
    expect(stateTensors(state)).toEqual([p, m]);
    expect(() => assertLive(state, 'SVI.update')).not.toThrow();
    disposeState(state);
    disposeState(state);
    expect([p.isDisposed, m.isDisposed]).toEqual([true, true]);
    expect(() => assertLive(state, 'SVI.update')).toThrow(IgnisError);
    expect(() => assertLive(state, 'SVI.update')).toThrow(/^SVI\.update: the state of step 4 was released: update\(\) consumes the state it is given\. Keep only/);
  });

  it('disposeOutside releases only the tensors none of the kept states holds', () => {
    const shared = tf.scalar(1);
    const own = tf.scalar(2);
    const slot = tf.scalar(3);
    const next = stateOf({ p: shared, q: own }, { q: { m: slot } });
    const kept = stateOf({ p: shared }, { q: { m: slot } });
    disposeOutside(next, kept);
    expect([shared.isDisposed, own.isDisposed, slot.isDisposed]).toEqual([false, true, false]);
    tf.dispose([shared, slot]);
  });
});
