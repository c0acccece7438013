/**
 * `SVI`: stochastic variational inference as pure functions over an explicit state
 * (NumPyro's functional SVI).
 *
 * - `init(key, ...args)` runs the guide and the model once to find every `param` site and
 *   returns the first state: unconstrained parameters, optimizer slots, a key, step 0.
 * - `update(state, ...args)` takes one optimizer step on `−ELBO` and returns
 *   `[nextState, loss]`. The state it was given is *consumed*: its tensors are released once
 *   the new state exists (that keeps memory flat over long runs). Using a released state
 *   again is a clear `ReleasedState` error. A non-finite loss raises `NonFiniteLoss` naming
 *   the step and the sites whose log-densities are not finite, and leaves the given state
 *   untouched and usable.
 * - `run(key, steps, args, options)` loops `update` with an optional progress bar.
 * - `evaluate(state, ...args)` is the loss without a step; `getParams(state)` the constrained
 *   parameters.
 *
 * Each step runs inside one `tf.tidy`, with gradients from tfjs's tape over the
 * unconstrained parameters.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, ModelArgs } from '../core/effect.js';
import type { GuideFor } from '../core/site-types.js';
import { ignisError } from '../core/errors.js';
import { type Key, splitKey } from '../core/key.js';
import { tidy } from '../core/tidy.js';
import { paramSites } from '../core/trace.js';
import { type ELBO, tracePair } from './elbo/elbo.js';
import { diagnoseNonFinite } from './nonfinite.js';
import type { OptState, Optimizer } from './optim/optimizer.js';
import { type ParamSpecs, type ParamValues, constrain, constrainLazily, specsOf, unconstrain } from './params.js';
import { type ProgressOptions, progressReporter } from './progress.js';

/**
 * The state of an SVI run. Treat it as a value: never mutate it, and after `update` keep
 * only the state it returned.
 *
 * @category inference
 * @since 0.1.0
 */
export interface SVIState {
  /** Unconstrained parameter values by name. */
  readonly params: ParamValues;
  readonly optState: OptState;
  /** The key the next step splits. */
  readonly key: Key;
  /** Steps taken so far. */
  readonly step: number;
  /** Each parameter's constraint and event dim. */
  readonly specs: ParamSpecs;
  /** How deep the model's and guide's plates nest. */
  readonly maxPlateNesting: number;
}

/** Options of {@link SVIRunner.run}. */
export interface RunOptions extends ProgressOptions {
  /** Called after every step with the step number (from 1) and the loss. */
  readonly onStep?: (step: number, loss: number, state: SVIState) => void;
}

/** What {@link SVIRunner.run} returns. */
export interface RunResult {
  /** The constrained parameters at the end (owned by the caller: dispose when done). */
  readonly params: ParamValues;
  readonly state: SVIState;
  /** The loss of every step. */
  readonly losses: Float64Array;
}

/** The SVI operations for one model, guide, optimizer and loss. */
export interface SVIRunner<Args extends readonly unknown[]> {
  init(key: Key, ...args: Args): SVIState;
  update(state: SVIState, ...args: Args): readonly [SVIState, number];
  run(key: Key, steps: number, args: Args, options?: RunOptions): RunResult;
  evaluate(state: SVIState, ...args: Args): number;
  getParams(state: SVIState): ParamValues;
}

const tensorsOf = (state: SVIState): tf.Tensor[] => [
  ...Object.values(state.params),
  ...Object.values(state.optState).flatMap((slots) => Object.values(slots)),
];

function assertLive(state: SVIState, fn: string): void {
  if (tensorsOf(state).some((t) => t.isDisposed)) {
    throw ignisError('ReleasedState', {
      fn,
      what: `the state of step ${state.step} was released`,
      detail: 'update() consumes the state it is given',
      hint: 'Keep only the state that the last update() returned.',
    });
  }
}

function maxPlateNestingOf(traces: readonly { sites: ReadonlyMap<string, { plates: readonly { dim: number }[] }> }[]): number {
  let deepest = 0;
  for (const t of traces) for (const s of t.sites.values()) for (const f of s.plates) deepest = Math.max(deepest, -f.dim);
  return deepest;
}

/**
 * Stochastic variational inference for `model` with `guide`, optimizing `loss` with `optim`.
 *
 * Types: where the model's and guide's site names are literal, the compiler checks that the
 * guide samples every latent site of the model (sites conditioned with `condition` are not
 * latent) with the same event dims; a failure names the site in the first error line, e.g.
 * `… not assignable to parameter of type '{ readonly "Ignis: guide lacks latent site": "b"; }'`
 * (see {@link GuideFor}). Computed names or untyped guides (autoguides) skip the check; the
 * run-time checks of the ELBO remain.
 *
 * @example
 * ```ts
 * const svi = SVI(model, guide, Adam({ lr: 0.005 }), TraceELBO());
 * const { params, losses } = svi.run(prngKey(0), 2000, [data], { progressBar: true });
 * ```
 * @category inference
 * @since 0.1.0
 */
export function SVI<M extends AnyModel, G extends AnyModel>(model: M, guide: GuideFor<M, G>, optim: Optimizer, loss: ELBO): SVIRunner<ModelArgs<M>> {
  type Args = ModelArgs<M>;
  const guideModel = guide as AnyModel; // the check lives in the parameter type only

  const lossAt = (state: SVIState, key: Key, args: Args, unconstrained: ParamValues): tf.Scalar =>
    loss.loss({ model, guide: guideModel, params: constrainLazily(unconstrained, state.specs), key, args, maxPlateNesting: state.maxPlateNesting });

  const init = (key: Key, ...args: Args): SVIState => {
    const [initKey, nextKey] = splitKey(key, 2) as [Key, Key];
    return tidy(() => {
      // As the ELBOs do: a guide value that does not fit its model site is reported as the
      // model/guide mismatch it usually is.
      const { guide: guideTrace, model: modelTrace } = tracePair(model, guideModel, {}, initKey, args, 'SVI.init');
      const sites = [...paramSites(guideTrace), ...paramSites(modelTrace).filter((p) => !guideTrace.sites.has(p.name))];
      const specs = specsOf(sites);
      const unconstrained = unconstrain(Object.fromEntries(sites.map((s) => [s.name, s.whole ?? s.value])), specs);
      // Own copies: the state must not share tensors with the model's initial values.
      const params = Object.fromEntries(Object.entries(unconstrained).map(([n, t]) => [n, tf.clone(t)]));
      return {
        params,
        optState: optim.init(params),
        key: nextKey,
        step: 0,
        specs,
        maxPlateNesting: maxPlateNestingOf([guideTrace, modelTrace]),
      };
    });
  };

  const update = (state: SVIState, ...args: Args): readonly [SVIState, number] => {
    assertLive(state, 'SVI.update');
    const [stepKey, nextKey] = splitKey(state.key, 2) as [Key, Key];
    const names = Object.keys(state.params);
    const xs = names.map((n) => state.params[n]!);
    const step = state.step + 1;
    const result = tidy(() => {
      const { value, grads } = tf.engine().gradients(
        () => lossAt(state, stepKey, args, Object.fromEntries(names.map((n, i) => [n, xs[i]!]))),
        xs,
        undefined,
        true, // parameters the loss does not reach get no gradient and keep their value
      );
      const next = optim.update({
        step,
        params: state.params,
        grads: Object.fromEntries(names.map((n, i) => [n, grads[i] ?? undefined])),
        state: state.optState,
      });
      return { value, params: next.params, optState: next.state };
    });
    const value = result.value.dataSync()[0]!;
    result.value.dispose();
    const nextState: SVIState = { ...state, params: result.params, optState: result.optState, key: nextKey, step };
    const fresh = new Set(tensorsOf(nextState));
    if (!Number.isFinite(value)) {
      for (const t of fresh) if (!tensorsOf(state).includes(t)) t.dispose();
      throw diagnoseNonFinite({ model, guide: guideModel, state, key: stepKey, args, step, value });
    }
    for (const t of tensorsOf(state)) if (!fresh.has(t)) t.dispose();
    return [nextState, value];
  };

  const evaluate = (state: SVIState, ...args: Args): number => {
    assertLive(state, 'SVI.evaluate');
    const [stepKey] = splitKey(state.key, 2) as [Key, Key];
    return tidy(() => lossAt(state, stepKey, args, state.params).dataSync()[0]!);
  };

  const getParams = (state: SVIState): ParamValues => {
    assertLive(state, 'SVI.getParams');
    return tidy(() => {
      const constrained = constrain(state.params, state.specs);
      return Object.fromEntries(Object.entries(constrained).map(([n, t]) => [n, t === state.params[n] ? tf.clone(t) : t]));
    });
  };

  const run = (key: Key, steps: number, args: Args, options: RunOptions = {}): RunResult => {
    let state = init(key, ...args);
    const losses = new Float64Array(steps);
    const progress = progressReporter(steps, options);
    for (let i = 0; i < steps; i++) {
      const [next, value] = update(state, ...args);
      state = next;
      losses[i] = value;
      progress.tick(i + 1, value);
      options.onStep?.(i + 1, value, state);
    }
    progress.done();
    return { params: getParams(state), state, losses };
  };

  return { init, update, run, evaluate, getParams };
}
