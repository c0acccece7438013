/**
 * `Parallel`: heads applied to the same input, their outputs side by side — the two heads of
 * the VAE tutorial's encoder (`fc21`, `fc22`) without slicing one wide layer.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Module } from '../core/primitives.js';
import { type AnyModule, bindChild, checkChildName, childParams, isModule } from './children.js';

/** A module computing something from one tensor. */
type Head = Module<(x: tf.Tensor) => unknown>;

/** What a head computes: `Module<(x) => R>` → `R`. */
type Out<H> = H extends Module<(x: tf.Tensor) => infer R> ? R : never;

/**
 * `x ↦ [h₀(x), h₁(x), …]` (weights `0.weight`, `1.weight`, …) or, named,
 * `x ↦ { loc: h_loc(x), scale: h_scale(x) }` (weights `loc.weight`, `scale.weight`, …).
 *
 * @example
 * ```ts
 * const encoder = Serial(Dense(784, 400), Softplus, Parallel({ fc21: Dense(400, 50), fc22: Serial(Dense(400, 50), Exp) }));
 * const encode = yield* module('encoder', encoder); // encoder$$$0.weight, encoder$$$2.fc21.weight, …
 * const { fc21: zLoc, fc22: zScale } = encode(x);
 * ```
 * @category nn
 * @since 0.2.0
 */
export function Parallel<const H extends readonly Head[]>(...heads: H): Module<(x: tf.Tensor) => { readonly [K in keyof H]: Out<H[K]> }>;
export function Parallel<const H extends Readonly<Record<string, Head>>>(heads: H): Module<(x: tf.Tensor) => { readonly [K in keyof H]: Out<H[K]> }>;
export function Parallel(...args: readonly unknown[]): AnyModule {
  const named = args.length === 1 && !isModule(args[0]) && typeof args[0] === 'object' && args[0] !== null;
  const children = named ? Object.entries(args[0] as Readonly<Record<string, AnyModule>>) : args.map((head, i) => [String(i), head as AnyModule] as const);
  if (children.length === 0) throw invalidArgument('Parallel', 'heads', 'must not be empty', '0 heads');
  for (const [name, child] of children) {
    if (named) checkChildName('Parallel', name);
    if (!isModule(child)) throw invalidArgument('Parallel', `heads.${name}`, 'must be a layer (params and bind)', typeof child);
  }
  return {
    params: childParams(children),
    bind: (weights) => {
      const bound = children.map(([name, child]) => [name, bindChild(weights, name, child as Module<(x: tf.Tensor) => unknown>)] as const);
      if (!named) return (x: tf.Tensor) => Object.freeze(bound.map(([, f]) => f(x)));
      return (x: tf.Tensor) => Object.freeze(Object.fromEntries(bound.map(([name, f]) => [name, f(x)])));
    },
  };
}
