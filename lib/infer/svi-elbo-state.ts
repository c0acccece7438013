/**
 * The estimator state one SVI step hands its loss and takes back (`SVIState.elboState`, e.g.
 * `TraceGraphELBO`'s decaying-average baselines), and its lifetime.
 *
 * The loss reads the state the step started from and reports its next state while the gradient's
 * forward pass runs; those tensors are kept (they must outlive the pass and the step's `tidy`), so
 * they are the step's to release: a committed step moves them into the next state; a step that
 * throws, is skipped, or runs again (a param adopted) releases the ones the passed state does not
 * hold, which stays the last good state, its estimator state untouched.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ElboState } from './elbo/elbo.js';
import { type SVIState, disposeOutside } from './svi-state.js';

/** The hooks of one step's loss evaluation, and what became of them. */
export interface ElboStateHooks {
  /** Spread into the loss's input. */
  readonly input: { readonly elboState: ElboState; readonly setElboState: (next: ElboState) => void };
  /** The state the step commits: the loss's next state, or the passed one when the loss reported none. */
  next(): ElboState;
  /** Release the reported tensors the passed state does not hold (a step that does not commit them). */
  drop(): void;
}

/** The hooks for a step from `state`. */
export function elboStateHooks(state: SVIState): ElboStateHooks {
  let reported: ElboState | undefined;
  return {
    input: {
      elboState: state.elboState,
      setElboState: (next) => {
        for (const t of Object.values(next)) tf.keep(t);
        reported = next;
      },
    },
    next: () => reported ?? state.elboState,
    drop: () => {
      if (reported !== undefined) disposeOutside({ params: {}, optState: {}, elboState: reported }, state);
      reported = undefined;
    },
  };
}
