/**
 * `replay`: re-use the values of a recorded trace (Pyro's `poutine.replay`).
 *
 * Every latent sample site of the model that the trace also has takes the trace's value (and
 * its `infer` hints); every plate takes the trace's subsample indices, so model and guide see
 * the same mini-batch. Observed sites keep their observations. A site that is observed in
 * the trace but latent in the model, and a plate whose size differs from the trace's (a guide
 * plate of 50 against a model plate of 100), are `ModelGuideMismatch` errors.
 *
 * @module
 */
import type { AnyModel } from '../core/effect.js';
import { ignisError } from '../core/errors.js';
import { handle, isDataFirst } from '../core/handler.js';
import type { Trace } from '../core/trace.js';

const replayModel = <M extends AnyModel>(model: M, trace: Trace): M =>
  handle(model, () => ({
    sample: (message) => {
      const recorded = trace.sites.get(message.name);
      if (recorded === undefined || message.isObserved) return message;
      if (recorded.type !== 'sample' || recorded.isObserved) {
        throw ignisError('ModelGuideMismatch', {
          fn: 'replay',
          what: 'site must be sampled in the replayed trace',
          site: message.name,
          detail: `the trace has it as ${recorded.type === 'sample' ? 'an observed sample' : `a ${recorded.type}`} site`,
          hint: 'Only latent sample sites can be replayed; rename one of the two sites.',
        });
      }
      return { ...message, value: recorded.value, infer: { ...message.infer, ...recorded.infer } };
    },
    plate: (message) => {
      const recorded = trace.sites.get(message.name);
      if (recorded?.type !== 'plate') return message;
      if (recorded.size !== message.size) {
        throw ignisError('ModelGuideMismatch', {
          fn: 'replay',
          what: `plate '${message.name}' has another size in the replayed trace`,
          site: message.name,
          detail: `size ${message.size} here, size ${recorded.size} (${recorded.frame.subsampleSize} used, dim ${String(recorded.frame.dim)}) in the trace`,
          hint: 'Declare the plate with the same size in the model and the guide (subsample in either; the other follows).',
        });
      }
      return { ...message, value: recorded.value, subsampleSize: recorded.frame.subsampleSize };
    },
  }));

/**
 * Replay a model against a trace: `replay(model, guideTrace)` or `pipe(model, replay(guideTrace))`.
 *
 * @example
 * ```ts
 * const guideTrace = simulate(guide, { key, params })(data);
 * const modelTrace = simulate(replay(model, guideTrace), { key })(data);
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function replay(trace: Trace): <M extends AnyModel>(model: M) => M;
export function replay<M extends AnyModel>(model: M, trace: Trace): M;
export function replay(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? replayModel(args[0] as AnyModel, args[1] as Trace)
    : (model: AnyModel) => replayModel(model, args[0] as Trace);
}
