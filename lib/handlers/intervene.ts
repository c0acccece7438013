/**
 * `intervene`: Pyro's `do` operator. An intervened site is still drawn from its
 * distribution and recorded as usual, but the model continues with the intervention value,
 * so every downstream site sees `do(x = value)` while `x`'s own record is untouched.
 *
 * @module
 */
import type { AnyModel } from '../core/effect.js';
import { handle, isDataFirst } from '../core/handler.js';
import type { SiteValues } from './condition.js';

const interveneModel = <M extends AnyModel>(model: M, data: SiteValues): M =>
  handle(model, () => ({
    postprocess: (site) => {
      const value = site.type === 'sample' ? data[site.name] : undefined;
      return value === undefined ? site : { ...site, value };
    },
  }));

/**
 * Intervene on sites: `intervene(model, { x })` or `pipe(model, intervene({ x }))`.
 *
 * @example
 * ```ts
 * const treated = intervene(model, { treatment: tf.scalar(1) });
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function intervene(data: SiteValues): <M extends AnyModel>(model: M) => M;
export function intervene<M extends AnyModel>(model: M, data: SiteValues): M;
export function intervene(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? interveneModel(args[0] as AnyModel, args[1] as SiteValues)
    : (model: AnyModel) => interveneModel(model, args[0] as SiteValues);
}
