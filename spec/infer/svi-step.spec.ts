import * as tf from '@tensorflow/tfjs-core';
import { afterEach, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { prngKey } from '../../lib/core/key.js';
import { param, sample } from '../../lib/core/primitives.js';
import { setWarningSink } from '../../lib/core/warn.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import type { Optimizer } from '../../lib/infer/optim/optimizer.js';
import { SGD } from '../../lib/infer/optim/sgd.js';
import { disposeState } from '../../lib/infer/svi-state.js';
import { SVI } from '../../lib/infer/svi.js';
import { describeBackends } from '../helpers/backends.js';
import { DATA, arm, copyState, faultGuide, faultModel, stateValues } from '../helpers/svi-faults.js';

describeBackends('infer/svi-step', () => {
  afterEach(() => {
    arm('none');
    setWarningSink((m) => console.warn(m));
  });

  it('with no param anywhere, update returns the loss (issue 16.4): −log N(0.5 | 0, 1), step and key advanced', () => {
    function* model() {
      yield* sample('x', Normal(0, 1), { obs: tf.scalar(0.5) });
    }
    function* guide() {
      // no latent, no param
    }
    const svi = SVI(model, guide, SGD({ lr: 0.1 }), TraceELBO());
    const s0 = svi.init(prngKey(0));
    const before = tf.memory().numTensors;
    const [s1, loss] = svi.update(s0);
    expect(loss).toBeCloseTo(0.125 + 0.5 * Math.log(2 * Math.PI), 6);
    expect(s1.step).toBe(1);
    expect(s1.key).not.toEqual(s0.key);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('a param first reached after init is adopted from its initial value with a warning naming it, then trained (as Pyro’s param store)', () => {
    const warnings: string[] = [];
    setWarningSink((m) => warnings.push(m));
    function* guide(reach: boolean) {
      if (reach) yield* param('late', 0.25);
    }
    function* late(reach: boolean) {
      const m = reach ? yield* param('late', 0.25) : tf.scalar(0);
      yield* sample('x', Normal(m, 1), { obs: tf.scalar(2) });
    }
    const svi = SVI(late, guide, SGD({ lr: 0.5 }), TraceELBO());
    const s0 = svi.init(prngKey(1), false);
    expect(Object.keys(s0.params)).toEqual([]);
    const [s1] = svi.update(s0, true);
    expect(warnings).toEqual([
      "SVI.update: param 'late' was first reached at step 1, after init(); it is trained from its initial value from now on (as Pyro's param store does). Pass init() arguments that reach every param to silence this.",
    ]);
    // one SGD step on −log N(2 | m, 1) from m = 0.25: m ← m + lr·(2 − m)
    expect(s1.params.late!.dataSync()[0]).toBeCloseTo(0.25 + 0.5 * 1.75, 6);
    disposeState(s1);
  });

  it('stableUpdate skips a non-finite loss or update: params and slots kept, key and step moved on, the skip reported', () => {
    const x = tf.tensor1d(DATA);
    const svi = SVI(faultModel, faultGuide, SGD({ lr: 0.05, momentum: 0.9 }), TraceELBO());
    let state = svi.init(prngKey(2), x);
    [state] = svi.update(state, x);
    const values = stateValues(state);
    for (const [fault, reason, params] of [['non-finite-loss', 'NonFiniteLoss', []], ['nan-gradient', 'NonFiniteGradient', ['loc_q', 'scale_q']]] as const) {
      arm(fault);
      const before = tf.memory().numTensors;
      const [next, loss, skipped] = svi.stableUpdate(state, x);
      expect(tf.memory().numTensors).toBe(before);
      expect(skipped).toEqual({ step: state.step + 1, loss, reason, params });
      expect([next.step, next.key === state.key]).toEqual([state.step + 1, false]);
      expect(stateValues(next)).toEqual(values);
      state = next;
    }
    arm('none');
    const [after, , none] = svi.stableUpdate(state, x);
    expect(none).toBeUndefined();
    expect(stateValues(after)).not.toEqual(values);
    disposeState(after);
    x.dispose();
  });

  it('an optimizer that reports nothing is checked by SVI itself (NaN update and divergent update refused)', () => {
    const silent = (inner: Optimizer): Optimizer => ({
      name: 'Silent',
      init: (p) => inner.init(p),
      update: (input) => {
        const { params, state } = inner.update(input);
        return { params, state };
      },
    });
    const x = tf.tensor1d(DATA);
    for (const [fault, lr, pattern] of [
      ['nan-gradient', 0.05, /^SVI\.update: non-finite update of params 'loc_q', 'scale_q' at step 1/],
      ['none', 1e6, /^SVI\.update: divergent update of param 'scale_q' at step 1/],
    ] as const) {
      const svi = SVI(faultModel, faultGuide, silent(SGD({ lr })), TraceELBO());
      const state = svi.init(prngKey(3), x);
      const copy = copyState(state);
      const before = tf.memory().numTensors;
      arm(fault);
      expect(() => svi.update(state, x)).toThrow(pattern);
      expect(tf.memory().numTensors).toBe(before);
      expect(stateValues(state)).toEqual(stateValues(copy));
      arm('none');
      disposeState(state);
      disposeState(copy);
    }
    x.dispose();
  });

  it('a committed update consumes its state: using it again is ReleasedState', () => {
    const x = tf.tensor1d(DATA);
    const svi = SVI(faultModel, faultGuide, SGD({ lr: 0.05 }), TraceELBO());
    const s0 = svi.init(prngKey(4), x);
    const [s1] = svi.update(s0, x);
    for (const f of [() => svi.update(s0, x), () => svi.stableUpdate(s0, x), () => svi.evaluate(s0, x)]) {
      expect(f).toThrow(IgnisError);
      expect(f).toThrow(/the state of step 0 was released/);
    }
    disposeState(s1);
    x.dispose();
  });
});
