/**
 * `affine(x, w, b) = x w + b`: one `IgnisAffine` kernel on wasm and cpu.
 * References: the expression `add(matMul(x, w), b)` itself — the kernel adds the bias to each
 * finished sum, so values and first-order gradients agree bit for bit (the gradients are the
 * same tfjs products and sum) — and, for second order, the same expression's Hessian-vector
 * products, within rtol 1e-5 (float32 products of a few terms).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { affine } from '../../../lib/ops/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const reference = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.add(tf.matMul(x, w), b);

describeBackends('ops/linalg/affine', () => {
  it('equals add(matMul(x, w), b) bit for bit, values and gradients (property: shapes)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 9 }), fc.oneof(fc.constantFrom(4, 8, 16, 20), fc.integer({ min: 1, max: 7 })), fc.nat(500), (m, k, n, seed) => {
        tf.tidy(() => {
          const x = tf.randomNormal([m, k], 0, 1, 'float32', seed);
          const w = tf.randomNormal([k, n], 0, 1, 'float32', seed + 1);
          const b = tf.randomNormal([n], 0, 1, 'float32', seed + 2);
          const dy = tf.randomNormal([m, n], 0, 1, 'float32', seed + 3);
          expect(Array.from(affine(x, w, b).dataSync())).toEqual(Array.from(reference(x, w, b).dataSync()));
          const got = tf.grads(affine)([x, w, b], dy);
          const want = tf.grads(reference)([x, w, b], dy);
          got.forEach((g, i) => expect(Array.from(g.dataSync())).toEqual(Array.from(want[i]!.dataSync())));
        });
      }),
      { numRuns: 60 },
    );
  });

  it('is one kernel forward, at every shape', async () => {
    const [x, w, b] = [tf.ones([6, 3]), tf.ones([3, 8]), tf.zeros([8])];
    const profile = await tf.profile(() => affine(x, w, b).dispose());
    expect(profile.kernels.map((k) => k.name)).toEqual(['IgnisAffine']);
    const narrow = await tf.profile(() => affine(x, tf.ones([3, 3]), tf.zeros([3])).dispose());
    expect(narrow.kernels.map((k) => k.name)).toEqual(['IgnisAffine']);
    tf.dispose([x, w, b]);
  });

  it('has exact second derivatives: Hessian-vector products match the expression’s', () => {
    tf.tidy(() => {
      const x = tf.randomNormal([5, 4], 0, 1, 'float32', 11);
      const w = tf.randomNormal([4, 8], 0, 1, 'float32', 12);
      const b = tf.randomNormal([8], 0, 1, 'float32', 13);
      const v = tf.randomNormal([4, 8], 0, 1, 'float32', 14);
      // f(w) = Σ tanh-free cubic: Σ (x w + b)³ / 3; d/dw then its directional derivative along v.
      const hvp = (op: typeof affine): Float32Array => {
        const g = (ww: tf.Tensor): tf.Tensor => tf.grad((u: tf.Tensor) => tf.div(tf.sum(tf.pow(op(x, u, b), 3)), 3))(ww);
        return tf.grad((ww: tf.Tensor) => tf.sum(tf.mul(g(ww), v)))(w).dataSync() as Float32Array;
      };
      expect(closeness(hvp(affine), Array.from(hvp(reference)), 1e-5, 1e-5)).toBeUndefined();
    });
  });

  it('leaks no tensor, forward and backward', () => {
    const [x, w, b] = [tf.ones([7, 3]), tf.ones([3, 4]), tf.ones([4])];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) tf.dispose(tf.grads((p: tf.Tensor, q: tf.Tensor, r: tf.Tensor) => tf.sum(affine(p, q, r)))([x, w, b]));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, w, b]);
  });
});
