/**
 * The state of an SVI run, and what the SVI functions share about it: its tensors, whether it is
 * still live, and disposing it.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSite } from '../core/effect.js';
import { ignisError } from '../core/errors.js';
import type { Key } from '../core/key.js';
import type { ElboState } from './elbo/elbo.js';
import type { OptState } from './optim/optimizer.js';
import { type ParamSpecs, type ParamValues, specsOf, unconstrain } from './params.js';

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
  /** Steps taken so far (steps that `stableUpdate` skipped included). */
  readonly step: number;
  /** Each parameter's constraint and event dim. */
  readonly specs: ParamSpecs;
  /** How deep the model's and guide's plates nest. */
  readonly maxPlateNesting: number;
  /**
   * The estimator's state across steps (`TraceGraphELBO`'s decaying-average baselines, by key;
   * `{}` for the other estimators): `{}` after `init`, the loss's next state after each committed
   * step, kept as it was by a failed or skipped one. Released with the state like its params.
   */
  readonly elboState: ElboState;
}

/**
 * A state's params for `sites` (by `init`, or when a param is first reached later): each site's
 * initial value (the whole param, for a subsampled one) unconstrained, as the state's own copy —
 * it must not share tensors with the model's initial values — and the sites' specs.
 */
export function paramsOfSites(sites: readonly ParamSite[]): { readonly params: ParamValues; readonly specs: ParamSpecs } {
  const specs = specsOf(sites);
  const unconstrained = unconstrain(Object.fromEntries(sites.map((s) => [s.name, s.whole ?? s.value])), specs);
  return { params: Object.fromEntries(Object.entries(unconstrained).map(([n, t]) => [n, tf.clone(t)])), specs };
}

/** The tensor-holding part of a state (without `elboState`: a part of a state, e.g. adopted params). */
export type StateTensors = Pick<SVIState, 'params' | 'optState'> & { readonly elboState?: ElboState };

/** Every tensor a state holds: its parameters, its optimizer slots and its estimator state. */
export const stateTensors = (state: StateTensors): tf.Tensor[] => [
  ...Object.values(state.params),
  ...Object.values(state.optState).flatMap((slots) => Object.values(slots)),
  ...Object.values(state.elboState ?? {}),
];

/** Throw `ReleasedState` when `state`'s tensors were disposed (an `update` consumed it). */
export function assertLive(state: SVIState, fn: string): void {
  if (stateTensors(state).some((t) => t.isDisposed)) {
    throw ignisError('ReleasedState', {
      fn,
      what: `the state of step ${state.step} was released`,
      detail: 'update() consumes the state it is given',
      hint: 'Keep only the state that the last update() returned.',
    });
  }
}

/**
 * Release a state's tensors (its parameters, optimizer slots and estimator state): for a state you are done with,
 * e.g. the last good state an `SVIRunError` hands back. Idempotent.
 *
 * @example
 * ```ts
 * const { state, params } = svi.run(prngKey(0), 1000, [data]);
 * disposeState(state);
 * ```
 * @category inference
 * @since 0.2.0
 */
export function disposeState(state: SVIState): void {
  for (const t of stateTensors(state)) if (!t.isDisposed) t.dispose();
}

/** Release the tensors of `next` that none of `kept` holds (e.g. a rejected update's outputs). */
export function disposeOutside(next: StateTensors, ...kept: readonly StateTensors[]): void {
  const keep = new Set(kept.flatMap(stateTensors));
  for (const t of stateTensors(next)) if (!keep.has(t) && !t.isDisposed) t.dispose();
}
