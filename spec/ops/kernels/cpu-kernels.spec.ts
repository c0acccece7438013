/**
 * The wasm SIMD kernels on the cpu backend (`kernels/cpu-kernels.ts`, `cpu-heap.ts`): large
 * float32 products, `affine`, `softplus` and `σ` on cpu give the very bits the wasm backend
 * gives (the same kernels and plan), the products within the float64 dot-product bound of
 * `wasm-gemm.spec.ts`; small cases (below 2¹⁵ operations) stay with tfjs-backend-cpu; nothing
 * leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { useBackend } from '../../../lib/backend.js';
import { affine } from '../../../lib/ops/index.js';

const U = 2 ** -24;

/** Run `compute` on cpu and on wasm (arrays out), back on cpu afterwards. */
async function onBoth<T>(compute: () => T): Promise<readonly [T, T]> {
  await useBackend('cpu');
  const cpu = compute();
  await useBackend('wasm');
  const wasm = compute();
  await useBackend('cpu');
  return [cpu, wasm];
}

describe('ops/kernels/cpu-kernels', () => {
  afterAll(async () => {
    await useBackend('cpu');
  });

  const shapes: readonly (readonly [number, number, number])[] = [[128, 300, 77], [4000, 10, 1], [9, 40000, 1], [1, 500, 301]];
  for (const [m, k, n] of shapes) {
    it(`matMul [${m}, ${k}] × [${k}, ${n}]: the wasm backend's bits, within the float64 dot-product bound, all layouts`, async () => {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const a = Float32Array.from({ length: m * k }, (_, i) => Math.sin(i * 0.71 + 1));
        const b = Float32Array.from({ length: k * n }, (_, i) => Math.cos(i * 0.37 + 2));
        const [cpu, wasm] = await onBoth(() => tf.tidy(() => tf.matMul(tf.tensor(a, ta ? [k, m] : [m, k]), tf.tensor(b, tb ? [n, k] : [k, n]), ta, tb).dataSync()));
        expect(cpu).toEqual(wasm);
        const gamma = (k * U) / (1 - k * U);
        for (let i = 0; i < m; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            let abs = 0;
            for (let q = 0; q < k; q++) {
              const p = a[ta ? q * m + i : i * k + q]! * b[tb ? j * k + q : q * n + j]!;
              s += p;
              abs += Math.abs(p);
            }
            expect(Math.abs(cpu[i * n + j]! - s)).toBeLessThanOrEqual(2 * gamma * abs + 2 * U * Math.abs(s));
          }
        }
      }
    });
  }

  it('affine equals add(matMul) bit for bit on cpu, large and small, and the wasm backend’s result', async () => {
    for (const [m, k, n] of [[128, 200, 60], [3, 2, 5]] as const) {
      const make = () => [tf.tensor(Float32Array.from({ length: m * k }, (_, i) => Math.sin(i)), [m, k]), tf.tensor(Float32Array.from({ length: k * n }, (_, i) => Math.cos(i)), [k, n]), tf.tensor(Float32Array.from({ length: n }, (_, i) => i / 7), [n])] as const;
      const [cpu, wasm] = await onBoth(() => tf.tidy(() => {
        const [x, w, b] = make();
        return [affine(x, w, b).dataSync(), tf.add(tf.matMul(x, w), b).dataSync()] as const;
      }));
      expect(cpu[0]).toEqual(cpu[1]);
      if (m > 3) expect(cpu[0]).toEqual(wasm[0]); // small products stay with tfjs-backend-cpu
    }
  });

  it('softplus and σ of large tensors: the wasm backend’s bits (within 4 ulps of float64, wasm-softplus.spec.ts)', async () => {
    const xs = Float32Array.from({ length: 5000 }, (_, i) => (i - 2500) / 50);
    const [cpu, wasm] = await onBoth(() => tf.tidy(() => [tf.softplus(tf.tensor(xs)).dataSync(), tf.sigmoid(tf.tensor(xs)).dataSync()]));
    expect(cpu[0]).toEqual(wasm[0]);
    expect(cpu[1]).toEqual(wasm[1]);
  });

  it('sums over leading axes as float64 column sums, rows in order, rounded once (tfjs-backend-cpu’s sums, without its transpose)', async () => {
    await useBackend('cpu');
    const [r, c] = [128, 19];
    const xs = Float32Array.from({ length: r * 2 * c }, (_, i) => Math.sin(i * 1.3) * 10 ** ((i % 7) - 3));
    const x = tf.tensor(xs, [r, 2, c]);
    // reference: the float64 sum of each column over the leading axes, in row order, then float32
    const columns = (lead: number, width: number) =>
      Float32Array.from({ length: width }, (_, j) => {
        let s = 0;
        for (let i = 0; i < lead; i++) s += xs[i * width + j]!;
        return s;
      });
    const over0 = tf.sum(x, 0);
    const over01 = tf.sum(x, [1, 0], true);
    expect(over0.shape).toEqual([2, c]);
    expect(over0.dataSync()).toEqual(columns(r, 2 * c));
    expect(over01.shape).toEqual([1, 1, c]);
    expect(over01.dataSync()).toEqual(columns(2 * r, c));
    // not leading axes, or all of them: tfjs-backend-cpu's kernel (checked against the same float64 sums)
    const last = tf.sum(x, 2).dataSync();
    expect(last[0]).toBe(Math.fround(Array.from({ length: c }, (_, j) => xs[j]!).reduce((a, b) => a + b, 0)));
    expect(tf.sum(x).dataSync()[0]).toBe(Math.fround(xs.reduce((a, b) => a + b, 0)));
    tf.dispose([x, over0, over01]);
  });

  it('leaks no tensor on cpu', async () => {
    await useBackend('cpu');
    const a = tf.randomNormal([200, 200]);
    const x = tf.randomNormal([4096]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) tf.tidy(() => { tf.matMul(a, a, i === 1, i === 2); tf.softplus(x); tf.sigmoid(x); tf.sum(a, 0); });
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([a, x]);
  });
});
