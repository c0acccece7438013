/**
 * The fault-injection fixtures: a small Normal model and guide whose fault is switched on by
 * `arm(fault)` (so a run can turn it on from `onStep`, and the location re-run of a failed step
 * sees the same program), and state helpers: an untouched copy, bit-for-bit comparison.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import { IgnisError, type ErrorTag, Normal, type SVIState, constraints, disposeState, factor, param, plate, sample } from '../../lib/index.js';

/** The faults the switchable model and guide can raise. */
export type Fault = 'none' | 'invalid-parameter' | 'nan-gradient' | 'non-finite-loss' | 'shape' | 'model-throws' | 'guide-throws';

let armed: Fault = 'none';
/** Switch the fault on (or `'none'` off). */
export const arm = (fault: Fault): void => {
  armed = fault;
};

/** Ten observations around 3. */
export const DATA = [2.1, 3.4, 2.9, 3.3, 2.5, 3.8, 3.1, 2.2, 2.7, 3.6];

/** `loc ~ N(0, 10²)`, `obs_i ~ N(loc, 1)`, with the armed fault. */
export function* faultModel(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  if (armed === 'model-throws') throw new Error('boom in the model');
  yield* plate('data', DATA.length, function* () {
    const obs = armed === 'non-finite-loss' ? tf.concat([tf.slice(x, 0, DATA.length - 1), tf.tensor1d([Infinity])]) : x;
    yield* sample('obs', Normal(loc, armed === 'invalid-parameter' ? -1 : 1), { obs });
  });
  if (armed === 'nan-gradient') {
    // 0 in value, NaN in gradient: sqrt of a negative number on the branch where() does not take
    yield* factor('kink', tf.where(tf.greater(loc, 1e6), tf.sqrt(tf.sub(loc, 1e6)), tf.zerosLike(loc)));
  }
}

/** `loc ~ N(loc_q, scale_q²)`, with the armed fault. */
export function* faultGuide(_x: tf.Tensor) {
  const m = yield* param('loc_q', 0);
  const s = yield* param('scale_q', 1, { constraint: constraints.positive });
  if (armed === 'guide-throws') throw new Error('boom in the guide');
  yield* sample('loc', Normal(armed === 'shape' ? tf.add(m, tf.zeros([3])) : m, s));
}

/** An independent copy of `state` (its own tensors). */
export function copyState(state: SVIState): SVIState {
  const clone = <T extends Readonly<Record<string, tf.Tensor>>>(r: T): T => Object.fromEntries(Object.entries(r).map(([k, t]) => [k, tf.clone(t)])) as T;
  return { ...state, params: clone(state.params), optState: Object.fromEntries(Object.entries(state.optState).map(([k, slots]) => [k, clone(slots)])) };
}

/** The values of every tensor of a state, by name, as plain arrays (bit-for-bit comparable). */
export function stateValues(state: SVIState): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const [k, t] of Object.entries(state.params)) out[`params.${k}`] = Array.from(t.dataSync());
  for (const [k, slots] of Object.entries(state.optState)) for (const [s, t] of Object.entries(slots)) out[`optState.${k}.${s}`] = Array.from(t.dataSync());
  return out;
}

/** Release a state's tensors. */
export const release = (state: SVIState): void => disposeState(state);

/** The error `f` throws (failing the test when it does not throw). */
export function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected an error, none was thrown');
}

/** Expect an `IgnisError` tagged `tag` whose message matches every pattern. */
export function expectIgnisError(e: unknown, tag: ErrorTag, ...patterns: readonly RegExp[]): IgnisError {
  expect(e).toBeInstanceOf(IgnisError);
  const error = e as IgnisError;
  expect(error.tag, error.message).toBe(tag);
  for (const p of patterns) expect(error.message).toMatch(p);
  return error;
}
