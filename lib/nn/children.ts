/**
 * Named children: how the combinators (`Serial`, `Parallel`, `Net`) name their sub-modules'
 * weights by path, as torch's `named_parameters()` does — `fc21.weight`, `0.bias`,
 * `heads.loc.weight` — and hand each child its own weights back at `bind`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Key } from '../core/key.js';
import type { Module } from '../core/primitives.js';

/** A weight of a module: its initial value, or a function of a key drawing one. */
export type Weight = tf.Tensor | ((key: Key) => tf.Tensor);

/** Any module (whatever it computes). */
export type AnyModule = Module<unknown>;

/** What a module computes once bound: `Module<F>` → `F`. */
export type Bound<M> = M extends Module<infer F> ? F : never;

/** Whether `x` is a module (`params` and `bind`), as opposed to a record of named ones. */
export const isModule = (x: unknown): x is AnyModule =>
  typeof x === 'object' && x !== null && typeof (x as Partial<AnyModule>).bind === 'function' && typeof (x as Partial<AnyModule>).params === 'object';

/** Throw unless `name` is a usable child name (non-empty, no `.`: names are joined into paths). */
export function checkChildName(fn: string, name: string): void {
  if (name === '' || name.includes('.')) throw invalidArgument(fn, `children.${name}`, "must be a non-empty name without '.'", JSON.stringify(name), "Weights are named by path ('fc21.weight'); a '.' would make paths ambiguous.");
}

/** The children's weights under their paths: `<child>.<weight>`. */
export function childParams(children: readonly (readonly [string, AnyModule])[]): Record<string, Weight> {
  const params: Record<string, Weight> = {};
  for (const [name, child] of children) for (const [weight, init] of Object.entries(child.params)) params[`${name}.${weight}`] = init;
  return params;
}

/** Bind `child` to its own weights (those under `<name>.`) of `weights`. */
export function bindChild<F>(weights: Readonly<Record<string, tf.Tensor>>, name: string, child: Module<F>): F {
  const own: Record<string, tf.Tensor> = {};
  for (const weight of Object.keys(child.params)) {
    const w = weights[`${name}.${weight}`];
    if (w !== undefined) own[weight] = w;
  }
  return child.bind(own);
}
