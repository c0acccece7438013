/**
 * `Serial`: layers applied one after the other, `Serial(f, g, h)(x) = h(g(f(x)))`.
 *
 * Weights are named by the layer's position, as torch's `nn.Sequential` does:
 * `Serial(Dense(2, 8), Tanh, Dense(8, 1))` has `0.weight`, `0.bias`, `2.weight`, `2.bias`, so
 * under `module('encoder', …)` the param sites are `encoder$$$0.weight`, …; nested `Serial`s
 * give `1.0.weight`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Key } from '../core/key.js';
import type { Layer } from './layer.js';

/**
 * Compose layers left to right.
 *
 * @example
 * ```ts
 * const net = Serial(Dense(16, 64), Tanh, Dense(64, 16));
 * const f = yield* module('net', net);
 * ```
 * @category nn
 * @since 0.1.0
 */
export function Serial(...layers: readonly Layer[]): Layer {
  if (layers.length === 0) throw invalidArgument('Serial', 'layers', 'must not be empty', '0 layers');
  const params: Record<string, tf.Tensor | ((key: Key) => tf.Tensor)> = {};
  layers.forEach((layer, i) => {
    for (const [name, init] of Object.entries(layer.params)) params[`${i}.${name}`] = init;
  });
  return {
    params,
    bind: (weights) => {
      const bound = layers.map((layer, i) => {
        const prefix = `${i}.`;
        const own = Object.fromEntries(Object.keys(layer.params).map((name) => [name, weights[`${prefix}${name}`]]).filter((e): e is [string, tf.Tensor] => e[1] !== undefined));
        return layer.bind(own);
      });
      return (x) => bound.reduce((h, f) => f(h), x);
    },
  };
}
