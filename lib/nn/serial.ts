/**
 * `Serial`: layers applied one after the other, `Serial(f, g, h)(x) = h(g(f(x)))` — torch's
 * `nn.Sequential`, positional or named.
 *
 * Weights are named by path, as torch's: `Serial(Dense(2, 8), Tanh, Dense(8, 1))` has
 * `0.weight`, `0.bias`, `2.weight`, `2.bias` (so under `module('encoder', …)` the param sites
 * are `encoder$$$0.weight`, …), nested `Serial`s `1.0.weight`; the named form
 * `Serial({ fc1: Dense(2, 8), act: Tanh, out: Dense(8, 1) })` (torch's
 * `nn.Sequential(OrderedDict(...))`) has `fc1.weight`, `out.weight`, in the record's order.
 * The last layer may compute anything from its input (a `Parallel` of heads, say).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Module } from '../core/primitives.js';
import { type AnyModule, bindChild, checkChildName, childParams, isModule } from './children.js';
import type { Layer } from './layer.js';

/**
 * Compose layers left to right: positionally (`0.weight`, …) or named (`fc1.weight`, …).
 *
 * @example
 * ```ts
 * const net = Serial(Dense(16, 64), Tanh, Dense(64, 16));
 * const named = Serial({ fc1: Dense(16, 64), act: Tanh, fc2: Dense(64, 16) }); // fc1.weight, fc2.bias, …
 * const f = yield* module('net', net);
 * ```
 * @category nn
 * @since 0.1.0
 */
export function Serial<R = tf.Tensor>(...layers: readonly [...Layer[], Module<(x: tf.Tensor) => R>]): Module<(x: tf.Tensor) => R>;
export function Serial(layers: Readonly<Record<string, Layer>>): Layer;
export function Serial(...args: readonly unknown[]): AnyModule {
  const named = args.length === 1 && !isModule(args[0]) && typeof args[0] === 'object' && args[0] !== null;
  const children = named ? Object.entries(args[0] as Readonly<Record<string, AnyModule>>) : args.map((layer, i) => [String(i), layer as AnyModule] as const);
  if (children.length === 0) throw invalidArgument('Serial', 'layers', 'must not be empty', '0 layers');
  for (const [name, child] of children) {
    if (named) checkChildName('Serial', name);
    if (!isModule(child)) throw invalidArgument('Serial', `layers.${name}`, 'must be a layer (params and bind)', typeof child);
  }
  return {
    params: childParams(children),
    bind: (weights) => {
      const bound = children.map(([name, child]) => bindChild(weights, name, child as Module<(x: unknown) => unknown>));
      return (x: unknown) => bound.reduce((h, f) => f(h), x);
    },
  };
}
