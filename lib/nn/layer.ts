/**
 * The type every network in `lib/nn` has, and the weight lookup their `bind` shares.
 *
 * A {@link Layer} is a `Module` (see `lib/core/primitives.ts`) computing `x ↦ y`: its
 * `params` are each weight's initializer (a function of a key), its `bind(weights)` the
 * function computed with given weights. `module(name, layer)` inside a model or guide turns
 * the weights into param sites `name$$$weight`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Module } from '../core/primitives.js';

/**
 * A network from tensors to tensors whose weights can become parameters.
 *
 * @category nn
 * @since 0.1.0
 */
export type Layer = Module<(x: tf.Tensor) => tf.Tensor>;

/** The weight `name` of shape `shape` from `weights`; a missing or misshapen one is an `InvalidArgument` naming it. */
export function weightOf(layer: string, weights: Readonly<Record<string, tf.Tensor>>, name: string, shape: readonly number[]): tf.Tensor {
  const w = weights[name];
  if (w === undefined) throw invalidArgument(layer, `weights.${name}`, 'is missing', `weights ${JSON.stringify(Object.keys(weights))}`);
  if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
    throw invalidArgument(layer, `weights.${name}`, `must have shape [${shape.join(', ')}]`, `shape [${w.shape.join(', ')}]`);
  }
  return w;
}
