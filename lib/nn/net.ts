/**
 * `Net`: a network with named sub-modules and weights and its own forward function — what a
 * torch `nn.Module` (or a `PyroModule`) subclass with attributes `fc1`, `fc21`, `fc22` is, so
 * a Pyro network ports with its parameter names (`fc21.weight`) and its `forward` as written.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Module } from '../core/primitives.js';
import { type AnyModule, type Bound, type Weight, bindChild, checkChildName, childParams, isModule } from './children.js';
import { weightOf } from './layer.js';

/** A child of a {@link Net}: a sub-module, or a weight of its own (torch's `nn.Parameter`). */
export type NetChild = AnyModule | Weight;

/** What `forward` receives for each child: the bound sub-module, or the weight's value. */
export type BoundChildren<C> = { readonly [K in keyof C]: C[K] extends AnyModule ? Bound<C[K]> : tf.Tensor };

/**
 * A network whose `children` (sub-modules by name, or weights: a tensor or a function of a key)
 * are bound and handed to `forward`, which returns the function the network computes. Weights
 * are named by path: `fc1.weight` for a sub-module `fc1`, `scale` for an own weight `scale`,
 * `decoder.fc1.weight` for a `Net` nested as `decoder`.
 *
 * @example
 * ```ts
 * // Pyro's VAE tutorial: class Encoder(nn.Module): fc1, fc21, fc22; forward(x) → (z_loc, z_scale)
 * const Encoder = (zDim: number, hiddenDim: number) =>
 *   Net({ fc1: Dense(784, hiddenDim), fc21: Dense(hiddenDim, zDim), fc22: Dense(hiddenDim, zDim) }, ({ fc1, fc21, fc22 }) => (x: tf.Tensor) => {
 *     const hidden = tf.softplus(fc1(x));
 *     return [fc21(hidden), tf.exp(fc22(hidden))] as const;
 *   });
 * const encode = yield* module('encoder', Encoder(50, 400)); // encoder$$$fc1.weight, encoder$$$fc21.weight, …
 * ```
 * @category nn
 * @since 0.2.0
 */
export function Net<const C extends Readonly<Record<string, NetChild>>, F>(children: C, forward: (bound: BoundChildren<C>) => F): Module<F> {
  const entries = Object.entries(children);
  const modules: (readonly [string, AnyModule])[] = [];
  const own: Record<string, Weight> = {};
  for (const [name, child] of entries) {
    checkChildName('Net', name);
    if (isModule(child)) modules.push([name, child]);
    else if (child instanceof tf.Tensor || typeof child === 'function') own[name] = child;
    else throw invalidArgument('Net', `children.${name}`, 'must be a module, a tensor or an initializer (a function of a key)', typeof child);
  }
  // an own weight given as a tensor fixes its shape; one given as an initializer, its first value
  const shapeOf = (name: string, weights: Readonly<Record<string, tf.Tensor>>): readonly number[] => {
    const init = own[name];
    return init instanceof tf.Tensor ? init.shape : (weights[name]?.shape ?? []);
  };
  return {
    params: { ...childParams(modules), ...own },
    bind: (weights) => {
      const bound = Object.fromEntries(
        entries.map(([name, child]) => [name, isModule(child) ? bindChild(weights, name, child) : weightOf('Net', weights, name, shapeOf(name, weights))]),
      );
      return forward(bound as BoundChildren<C>);
    },
  };
}
