/**
 * TraceGraphELBO's baselines (Pyro's `baseline` infer options): the decaying average's update
 * rule against a float64 hand computation; the gradient with it stays unbiased and its variance
 * falls; a network baseline is applied to a stop-gradiented input and trained by the square
 * loss; the options are checked.
 *
 * Model: x_i ~ N(4 z_i − 2, 1), z_i ~ Bernoulli(½), 8 points; guide z_i ~ Bernoulli(logits_i).
 * z_i's downstream cost is C_i = log ½ + log N(x_i | 4 z_i − 2, 1) − log q(z_i), and the
 * gradient of the loss w.r.t. logits_i is −(C_i − b_i)·(z_i − σ(logits_i)) exactly (a
 * single-particle estimate; log p(z_i) does not depend on the logits).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import { foldIn, prngKey } from '../../../lib/core/key.js';
import { param, plate, sample } from '../../../lib/core/primitives.js';
import { tidy } from '../../../lib/core/tidy.js';
import { Bernoulli, Normal } from '../../../lib/distributions/index.js';
import { type BaselineOptions, averageKey } from '../../../lib/infer/elbo/baselines.js';
import type { ElboState, TracePair } from '../../../lib/infer/elbo/elbo.js';
import { TraceGraphELBO } from '../../../lib/infer/elbo/trace-graph-elbo.js';
import { valueAndGradients } from '../../../lib/infer/gradients.js';
import { describeBackends } from '../../helpers/backends.js';

const N = 8;
const X = [2.1, -1.7, 0.4, 1.9, -2.4, -0.2, 2.8, -1.1];
const LOGITS = [0.3, -0.2, 0.5, 0, -0.7, 0.1, 1.2, -1];

function* model(x: tf.Tensor) {
  yield* plate('data', N, function* () {
    const z = yield* sample('z', Bernoulli({ probs: 0.5 }));
    yield* sample('x', Normal(tf.sub(tf.mul(z, 4), 2), 1), { obs: x });
  });
}

const guideWith = (baseline: BaselineOptions | undefined) =>
  function* guide(_x: tf.Tensor) {
    const logits = yield* param('logits', tf.zeros([N]));
    yield* plate('data', N, function* () {
      yield* sample('z', Bernoulli({ logits }), baseline === undefined ? {} : { infer: { baseline } });
    });
  };

const sigmoid = (l: number): number => 1 / (1 + Math.exp(-l));
const logNormal = (x: number, m: number): number => -0.5 * (x - m) ** 2 - 0.5 * Math.log(2 * Math.PI);
/** C_i in float64 for draw z_i at logits l_i. */
const cost = (i: number, z: number, l: number): number =>
  Math.log(0.5) + logNormal(X[i]!, 4 * z - 2) - (z === 1 ? Math.log(sigmoid(l)) : Math.log(1 - sigmoid(l)));

interface Step {
  readonly grad: Float64Array;
  readonly z: Float64Array;
  readonly state: ElboState;
}

/**
 * One loss gradient w.r.t. the logits at `logits`, reading `state` and returning the estimator's
 * next state (kept, as SVI keeps it; the input state is released when replaced).
 */
function step(baseline: BaselineOptions | undefined, logits: readonly number[], state: ElboState, key: number, x: tf.Tensor): Step {
  let next = state;
  let z = new Float64Array(N);
  const observe = (pair: TracePair): void => void (z = Float64Array.from(pair.guide.sites.get('z')!.value.dataSync()));
  const setElboState = (s: ElboState): void => {
    for (const t of Object.values(s)) tf.keep(t);
    next = s;
  };
  const grad = tidy(() =>
    Float64Array.from(
      tf
        .grad((l: tf.Tensor) =>
          TraceGraphELBO().loss({ model, guide: guideWith(baseline), params: { logits: l }, key: foldIn(prngKey(11), key), args: [x], maxPlateNesting: 1, observe, elboState: state, setElboState }),
        )(tf.tensor1d([...logits]))
        .dataSync(),
    ),
  );
  for (const [k, t] of Object.entries(state)) if (next[k] !== t) t.dispose();
  return { grad, z, state: next };
}

const mean = (v: readonly number[]): number => v.reduce((s, x) => s + x, 0) / v.length;
const variance = (v: readonly number[]): number => v.reduce((s, x) => s + (x - mean(v)) ** 2, 0) / (v.length - 1);

describeBackends('infer/elbo/baselines', () => {
  it('decaying average: ā_t = β·ā_{t−1} + (1−β)·C_t from ā_0 = 0, b_t = ā_{t−1}, over 6 steps as in float64 (β = 0.8)', () => {
    const x = tf.tensor1d(X);
    const before = tf.memory().numTensors;
    const beta = 0.8;
    let state: ElboState = {};
    let average = new Float64Array(N); // ā_0 = 0
    for (let t = 0; t < 6; t++) {
      const s = step({ useDecayingAvgBaseline: true, baselineBeta: beta }, LOGITS, state, t, x);
      for (let i = 0; i < N; i++) {
        const c = cost(i, s.z[i]!, LOGITS[i]!);
        // the gradient used the average before this step's cost (b_t = ā_{t−1}); float32 costs ~10: 1e-4
        expect(s.grad[i]).toBeCloseTo(-(c - average[i]!) * (s.z[i]! - sigmoid(LOGITS[i]!)), 4);
        average[i] = beta * average[i]! + (1 - beta) * c;
      }
      expect(Object.keys(s.state)).toEqual([averageKey('z')]);
      const stored = s.state[averageKey('z')]!;
      expect(stored.shape).toEqual([N]);
      stored.dataSync().forEach((v, i) => expect(v).toBeCloseTo(average[i]!, 4));
      state = s.state;
      average = Float64Array.from(average);
    }
    tf.dispose(Object.values(state));
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('default β is 0.9 (Pyro’s baseline_beta); without a gradient being recorded the average does not move', () => {
    const x = tf.tensor1d(X);
    const s = step({ useDecayingAvgBaseline: true }, LOGITS, {}, 0, x);
    s.state[averageKey('z')]!.dataSync().forEach((v, i) => expect(v).toBeCloseTo(0.1 * cost(i, s.z[i]!, LOGITS[i]!), 4));
    let called = false;
    tf.tidy(() =>
      TraceGraphELBO().loss({ model, guide: guideWith({ useDecayingAvgBaseline: true }), params: { logits: tf.zeros([N]) }, key: prngKey(0), args: [x], maxPlateNesting: 1, elboState: s.state, setElboState: () => void (called = true) }),
    );
    expect(called).toBe(false);
    tf.dispose([x, ...Object.values(s.state)]);
  });

  it('stays unbiased and cuts the variance of d(loss)/d logits_0 at logits 0 (400 draws after 20 warm-up steps, seeded)', () => {
    // Exact: −σ'(0)·(C(1) − C(0)) = −¼·(log N(x_0 | 2, 1) − log N(x_0 | −2, 1)) = −¼·4·x_0 = −x_0.
    const x = tf.tensor1d(X);
    const zeros = Array<number>(N).fill(0);
    const draws = (baseline: BaselineOptions | undefined): number[] => {
      let state: ElboState = {};
      const out: number[] = [];
      for (let k = 0; k < 420; k++) {
        const s = step(baseline, zeros, state, k, x);
        state = s.state;
        if (k >= 20) out.push(s.grad[0]!);
      }
      tf.dispose(Object.values(state));
      return out;
    };
    const withAvg = draws({ useDecayingAvgBaseline: true, baselineBeta: 0.9 });
    const without = draws(undefined);
    const ratio = variance(withAvg) / variance(without);
    console.log(
      `d loss/d logits_0: decaying avg mean ${mean(withAvg).toFixed(4)} var ${variance(withAvg).toFixed(4)}; none mean ${mean(without).toFixed(4)} var ${variance(without).toFixed(4)}; ratio ${ratio.toFixed(4)}`,
    );
    // Unbiased: both means within 4 standard errors of the exact −x_0 (the draws are correlated
    // through the average only, which does not depend on the current draw).
    expect(Math.abs(mean(withAvg) + X[0]!)).toBeLessThan(4 * Math.sqrt(variance(withAvg) / withAvg.length) + 1e-3);
    expect(Math.abs(mean(without) + X[0]!)).toBeLessThan(4 * Math.sqrt(variance(without) / without.length));
    // Variance: without a baseline the gradient is −C(z)·(z − ½) ∈ {0.46, −4.66} (C(1) ≈ −0.92,
    // C(0) ≈ −9.32): var ≈ 6.6. With the average b ≈ (C(1) + C(0))/2 it is −x_0 up to the
    // average's own noise, ¼·Var(ā) ≈ ¼·(1−β)/(1+β)·Var(C) ≈ ¼·0.053·17.6 ≈ 0.23: a ratio ≈ 0.035,
    // asserted below 0.15 (4x margin).
    expect(ratio).toBeLessThan(0.15);
    x.dispose();
  });

  it('nnBaseline: b = net(stopGradient(input)), trained by the square loss; the input gets no gradient', () => {
    const x = tf.tensor1d(X);
    const input = tf.tensor1d([1, 2, 3, 4, 5, 6, 7, 8].map((v) => v / 8));
    let z = new Float64Array(N);
    const observe = (pair: TracePair): void => void (z = Float64Array.from(pair.guide.sites.get('z')!.value.dataSync()));
    const w0 = 0.7;
    const [gw, gl, gIn] = tf.tidy(() => {
      const f = (w: tf.Tensor, l: tf.Tensor, inp: tf.Tensor) =>
        TraceGraphELBO().loss({
          model,
          guide: guideWith({ nnBaseline: (i) => tf.mul(i, w), nnBaselineInput: inp }),
          params: { logits: l },
          key: prngKey(5),
          args: [x],
          maxPlateNesting: 1,
          observe,
        });
      const gs = tf.grads((w: tf.Tensor, l: tf.Tensor, inp: tf.Tensor) => f(w, l, inp))([tf.scalar(w0), tf.tensor1d(LOGITS), input]);
      return gs.map((g) => Array.from(g.dataSync()));
    });
    const u = Array.from(input.dataSync());
    const c = X.map((_, i) => cost(i, z[i]!, LOGITS[i]!));
    // loss ∋ +Σ (C − w·u)²: d/dw = −2 Σ (C − w·u)·u
    expect(gw![0]).toBeCloseTo(c.reduce((s, ci, i) => s - 2 * (ci - w0 * u[i]!) * u[i]!, 0), 3);
    gl!.forEach((g, i) => expect(g).toBeCloseTo(-(c[i]! - w0 * u[i]!) * (z[i]! - sigmoid(LOGITS[i]!)), 4));
    expect(gIn!.every((g) => g === 0)).toBe(true);
    tf.dispose([x, input]);
  });

  it('refuses unknown options (Pyro’s snake_case), β outside [0, 1), both a value and a network, and an average of another shape', () => {
    const x = tf.tensor1d(X);
    const failure = (baseline: BaselineOptions, state: ElboState = {}): IgnisError => {
      try {
        // valueAndGradients (SVI's) releases the tape a throw leaves behind, so numTensors can be checked
        const l = tf.zeros([N]);
        try {
          tf.tidy(() => {
            valueAndGradients(() => TraceGraphELBO().loss({ model, guide: guideWith(baseline), params: { logits: l }, key: prngKey(0), args: [x], maxPlateNesting: 1, elboState: state }), [l]);
          });
        } finally {
          l.dispose();
        }
      } catch (e) {
        expect(e).toBeInstanceOf(IgnisError);
        return e as IgnisError;
      }
      throw new Error('expected an error');
    };
    const [value, input] = [tf.zeros([N]), tf.zeros([N])];
    const wrong = { [averageKey('z')]: tf.zeros([3]) };
    const before = tf.memory().numTensors;
    const snake = failure({ use_decaying_avg_baseline: true } as BaselineOptions);
    expect(snake.tag).toBe('InvalidArgument');
    expect(snake.message).toBe(
      "TraceGraphELBO: unknown baseline option at site 'z': got 'use_decaying_avg_baseline'. The options are 'useDecayingAvgBaseline', 'baselineBeta', 'baselineValue', 'nnBaseline', 'nnBaselineInput' (Pyro's names, camelCased).",
    );
    expect(failure({ useDecayingAvgBaseline: true, baselineBeta: 1 }).message).toMatch(/baselineBeta out of range at site 'z': got 1\. Give a decay in \[0, 1\)/);
    const both = failure({ baselineValue: value, nnBaseline: (i) => i, nnBaselineInput: input });
    expect(both.message).toMatch(/two trained baselines at site 'z'/);
    const shape = failure({ useDecayingAvgBaseline: true }, wrong);
    expect(shape.tag).toBe('ShapeMismatch');
    expect(shape.message).toMatch(/decaying-average baseline of the wrong shape at site 'z': it has shape \[3\], the downstream cost \[8\]\. The average's shape is fixed by the first step/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, value, input, ...Object.values(wrong)]);
  });
});
