/**
 * The wasm SIMD `tanh` and its gradient on the backend's heap.
 *
 * References and tolerances:
 * - values against float64 `Math.tanh` of the same float32 inputs, on a 2·10⁵-point grid over
 *   [−10, 10]: relative error ≤ 4 float32 ulps (Eigen's rational is within ~2 ulps in exact
 *   arithmetic; float32 Horner evaluation and the division add at most ~2 more; measured 2.7);
 * - exactly ±1 beyond the clamp, exactly `x` below 4e-4, NaN in → NaN out;
 * - the gradient against `dy (1 − y²)` in float64 from the same float32 `y`, `dy`: 4 ulps of
 *   `|dy|` (two products and a subtraction, each rounding once);
 * - every size from 4 to 67 (whole blocks plus the overlapping last block) against the
 *   JavaScript path on cpu within 4 ulps; sizes below 4 are declined.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { useBackend } from '../../../lib/backend.js';
import { describeBackends } from '../../helpers/backends.js';
import { heapTanh, heapTanhGrad } from '../../../lib/ops/kernels/wasm-tanh.js';
import { tanh } from '../../../lib/ops/index.js';

const ULP = 2 ** -23;

describeBackends('ops/kernels/wasm-tanh', () => {

  it('is within 4 float32 ulps of float64 tanh over [−10, 10]', () => {
    const xs = Float32Array.from({ length: 200_003 }, (_, i) => -10 + i * 1e-4);
    const y = tf.tidy(() => heapTanh(tf.tensor(xs))!.dataSync());
    let worst = 0;
    for (let i = 0; i < xs.length; i++) {
      const t = Math.tanh(xs[i]!);
      worst = Math.max(worst, Math.abs(y[i]! - t) / Math.max(Math.abs(t), 1e-38));
    }
    expect(worst).toBeLessThanOrEqual(4 * ULP);
  });

  it('saturates to exactly ±1, is exact below 4e-4, propagates NaN', () => {
    const xs = [8, 20, Infinity, -9, -Infinity, 3e-4, -1e-9, 0, NaN];
    const y = tf.tidy(() => Array.from(heapTanh(tf.tensor(xs))!.dataSync()));
    expect(y.slice(0, 5)).toEqual([1, 1, 1, -1, -1]);
    expect(y.slice(5, 8)).toEqual([Math.fround(3e-4), Math.fround(-1e-9), 0]);
    expect(y[8]).toBeNaN();
  });

  it('gives dy (1 − y²) backward', () => {
    tf.tidy(() => {
      const y = tf.randomUniform([1001], -1, 1, 'float32', 7);
      const dy = tf.randomNormal([1001], 0, 3, 'float32', 8);
      const g = heapTanhGrad(y, dy)!.dataSync();
      const [Y, D] = [y.dataSync(), dy.dataSync()];
      for (let i = 0; i < g.length; i++) expect(Math.abs(g[i]! - D[i]! * (1 - Y[i]! ** 2))).toBeLessThanOrEqual(4 * ULP * Math.abs(D[i]!) + 1e-30);
    });
  });

  it('agrees with the JavaScript path at every size from 4 to 67 (overlapping last block)', async () => {
    const sizes = Array.from({ length: 64 }, (_, i) => i + 4);
    const inputs = sizes.map((n) => Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + n) * 4));
    const onWasm = tf.tidy(() => inputs.map((x) => Array.from(heapTanh(tf.tensor(x))!.dataSync())));
    await useBackend('cpu');
    const onCpu = tf.tidy(() => inputs.map((x) => Array.from(tanh(tf.tensor(x)).dataSync())));
    await useBackend('wasm');
    onWasm.forEach((row, k) => row.forEach((v, i) => expect(Math.abs(v - onCpu[k]![i]!)).toBeLessThanOrEqual(4 * ULP * Math.abs(onCpu[k]![i]!))));
  });

  it('declines fewer than 4 elements, non-float32 tensors and mismatched gradients', () => {
    tf.tidy(() => {
      expect(heapTanh(tf.ones([3]))).toBeUndefined();
      expect(heapTanh(tf.ones([8], 'int32'))).toBeUndefined();
      expect(heapTanhGrad(tf.ones([8]), tf.ones([9]))).toBeUndefined();
    });
  });

  it('runs as the IgnisTanh kernel forward and IgnisTanhGrad backward, saving its output without a copy', async () => {
    const x = tf.randomNormal([16, 8], 0, 1, 'float32', 3);
    const profile = await tf.profile(() => tf.dispose(tf.grad((v: tf.Tensor) => tf.sum(tanh(v)))(x)));
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain('IgnisTanh');
    expect(names).toContain('IgnisTanhGrad');
    expect(names).not.toContain('Identity');
    x.dispose();
  });

  it("is the fused tanh's path on wasm: values, gradient through tf.grad, no leak (property: shapes)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 9 }), (r, c) => {
        tf.tidy(() => {
          const x = tf.randomNormal([r, c], 0, 2, 'float32', r * 10 + c);
          const before = tf.memory().numTensors;
          const g = tf.grad((v: tf.Tensor) => tf.sum(tanh(v)))(x);
          const X = x.dataSync();
          const G = g.dataSync();
          for (let i = 0; i < X.length; i++) expect(Math.abs(G[i]! - (1 - Math.tanh(X[i]!) ** 2))).toBeLessThanOrEqual(1e-6);
          g.dispose();
          expect(tf.memory().numTensors).toBe(before);
        });
      }),
      { numRuns: 30 },
    );
  });
}, ['wasm']);
