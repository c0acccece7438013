/**
 * `inferConfig`: add inference hints to sample sites (Pyro's `poutine.infer_config`): the
 * function's result is merged into each site's `infer`.
 *
 * @module
 */
import type { AnyModel, InferConfig, SampleMessage } from '../core/effect.js';
import { handle } from '../core/handler.js';

/** Chooses hints for a site (return `{}` to leave it alone). */
export type ConfigFn = (message: SampleMessage) => InferConfig;

const inferConfigModel = <M extends AnyModel>(model: M, configFn: ConfigFn): M =>
  handle(model, () => ({
    sample: (message) => ({ ...message, infer: { ...message.infer, ...configFn(message) } }),
  }));

/**
 * Set hints: `inferConfig(guide, (m) => (m.name === 'a_aux' ? { isAuxiliary: true } : {}))`.
 *
 * @category handlers
 * @since 0.1.0
 */
export function inferConfig(configFn: ConfigFn): <M extends AnyModel>(model: M) => M;
export function inferConfig<M extends AnyModel>(model: M, configFn: ConfigFn): M;
export function inferConfig(...args: readonly unknown[]): unknown {
  return args.length >= 2
    ? inferConfigModel(args[0] as AnyModel, args[1] as ConfigFn)
    : (model: AnyModel) => inferConfigModel(model, args[0] as ConfigFn);
}

