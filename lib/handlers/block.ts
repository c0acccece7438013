/**
 * `block`: hide sites from the handlers outside it and from the trace (Pyro's
 * `poutine.block`). Hidden sites still run (they are drawn, their values flow into the
 * model), but `condition`, `replay`, … applied outside do not see them and interpreters do
 * not record them.
 *
 * Which sites are hidden: with `hideFn` those it selects; with `exposeFn` those it rejects;
 * with `hide`/`hideTypes` those named or of those types; with `expose`/`exposeTypes` all
 * others; with no options, every site.
 *
 * @module
 */
import type { AnyModel, Message } from '../core/effect.js';
import { handle, type Hooks } from '../core/handler.js';

/** Options of {@link block}. */
export interface BlockOptions {
  readonly hideFn?: (message: Message) => boolean;
  readonly exposeFn?: (message: Message) => boolean;
  readonly hide?: readonly string[];
  readonly expose?: readonly string[];
  readonly hideTypes?: readonly Message['type'][];
  readonly exposeTypes?: readonly Message['type'][];
}

/** The predicate `block` hides by (exported for tests of the hiding law). */
export function hidePredicate(options: BlockOptions): (message: Message) => boolean {
  const { hideFn, exposeFn, hide, expose, hideTypes, exposeTypes } = options;
  if (hideFn !== undefined) return hideFn;
  if (exposeFn !== undefined) return (m) => !exposeFn(m);
  if (hide !== undefined || hideTypes !== undefined) {
    return (m) => (hide?.includes(m.name) ?? false) || (hideTypes?.includes(m.type) ?? false);
  }
  if (expose !== undefined || exposeTypes !== undefined) {
    return (m) => !((expose?.includes(m.name) ?? false) || (exposeTypes?.includes(m.type) ?? false));
  }
  return () => true;
}

const blockModel = <M extends AnyModel>(model: M, options: BlockOptions): M => {
  const hides = hidePredicate(options);
  const stop = <T extends Message>(m: T): T => (hides(m) ? { ...m, stop: true } : m);
  const hooks: Hooks = { sample: stop, param: stop, plate: stop, deterministic: stop };
  return handle(model, () => hooks);
};

/**
 * Hide sites: `block(model, { hide: ['z'] })` or `pipe(model, block({ expose: ['x'] }))`.
 *
 * @example
 * ```ts
 * const priorOnly = block(model, { hide: ['obs'] });
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function block(options?: BlockOptions): <M extends AnyModel>(model: M) => M;
export function block<M extends AnyModel>(model: M, options?: BlockOptions): M;
export function block(...args: readonly unknown[]): unknown {
  return typeof args[0] === 'function'
    ? blockModel(args[0] as AnyModel, (args[1] ?? {}) as BlockOptions)
    : (model: AnyModel) => blockModel(model, (args[0] ?? {}) as BlockOptions);
}
