/**
 * `uncondition`: draw observed sites from their distributions instead of observing them
 * (NumPyro's `uncondition`). The observation is kept in the site's `infer` as `obs`, and
 * `wasObserved` is set.
 *
 * @module
 */
import type { AnyModel } from '../core/effect.js';
import { handle } from '../core/handler.js';

const unconditionModel = <M extends AnyModel>(model: M): M =>
  handle(model, () => ({
    sample: (message) =>
      message.isObserved
        ? { ...message, isObserved: false, value: undefined, infer: { ...message.infer, wasObserved: true, obs: message.value } }
        : message,
  }));

/**
 * Turn observed sites latent: `uncondition(model)` or `pipe(model, uncondition())`.
 *
 * @example
 * ```ts
 * const prior = simulate(uncondition(model), { key })(data); // draws obs too
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function uncondition(): <M extends AnyModel>(model: M) => M;
export function uncondition<M extends AnyModel>(model: M): M;
export function uncondition(...args: readonly unknown[]): unknown {
  return typeof args[0] === 'function' ? unconditionModel(args[0] as AnyModel) : (model: AnyModel) => unconditionModel(model);
}
