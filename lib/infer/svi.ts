/**
 * `SVI`: stochastic variational inference as pure functions over an explicit state
 * (NumPyro's functional SVI).
 *
 * - `init(key, ...args)` runs the guide and the model once to find every `param` site and
 *   returns the first state: unconstrained parameters, optimizer slots, a key, step 0.
 * - `update(state, ...args)` takes one optimizer step on `−ELBO` and returns
 *   `[nextState, loss]`. The state it was given is *consumed*: its tensors are released once
 *   the new state exists (that keeps memory flat over long runs). Using a released state
 *   again is a clear `ReleasedState` error.
 * - `stableUpdate(state, ...args)` is `update` that skips (NumPyro's `stable_update`) a step
 *   whose loss or update is not finite: `[state, loss, skipped]`, the params and slots kept.
 * - `run(key, steps, args, options)` loops `update` with an optional progress bar;
 *   `runAsync` does the same yielding to the event loop, cancellable with an `AbortSignal`.
 * - `evaluate(state, ...args)` is the loss without a step; `getParams(state)` the constrained
 *   parameters.
 *
 * Failures (see `svi-step.ts`, `svi-errors.ts`, `svi-run.ts`): every error names the step and
 * the site(s) or param(s); a failed `update` leaves the state it was given untouched and usable
 * (the last good state) and leaves no tensor behind; a failed `run` throws an `SVIRunError`
 * carrying the last good state and the losses so far. A NaN or infinity the optimizer would
 * write is refused (`NonFiniteGradient`) before it reaches the state.
 *
 * Each step runs inside one `tf.tidy`, with gradients from tfjs's tape over the
 * unconstrained parameters.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, ModelArgs } from '../core/effect.js';
import { invalidArgument } from '../core/errors.js';
import type { GuideFor } from '../core/site-types.js';
import { type Key, splitKey } from '../core/key.js';
import { tidy } from '../core/tidy.js';
import { paramSites } from '../core/trace.js';
import { type ELBO, tracePair } from './elbo/elbo.js';
import type { Optimizer } from './optim/optimizer.js';
import { type ParamValues, constrain, constrainLazily } from './params.js';
import { stepFailure } from './svi-errors.js';
import { type AsyncRunOptions, type RunOptions, type RunResult, runAsync, runSync } from './svi-run.js';
import { type SVIState, assertLive, paramsOfSites } from './svi-state.js';
import { type SkippedStep, takeStep } from './svi-step.js';

export type { SVIState };

/** The SVI operations for one model, guide, optimizer and loss. */
export interface SVIRunner<Args extends readonly unknown[]> {
  init(key: Key, ...args: Args): SVIState;
  update(state: SVIState, ...args: Args): readonly [SVIState, number];
  /** `update` that skips a step whose loss or update is not finite; the third element reports the skip. */
  stableUpdate(state: SVIState, ...args: Args): readonly [SVIState, number, SkippedStep | undefined];
  run(key: Key, steps: number, args: Args, options?: RunOptions): RunResult;
  /** `run` that yields to the event loop (see `AsyncRunOptions`); rejects like `run` throws. */
  runAsync(key: Key, steps: number, args: Args, options?: AsyncRunOptions): Promise<RunResult>;
  evaluate(state: SVIState, ...args: Args): number;
  getParams(state: SVIState): ParamValues;
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
 * Gotchas: a param the model or guide first reaches after `init` is added to the state from its
 * initial value (as Pyro's param store does), with a warning; a state none of whose params the
 * model and guide read (another SVI's) is a `ParamMismatch`. A skipped `stableUpdate` step
 * still advances the key and the step count.
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
  const ctx = { model, guide: guideModel, optim, loss };

  const init = (key: Key, ...args: Args): SVIState => {
    const [initKey, nextKey] = splitKey(key, 2) as [Key, Key];
    try {
      return tidy(() => {
        // As the ELBOs do: a guide value that does not fit its model site is reported as the
        // model/guide mismatch it usually is.
        const { guide: guideTrace, model: modelTrace } = tracePair(model, guideModel, {}, initKey, args, 'SVI.init');
        const sites = [...paramSites(guideTrace), ...paramSites(modelTrace).filter((p) => !guideTrace.sites.has(p.name))];
        const proto = sites.find((p) => p.name === '__proto__');
        if (proto !== undefined) throw invalidArgument('SVI.init', 'param name', "must not be '__proto__'", "'__proto__'", 'Rename the param.');
        const { params, specs } = paramsOfSites(sites);
        return {
          params,
          optState: optim.init(params),
          key: nextKey,
          step: 0,
          specs,
          maxPlateNesting: maxPlateNestingOf([guideTrace, modelTrace]),
          elboState: {},
        };
      });
    } catch (e) {
      throw stepFailure(e, { fn: 'SVI.init', step: 0 });
    }
  };

  const update = (state: SVIState, ...args: Args): readonly [SVIState, number] => {
    assertLive(state, 'SVI.update');
    const outcome = takeStep(ctx, state, args, false, 'SVI.update');
    return [outcome.state, outcome.loss];
  };

  const stableUpdate = (state: SVIState, ...args: Args): readonly [SVIState, number, SkippedStep | undefined] => {
    assertLive(state, 'SVI.stableUpdate');
    const outcome = takeStep(ctx, state, args, true, 'SVI.stableUpdate');
    return [outcome.state, outcome.loss, outcome.skipped];
  };

  const evaluate = (state: SVIState, ...args: Args): number => {
    assertLive(state, 'SVI.evaluate');
    const [stepKey] = splitKey(state.key, 2) as [Key, Key];
    try {
      return tidy(
        () =>
          loss
            .loss({ model, guide: guideModel, params: constrainLazily(state.params, state.specs), key: stepKey, args, maxPlateNesting: state.maxPlateNesting })
            .dataSync()[0]!,
      );
    } catch (e) {
      throw stepFailure(e, { fn: 'SVI.evaluate', step: state.step + 1, state });
    }
  };

  const getParams = (state: SVIState): ParamValues => {
    assertLive(state, 'SVI.getParams');
    return tidy(() => {
      const constrained = constrain(state.params, state.specs);
      return Object.fromEntries(Object.entries(constrained).map(([n, t]) => [n, t === state.params[n] ? tf.clone(t) : t]));
    });
  };

  const driver = (args: Args) => ({
    init: (key: Key) => init(key, ...args),
    step: (state: SVIState, stable: boolean) => takeStep(ctx, state, args, stable, stable ? 'SVI.stableUpdate' : 'SVI.update', false),
    getParams,
    assertLive: (state: SVIState) => assertLive(state, 'SVI.run'),
  });

  return {
    init,
    update,
    stableUpdate,
    run: (key, steps, args, options) => runSync(driver(args), key, steps, options),
    runAsync: (key, steps, args, options) => runAsync(driver(args), key, steps, options),
    evaluate,
    getParams,
  };
}
