/**
 * Fault injection into SVI, on both backends: for each fault, `update` raises an `IgnisError`
 * naming the step and the site(s) or param(s); `tf.memory().numTensors` is what it was before;
 * the state passed in is the last good one (a following good update equals, bit for bit, the
 * same update from an untouched copy); and `run` hands back its losses and the last good state
 * (equal, bit for bit, to a clean run's), leaving nothing else behind.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, expect, it } from 'vitest';
import {
  Adam,
  AutoMultivariateNormal,
  type ErrorTag,
  type LearningRate,
  LogNormal,
  Normal,
  SVI,
  SVIRunError,
  TraceELBO,
  disposeState,
  plate,
  prngKey,
  sample,
} from '../../lib/index.js';
import { describeBackends } from '../helpers/backends.js';
import { DATA, type Fault, arm, copyState, expectIgnisError, faultGuide, faultModel, release, stateValues, thrown } from '../helpers/svi-faults.js';

interface Case {
  readonly fault: Exclude<Fault, 'none'> | 'divergence';
  readonly tag: ErrorTag;
  /** What the message must say (it names step 3 and the sites or params). */
  readonly message: readonly RegExp[];
  /** Whether the step could not be evaluated (run then undoes the step before it). */
  readonly evaluation: boolean;
}

const CASES: readonly Case[] = [
  {
    fault: 'invalid-parameter',
    tag: 'InvalidArgument',
    message: [/^SVI\.update: the model raised an error at step 3 after site 'loc' inside plate 'data': Normal: argument 'scale' must be positive: got -1/],
    evaluation: true,
  },
  {
    fault: 'nan-gradient',
    tag: 'NonFiniteGradient',
    message: [/^SVI\.update: non-finite update of params 'loc_q', 'scale_q' at step 3: the gradient of 'loc_q' has 1 NaN of 1 element; the gradient of 'scale_q' has 1 NaN of 1 element \(the loss, [\d.]+, is finite\)/],
    evaluation: false,
  },
  {
    fault: 'non-finite-loss',
    tag: 'NonFiniteLoss',
    message: [/^SVI\.update: non-finite loss at step 3: loss Infinity; not finite: 'obs' \(model: value\)/],
    evaluation: true,
  },
  {
    fault: 'shape',
    tag: 'ModelGuideMismatch',
    message: [/^SVI\.update: step 3 failed at site 'loc': TraceELBO: model and guide shapes disagree at site 'loc': the model's Normal has shape \[\], the guide's Normal has shape \[3\]/],
    evaluation: true,
  },
  {
    fault: 'model-throws',
    tag: 'UserError',
    message: [/^SVI\.update: the model raised an error at step 3 after site 'loc': boom in the model\./],
    evaluation: true,
  },
  {
    fault: 'guide-throws',
    tag: 'UserError',
    message: [/^SVI\.update: the guide raised an error at step 3 after site 'scale_q': boom in the guide\./],
    evaluation: true,
  },
  {
    fault: 'divergence',
    tag: 'NonFiniteGradient',
    message: [/^SVI\.update: divergent update of param 'scale_q' at step 3: the update takes unconstrained 'scale_q' (up|down) to -?\d\.\d+e\+5, outside \[-86\.\d+, 87\.\d+\] where its constraint positive is representable in float32/],
    evaluation: false,
  },
];

/** Adam at 0.05; for the divergence, at 10⁶ from step 3 on (a schedule). */
const learningRate = (c: Case): LearningRate => (c.fault === 'divergence' ? (step: number) => (step <= 2 ? 0.05 : 1e6) : 0.05);
const sviFor = (c: Case) => SVI(faultModel, faultGuide, Adam({ lr: learningRate(c) }), TraceELBO());
const armFor = (c: Case): void => arm(c.fault === 'divergence' ? 'none' : c.fault);

describeBackends('reliability: SVI faults', () => {
  afterEach(() => arm('none'));

  for (const c of CASES) {
    it(`${c.fault}: update raises ${c.tag} naming step 3; nothing leaks; the state is the last good one`, () => {
      const x = tf.tensor1d(DATA);
      const svi = sviFor(c);
      let state = svi.init(prngKey(7), x);
      [state] = svi.update(state, x);
      [state] = svi.update(state, x);
      const copy = copyState(state);
      const before = tf.memory().numTensors;
      armFor(c);
      const error = thrown(() => svi.update(state, x));
      expect(tf.memory().numTensors).toBe(before);
      expectIgnisError(error, c.tag, ...c.message, /The state passed to update\(\) is unchanged/);
      arm('none');
      // a good update (for the divergence: at a sane learning rate) from the state and from its untouched copy
      const sane = SVI(faultModel, faultGuide, Adam({ lr: 0.05 }), TraceELBO());
      const [fromState, lossA] = sane.update(state, x);
      const [fromCopy, lossB] = sane.update(copy, x);
      expect(Number.isFinite(lossA)).toBe(true);
      expect(lossA).toBe(lossB);
      expect(stateValues(fromState)).toEqual(stateValues(fromCopy));
      release(fromState);
      release(fromCopy);
      x.dispose();
    });

    const kept = c.evaluation ? 1 : 2;
    it(`${c.fault}: run stops at step 3 and hands back the last good state (after ${kept} steps) and its losses, equal to a clean run's`, () => {
      const x = tf.tensor1d(DATA);
      const svi = sviFor(c);
      const clean = svi.run(prngKey(7), kept, [x]);
      const cleanValues = stateValues(clean.state);
      const cleanLosses = Array.from(clean.losses);
      release(clean.state);
      tf.dispose(Object.values(clean.params));
      const before = tf.memory().numTensors;
      const error = thrown(() => svi.run(prngKey(7), 10, [x], { onStep: (step) => step === 2 && armFor(c) }));
      arm('none');
      expect(error).toBeInstanceOf(SVIRunError);
      const e = expectIgnisError(error, c.tag, ...c.message, /SVI\.run stopped at step 3 of 10\. The error's state is the last good state/) as SVIRunError;
      expect(e.state.step).toBe(kept);
      expect(Array.from(e.losses)).toEqual(cleanLosses);
      expect(stateValues(e.state)).toEqual(cleanValues);
      expect(tf.memory().numTensors - before).toBe(Object.keys(cleanValues).length); // the handed-back state only
      release(e.state);
      expect(tf.memory().numTensors).toBe(before);
      x.dispose();
    });
  }
});

describeBackends('reliability: divergence (the audit’s repro: scenario 2 at Adam lr 10⁶)', () => {
  function* model(x: tf.Tensor) {
    const loc = yield* sample('loc', Normal(0, 10));
    const scale = yield* sample('scale', LogNormal(0, 1));
    yield* plate('data', x.shape[0], function* () {
      yield* sample('obs', Normal(loc, scale), { obs: x });
    });
  }

  it('run stops at step 2 naming the site, undoes the divergent step 1, and resuming at lr 0.005 from the state handed back works', () => {
    const x = tf.tensor1d(DATA);
    const before = tf.memory().numTensors;
    const guide = AutoMultivariateNormal(model);
    const error = thrown(() => SVI(model, guide, Adam({ lr: 1e6 }), TraceELBO()).run(prngKey(0), 100, [x]));
    const e = expectIgnisError(
      error,
      'InvalidArgument',
      /^SVI\.update: the model raised an error at step 2 after site 'scale' inside plate 'data': Normal: argument 'scale' must be positive: got Infinity/,
      /at this step: the guide's value of 'scale' is not finite/,
      /SVI\.run stopped at step 2 of 100\. The error's state is the last good state, after 0 steps \(the update of step 1 led to a state this step could not be evaluated at, and is undone\)/,
    ) as SVIRunError;
    expect([e.state.step, e.losses.length]).toEqual([0, 0]);
    const sane = SVI(model, guide, Adam({ lr: 0.005 }), TraceELBO());
    const fresh = sane.run(prngKey(0), 1, [x]);
    const resumed = sane.run(prngKey(99), 50, [x], { initState: e.state });
    expect(resumed.losses[0]).toBe(fresh.losses[0]); // the step-0 state, bit for bit
    expect(resumed.losses.every(Number.isFinite)).toBe(true);
    for (const r of [fresh, resumed]) {
      disposeState(r.state);
      tf.dispose(Object.values(r.params));
    }
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
