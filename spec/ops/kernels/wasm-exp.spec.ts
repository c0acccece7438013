/**
 * The wasm SIMD `Exp` (`kernels/wasm-exp.ts`).
 * References and tolerances:
 * - float64 `Math.exp` of the same float32 inputs on a 4·10⁵-point grid over [−87, 88.7] (normal
 *   results): ≤ 2 float32 ulps (Cody–Waite reduction and Cephes' polynomial in float32 add
 *   about one ulp to the final rounding; measured 0.97);
 * - subnormal results (x in [−103.9, −87.4]): within one smallest subnormal (2⁻¹⁴⁹) of the
 *   correctly rounded value;
 * - exactly `+∞` past 88.73, `0` below −103.98, `exp(±∞)`, `exp(0) = 1`, NaN in → NaN out;
 * - every size from 4 to 40 (the overlapping last block) against `Math.exp`, ≤ 2 ulps;
 * - the gradient `dy eˣ` through `tf.grad`, and inputs the kernel declines (fewer than 4
 *   elements, int32) still through tfjs's kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { EXP_MODULE_BYTES, installWasmExp } from '../../../lib/ops/kernels/wasm-exp.js';
import { validates } from '../../../lib/ops/kernels/wasm-asm.js';
import { describeBackends } from '../../helpers/backends.js';
import { installsOnce } from './helpers/strategy.js';

/** |got − exp(x)| in float32 ulps of the exact value (normal range). */
const ulps = (got: number, x: number): number => {
  const t = Math.exp(x);
  return Math.abs(got - t) / 2 ** (Math.floor(Math.log2(t)) - 23);
};

describeBackends('ops/kernels/wasm-exp', () => {
  installsOnce('Exp', installWasmExp);

  it('assembles a module this runtime validates', () => {
    expect(validates(EXP_MODULE_BYTES)).toBe(true);
  });

  it('is within 2 float32 ulps of float64 exp over the normal range', () => {
    const xs = Float32Array.from({ length: 400_001 }, (_, i) => -87 + i * (175.7 / 400_000));
    const y = tf.tidy(() => tf.exp(tf.tensor(xs)).dataSync());
    let worst = 0;
    for (let i = 0; i < xs.length; i++) worst = Math.max(worst, ulps(y[i]!, xs[i]!));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it('falls gradually through the subnormals', () => {
    const xs = Float32Array.from({ length: 20_001 }, (_, i) => -103.9 + i * (16.5 / 20_000));
    const y = tf.tidy(() => tf.exp(tf.tensor(xs)).dataSync());
    for (let i = 0; i < xs.length; i++) expect(Math.abs(y[i]! - Math.fround(Math.exp(xs[i]!)))).toBeLessThanOrEqual(2 ** -149);
  });

  it('overflows, underflows and propagates NaN as exp does', () => {
    const xs = [88.8, 1000, Infinity, -104, -1000, -Infinity, 0, NaN];
    const y = tf.tidy(() => Array.from(tf.exp(tf.tensor(xs)).dataSync()));
    expect(y.slice(0, 7)).toEqual([Infinity, Infinity, Infinity, 0, 0, 0, 1]);
    expect(y[7]).toBeNaN();
  });

  it('handles every size from 4 to 40 (overlapping last block)', () => {
    for (let n = 4; n <= 40; n++) {
      const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.3 + n) * 20);
      const y = tf.tidy(() => tf.exp(tf.tensor(xs)).dataSync());
      xs.forEach((x, i) => expect(ulps(y[i]!, x)).toBeLessThanOrEqual(2));
    }
  });

  it('differentiates (dy eˣ) and leaves declined inputs to tfjs', () => {
    tf.tidy(() => {
      const x = tf.tensor([0.5, -1, 2, 3, -4]);
      const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.exp(v), tf.tensor([1, 2, 3, 4, 5]))))(x).dataSync();
      [0.5, -1, 2, 3, -4].forEach((v, i) => expect(ulps(g[i]! / (i + 1), v)).toBeLessThanOrEqual(3));
      expect(Array.from(tf.exp(tf.tensor([0, 1, 2])).dataSync())).toEqual([1, Math.fround(Math.E), Math.fround(Math.exp(2))]);
      const ints = tf.exp(tf.tensor([0, 1, 2, 3, 4], undefined, 'int32')).dataSync();
      [0, 1, 2, 3, 4].forEach((v, i) => expect(ulps(ints[i]!, v)).toBeLessThanOrEqual(1));
    });
  });
}, ['wasm']);
