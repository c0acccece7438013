/**
 * Shared checks for the fused optimizers: drive an optimizer with fixed gradients and compare
 * with a float64 reference written in the test from the published update rule.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { OptState, Optimizer } from '../../../lib/infer/optim/optimizer.js';
import type { ParamValues } from '../../../lib/infer/params.js';

/** Values by parameter name (float64). */
export type Values = Readonly<Record<string, readonly number[]>>;

/** A float64 reference: given the step (from 1), the params and the gradients, the next params (the reference keeps its own slots). */
export type Reference = (step: number, params: Values, grads: Values) => Values;

export const toTensors = (values: Values): ParamValues => Object.fromEntries(Object.entries(values).map(([n, v]) => [n, tf.tensor1d([...v])]));
export const fromTensors = (ts: ParamValues): Values => Object.fromEntries(Object.entries(ts).map(([n, t]) => [n, Array.from(t.dataSync())]));
const stateTensors = (s: OptState): tf.Tensor[] => Object.values(s).flatMap((slots) => Object.values(slots));

/** Fixed, varied gradients (not depending on the params, so float32 and float64 runs see the same inputs). */
export function gradientsAt(step: number, params: Values): Values {
  return Object.fromEntries(Object.entries(params).map(([n, v], k) => [n, v.map((_, i) => Math.sin(1.3 * step + 0.7 * i + k) * (1 + i) - 0.2)]));
}

/** One consumed step: the new params and state; tensors of the old ones not carried over are released. */
export function step(optim: Optimizer, t: number, params: ParamValues, state: OptState, grads: ParamValues): { params: ParamValues; state: OptState } {
  const next = optim.update({ step: t, params, grads, state });
  const kept = new Set([...Object.values(next.params), ...stateTensors(next.state)]);
  for (const x of [...Object.values(params), ...stateTensors(state)]) if (!kept.has(x)) x.dispose();
  return next;
}

/**
 * Run `optim` and `reference` for `steps` steps from `initial` with {@link gradientsAt};
 * every step's params must agree within `rtol` relative (absolute below 1).
 */
export function expectMatchesReference(optim: Optimizer, reference: Reference, initial: Values, steps: number, rtol: number): void {
  let params = toTensors(initial);
  let state = optim.init(params);
  let expected = initial;
  for (let t = 1; t <= steps; t++) {
    const g = gradientsAt(t, expected);
    const grads = toTensors(g);
    ({ params, state } = step(optim, t, params, state, grads));
    tf.dispose(Object.values(grads));
    expected = reference(t, expected, g);
    const actual = fromTensors(params);
    for (const [name, want] of Object.entries(expected)) {
      want.forEach((w, i) => {
        const got = actual[name]![i]!;
        expect(Math.abs(got - w), `${name}[${i}] at step ${t}: ${got} vs ${w}`).toBeLessThanOrEqual(rtol * Math.max(1, Math.abs(w)));
      });
    }
  }
  tf.dispose([...Object.values(params), ...stateTensors(state)]);
}

/** Minimize `½ Σ aᵢ (θᵢ − cᵢ)²` from zero for `steps` steps and return the final θ. */
export function minimizeQuadratic(optim: Optimizer, steps: number, a: readonly number[], c: readonly number[]): number[] {
  let params: ParamValues = { theta: tf.zeros([a.length]) };
  let state = optim.init(params);
  for (let t = 1; t <= steps; t++) {
    const theta = params.theta!.dataSync();
    const grads = { theta: tf.tensor1d(a.map((ai, i) => ai * (theta[i]! - c[i]!))) };
    ({ params, state } = step(optim, t, params, state, grads));
    grads.theta.dispose();
  }
  const out = Array.from(params.theta!.dataSync());
  tf.dispose([...Object.values(params), ...stateTensors(state)]);
  return out;
}

/** Run three updates; the inputs keep their values, the optimizer launches no kernel, and no tensor leaks. */
export async function expectPureFusedAndLeakFree(optim: Optimizer): Promise<void> {
  const before = tf.memory().numTensors;
  const params = toTensors({ a: [0.5, -1, 2], b: [3] });
  const state = optim.init(params);
  const grads = toTensors({ a: [0.1, 0.2, -0.3], b: [1] });
  const snapshot = { params: fromTensors(params), state: Object.fromEntries(Object.entries(state).map(([n, s]) => [n, fromTensors(s)])) };
  const profile = await tf.profile(() => {
    const next = optim.update({ step: 1, params, grads, state });
    const fresh = [...Object.values(next.params), ...stateTensors(next.state)].filter((x) => !Object.values(params).includes(x) && !stateTensors(state).includes(x));
    tf.dispose(fresh);
  });
  expect(profile.kernels.map((k) => k.name)).toEqual([]);
  expect(fromTensors(params)).toEqual(snapshot.params);
  expect(Object.fromEntries(Object.entries(state).map(([n, s]) => [n, fromTensors(s)]))).toEqual(snapshot.state);
  let current = { params, state };
  for (let t = 1; t <= 3; t++) current = step(optim, t, current.params, current.state, grads);
  tf.dispose([...Object.values(current.params), ...stateTensors(current.state), ...Object.values(grads)]);
  expect(tf.memory().numTensors).toBe(before);
}

/** The params after one update (step 1) from `params` with `grads`; everything else is released. */
export function firstStep(optim: Optimizer, params: Values, grads: Values): Values {
  const p = toTensors(params);
  const s = optim.init(p);
  const g = toTensors(grads);
  const next = optim.update({ step: 1, params: p, grads: g, state: s });
  const out = fromTensors(next.params);
  tf.dispose([...Object.values(p), ...stateTensors(s), ...Object.values(g), ...Object.values(next.params), ...stateTensors(next.state)]);
  return out;
}
