import type * as tf from '@tensorflow/tfjs-core';
import { type Key, splitKey } from '../../lib/core/key.js';
import type { Module } from '../../lib/core/primitives.js';

/** Draw a layer's weights from a key (each weight its own key, as `module` does through param sites). */
export function initWeights(layer: Module<unknown>, key: Key): Record<string, tf.Tensor> {
  const names = Object.keys(layer.params);
  const keys = splitKey(key, Math.max(1, names.length));
  return Object.fromEntries(
    names.map((n, i) => {
      const init = layer.params[n]!;
      return [n, typeof init === 'function' ? init(keys[i]!) : init];
    }),
  );
}
