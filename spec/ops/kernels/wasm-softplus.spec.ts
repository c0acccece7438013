/**
 * The wasm SIMD `Softplus` and `Sigmoid` (`kernels/wasm-softplus.ts`).
 * References and tolerances: float64 `log1p(exp(x))` (computed stably as `max(x, 0) +
 * log1p(exp(−|x|))`) and `1 / (1 + exp(−x))` of the same float32 inputs on a dense grid over
 * [−100, 100]: ≤ 4 float32 ulps of the exact value (the float32 `exp`, `log1p` series and one
 * division each add about an ulp), and where the exact value is subnormal, within 2⁻¹⁴⁹;
 * special values exactly; every size from 4 to 40 (the overlapping last block); softplus's
 * gradient `dy σ(x)` through `tf.grad` within 4 ulps; declined inputs through tfjs's kernels;
 * no leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { SOFTPLUS_MODULE_BYTES, installWasmSoftplus } from '../../../lib/ops/kernels/wasm-softplus.js';
import { validates } from '../../../lib/ops/kernels/wasm-asm.js';
import { describeBackends } from '../../helpers/backends.js';
import { installsOnce, leaksNothing } from './helpers/strategy.js';

const softplus64 = (x: number): number => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid64 = (x: number): number => 1 / (1 + Math.exp(-x));

/** |got − want| in float32 ulps of `want` (the subnormal spacing below 2⁻¹²⁶). */
const ulps = (got: number, want: number): number => Math.abs(got - want) / 2 ** Math.max(-149, Math.floor(Math.log2(Math.abs(want))) - 23);

describeBackends('ops/kernels/wasm-softplus', () => {
  installsOnce('Softplus', installWasmSoftplus);

  it('assembles a module this runtime validates', () => {
    expect(validates(SOFTPLUS_MODULE_BYTES)).toBe(true);
  });

  const grid = Float32Array.from({ length: 200_001 }, (_, i) => -100 + i * 0.001);
  for (const [name, op, exact] of [['softplus', tf.softplus, softplus64], ['sigmoid', tf.sigmoid, sigmoid64]] as const) {
    it(`${name}: within 4 float32 ulps of float64 over [−100, 100]`, () => {
      const y = tf.tidy(() => op(tf.tensor(grid)).dataSync());
      let worst = 0;
      for (let i = 0; i < grid.length; i++) worst = Math.max(worst, ulps(y[i]!, exact(grid[i]!)));
      expect(worst).toBeLessThanOrEqual(4);
    });

    it(`${name}: every size from 4 to 40`, () => {
      for (let n = 4; n <= 40; n++) {
        const xs = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 1.7 + n) * 30);
        const y = tf.tidy(() => op(tf.tensor(xs)).dataSync());
        xs.forEach((x, i) => expect(ulps(y[i]!, exact(x))).toBeLessThanOrEqual(4));
      }
    });

    leaksNothing(() => tf.randomNormal([300]), (x) => op(x));
  }

  it('softplus and sigmoid of special values', () => {
    const xs = [0, Infinity, -Infinity, 1e-30, -1e-30, 200, -200, NaN];
    const [sp, sg] = tf.tidy(() => [Array.from(tf.softplus(tf.tensor(xs)).dataSync()), Array.from(tf.sigmoid(tf.tensor(xs)).dataSync())]);
    expect(sp.slice(0, 7)).toEqual([Math.fround(Math.LN2), Infinity, 0, Math.fround(Math.LN2), Math.fround(Math.LN2), 200, 0]);
    expect(sp[7]).toBeNaN();
    expect(sg.slice(0, 7)).toEqual([0.5, 1, 0, 0.5, 0.5, 1, 0]);
    expect(sg[7]).toBeNaN();
  });

  it('gives softplus’s gradient dy σ(x) within 4 ulps', () => {
    const xs = Float32Array.from({ length: 1000 }, (_, i) => (i - 500) / 20);
    const g = tf.tidy(() => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.softplus(x), 3)))(tf.tensor(xs)).dataSync());
    xs.forEach((x, i) => expect(ulps(g[i]!, 3 * sigmoid64(x))).toBeLessThanOrEqual(4));
  });

  it('leaves tensors of fewer than 4 elements to tfjs', () => {
    const y = tf.tidy(() => Array.from(tf.softplus(tf.tensor([-1, 2])).dataSync()));
    y.forEach((v, i) => expect(ulps(v, softplus64([-1, 2][i]!))).toBeLessThanOrEqual(4));
  });
}, ['wasm']);
