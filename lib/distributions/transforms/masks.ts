/**
 * Constant masks for the triangular transforms, built from cached JS arrays (the tensors are
 * created per call, about a microsecond each, so nothing stays alive on a backend). Masks are
 * applied by multiplication: `tf.where` costs four kernels (it clones all three operands).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { showShape } from '../../core/shape.js';

const floatCache = new Map<string, Float32Array>();

function cached<K, V>(cache: Map<K, V>, key: K, make: () => V): V {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const made = make();
  if (cache.size > 128) cache.clear();
  cache.set(key, made);
  return made;
}

/**
 * `[d, d]` float mask: 1 where `j − i ≤ k` (k = −1: strictly lower, k = 0: lower), else 0.
 *
 * @category transforms
 * @since 0.1.0
 */
export function lowerMask(d: number, k: number): tf.Tensor {
  const data = cached(floatCache, `${d},${k}`, () => {
    const m = new Float32Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) if (j - i <= k) m[i * d + j] = 1;
    return m;
  });
  return tf.tensor(data, [d, d], 'float32');
}

/**
 * `[d, d]` float identity.
 *
 * @category transforms
 * @since 0.1.0
 */
export function eyeFloat(d: number): tf.Tensor {
  const data = cached(floatCache, `eye${d}`, () => {
    const m = new Float32Array(d * d);
    for (let i = 0; i < d; i++) m[i * d + i] = 1;
    return m;
  });
  return tf.tensor(data, [d, d], 'float32');
}

/**
 * `[d, d]` float `1 − I`: ones off the diagonal (so `log(y ⊙ I + (1 − I))` is 0 there).
 *
 * @category transforms
 * @since 0.1.0
 */
export function offDiagonalOnes(d: number): tf.Tensor {
  const data = cached(floatCache, `off${d}`, () => {
    const m = new Float32Array(d * d).fill(1);
    for (let i = 0; i < d; i++) m[i * d + i] = 0;
    return m;
  });
  return tf.tensor(data, [d, d], 'float32');
}

/**
 * The size `d` of the square matrices `[..., d, d]` in `m`, or `InvalidArgument` naming `fn`.
 *
 * @category transforms
 * @since 0.1.0
 */
export function squareDim(fn: string, m: tf.Tensor): number {
  const d = m.shape[m.rank - 1];
  if (m.rank < 2 || d === undefined || m.shape[m.rank - 2] !== d) {
    throw invalidArgument(fn, 'value', 'must be (a batch of) square matrices [..., d, d]', `shape ${showShape(m.shape)}`);
  }
  return d;
}
