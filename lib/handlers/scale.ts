/**
 * `scale`: multiply the log-densities of sample sites by a factor (Pyro's `poutine.scale`),
 * e.g. `N / batchSize` for a mini-batch or a KL annealing weight. Nested scales multiply:
 * `scale(scale(m, a), b)` equals `scale(m, a·b)`.
 *
 * @module
 */

import type { AnyModel, Scale } from '../core/effect.js';
import { invalidArgument } from '../core/errors.js';
import { handle, isDataFirst } from '../core/handler.js';
import { multiplyScales } from '../core/plate-run.js';

function checkPositive(factor: Scale): void {
  const values = typeof factor === 'number' ? [factor] : Array.from(factor.dataSync());
  const bad = values.find((v) => !(v > 0));
  if (bad !== undefined) {
    throw invalidArgument('scale', 'factor', 'must be positive', String(bad), 'Consider using mask() instead of scale() to drop terms.');
  }
}

const scaleModel = <M extends AnyModel>(model: M, factor: Scale): M => {
  checkPositive(factor);
  return handle(model, () => ({
    sample: (message) => ({ ...message, scale: multiplyScales(message.scale, factor) }),
  }));
};

/**
 * Scale log-densities: `scale(model, 0.1)` or `pipe(model, scale(0.1))`.
 *
 * @example
 * ```ts
 * const annealed = scale(model, 0.5);
 * ```
 * @category handlers
 * @since 0.1.0
 */
export function scale(factor: Scale): <M extends AnyModel>(model: M) => M;
export function scale<M extends AnyModel>(model: M, factor: Scale): M;
export function scale(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? scaleModel(args[0] as AnyModel, args[1] as Scale)
    : (model: AnyModel) => scaleModel(model, args[0] as Scale);
}

