/**
 * `bindModule(name, net, params)`: a trained network outside the model or guide, with no
 * prefix surgery on the params' names.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../core/errors.js';
import { MODULE_SEPARATOR, type Module } from '../core/primitives.js';

/**
 * What `yield* module(name, net)` returns inside a model or guide, outside one: `net` bound to
 * the weights `name$$$<weight>` of `params` (e.g. the params `svi.run` returns, or
 * `loadParams`'s). In Pyro the trained `nn.Module` simply holds its weights; in Ignis the
 * params record does, and this reads the network's share of it.
 *
 * Throws `MissingSite` naming the first weight of `net` that `params` lacks.
 *
 * @example
 * ```ts
 * const { params } = svi.run(prngKey(0), 2000, [x]);
 * const encode = bindModule('encoder', Encoder(2, 16), params);
 * const [zLoc, zScale] = encode(x);
 * ```
 * @category nn
 * @since 0.2.0
 */
export function bindModule<F>(name: string, net: Module<F>, params: Readonly<Record<string, tf.Tensor>>): F {
  const weights: Record<string, tf.Tensor> = {};
  for (const weight of Object.keys(net.params)) {
    const full = `${name}${MODULE_SEPARATOR}${weight}`;
    const value = params[full];
    if (value === undefined) {
      const known = Object.keys(params).filter((n) => n.startsWith(`${name}${MODULE_SEPARATOR}`));
      throw ignisError('MissingSite', {
        fn: 'bindModule',
        what: `the weight '${full}' of module '${name}' is missing from the params`,
        detail: known.length === 0 ? `no param starts with '${name}${MODULE_SEPARATOR}'` : `the params have ${known.join(', ')}`,
        hint: 'Pass the params of a run whose model or guide called module() with this name and an identical network.',
      });
    }
    weights[weight] = value;
  }
  return net.bind(weights);
}
