/**
 * `onGradientPath` (lib/ops/fused/engine.ts): while `tf.grad`/`tf.grads`/`Engine.gradients`
 * records, exactly the tensors that depend on its `xs` are on the path (the inputs tfjs will ask
 * a gradient of).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { onGradientPath } from '../../../lib/ops/fused/engine.js';

describe('ops/fused/engine: onGradientPath', () => {
  it('marks the xs and what is computed from them, not constants or data', () => {
    const data = tf.tensor([1, 2, 3]);
    const x = tf.tensor([0.5, 0.25, 2]);
    const y = tf.scalar(3);
    let seen: boolean[] = [];
    tf.grads((a: tf.Tensor, b: tf.Tensor) => {
      const derived = tf.mul(a, 2);
      const fromData = tf.exp(data);
      const onPath = onGradientPath();
      seen = [onPath(a), onPath(b), onPath(derived), onPath(data), onPath(fromData)];
      return tf.sum(tf.add(tf.mul(derived, fromData), b));
    })([x, y]);
    expect(seen).toEqual([true, true, true, false, false]);
    tf.dispose([data, x, y]);
  });

  it('is "everything" outside a recorded gradient', () => {
    const t = tf.scalar(1);
    expect(onGradientPath()(t)).toBe(true);
    t.dispose();
  });

  it('keeps a nested gradient’s outer xs on the path', () => {
    const x = tf.scalar(1.5);
    let inner = false;
    tf.grad((a: tf.Tensor) => tf.grad((b: tf.Tensor) => {
      inner = onGradientPath()(a);
      return tf.mul(tf.mul(a, b), b);
    })(tf.scalar(2)))(x);
    expect(inner).toBe(true);
    x.dispose();
  });

});
