/**
 * The wasm SIMD Adam kernel: its assembled module validates, its update is Adam's formulas
 * (reference: float64 JavaScript on the same float32 inputs), lanes and the scalar tail alike,
 * `Adam` uses it for large parameters on wasm and agrees with the JavaScript loop on cpu over
 * many steps, and it releases every tensor it makes.
 *
 * Tolerances: the kernel computes in float32, so each result may differ from the float64
 * reference by a few float32 roundings: `m'`, `v'` by 4 ulp of the larger of their two terms,
 * `θ'` by 4 ulp of `|θ|` plus 1e-6 of the step size `|s m' / (√(v' c) + ε)|` (the sqrt and the
 * division each round once).
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { useBackend } from '../../../lib/backend.js';
import { describeBackends } from '../../helpers/backends.js';
import { Adam } from '../../../lib/infer/optim/adam.js';
import { ADAM_KERNEL, ADAM_MODULE_BYTES, type AdamSummary, adamCalls, installWasmAdam, wasmAdamUpdate, wasmAdamUpdates } from '../../../lib/ops/kernels/wasm-adam.js';
import { kernelIds } from '../../../lib/ops/kernels/kernel-table.js';
import { ensureThreads, runParts, stopThreads } from '../../../lib/ops/kernels/parallel.js';
import { activeWasmBackend, heapScratch, offsetOf } from '../../../lib/ops/kernels/wasm-heap.js';

const ULP = 2 ** -23;

describeBackends('ops/kernels/wasm-adam', () => {

  it('is installed by useBackend("wasm") (idempotent)', () => {
    expect(tf.getKernel(ADAM_KERNEL, 'wasm')).toBeDefined();
    expect(installWasmAdam()).toBe(true);
  });

  it("computes Adam's update in every SIMD lane and in the overlapping last block (property: sizes, betas, steps)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: 67 }),
        fc.double({ min: 0, max: 0.99, noNaN: true }),
        fc.double({ min: 0.9, max: 0.9999, noNaN: true }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (n, b1, b2, t, seed) => {
          tf.tidy(() => {
            const x = tf.randomNormal([n], 0, 2, 'float32', seed);
            const g = tf.randomNormal([n], 0, 1, 'float32', seed + 1);
            const m = tf.randomNormal([n], 0, 0.3, 'float32', seed + 2);
            const v = tf.randomUniform([n], 0, 1, 'float32', seed + 3);
            const attrs = { b1, b2, step: 0.01 / (1 - b1 ** t), invC2: 1 / (1 - b2 ** t), eps: 1e-8 };
            const [xo, mo, vo] = wasmAdamUpdate(x, g, m, v, attrs)!.map((r) => r.dataSync());
            const [X, G, M, V] = [x, g, m, v].map((r) => r.dataSync());
            for (let i = 0; i < n; i++) {
              const mm = b1 * M![i]! + (1 - b1) * G![i]!;
              const vv = b2 * V![i]! + (1 - b2) * G![i]! ** 2;
              const move = (attrs.step * mm) / (Math.sqrt(vv * attrs.invC2) + attrs.eps);
              expect(Math.abs(mo![i]! - mm)).toBeLessThanOrEqual(4 * ULP * Math.max(Math.abs(b1 * M![i]!), Math.abs((1 - b1) * G![i]!)) + 1e-30);
              expect(Math.abs(vo![i]! - vv)).toBeLessThanOrEqual(4 * ULP * vv + 1e-30);
              expect(Math.abs(xo![i]! - (X![i]! - move))).toBeLessThanOrEqual(4 * ULP * Math.abs(X![i]!) + 1e-6 * Math.abs(move) + 1e-30);
            }
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('updates several parameters with their own scalars in one dispatch, each as alone (bit for bit)', async () => {
    const entries = [5, 16, 67].map((n, k) => ({
      x: tf.randomNormal([n], 0, 2, 'float32', 10 * k),
      g: tf.randomNormal([n], 0, 1, 'float32', 10 * k + 1),
      m: tf.randomNormal([n], 0, 0.3, 'float32', 10 * k + 2),
      v: tf.randomUniform([n], 0, 1, 'float32', 10 * k + 3),
      attrs: { b1: 0.9 - 0.1 * k, b2: 0.999, step: 0.01 * (k + 1), invC2: 1.5, eps: 1e-8 },
    }));
    const profile = await tf.profile(() => tf.dispose(wasmAdamUpdates(entries)!.flat()));
    expect(profile.kernels.map((k) => k.name)).toEqual([ADAM_KERNEL]);
    const together = wasmAdamUpdates(entries)!;
    entries.forEach((e, k) => {
      const alone = wasmAdamUpdate(e.x, e.g, e.m, e.v, e.attrs)!;
      alone.forEach((t, j) => expect(Array.from(together[k]![j]!.dataSync())).toEqual(Array.from(t.dataSync())));
      tf.dispose([...alone, e.x, e.g, e.m, e.v]);
    });
    tf.dispose(together.flat());
  });

  it('summarizes each parameter as it writes: [min, max] of θ′ (every lane and the overlapping tail), and whether θ′, m′, v′ are all finite', () => {
    const attrs = { b1: 0.9, b2: 0.999, step: 0.01, invC2: 1, eps: 1e-8 };
    const cases: readonly (readonly number[])[] = [
      [0.5, -1, 2, 0.25, -3, 1], // finite
      [0.5, -1, NaN, 0.25, -3, 1], // NaN gradient
      [0.5, -1, 2, 0.25, -3, Infinity], // infinite gradient (in the tail block)
      [0.5, -1, 2e30, 0.25, -3, 1], // g² overflows v′; θ′ stays finite
    ];
    tf.tidy(() => {
      const entries = cases.map((g) => ({ x: tf.tensor1d([1, 2, 3, 4, 5, 6]), g: tf.tensor1d([...g]), m: tf.zeros([6]), v: tf.zeros([6]), attrs }));
      const summaries: AdamSummary[] = [];
      const outs = wasmAdamUpdates(entries, summaries)!;
      expect(summaries.map((s) => s.finite)).toEqual([true, false, false, false]);
      const theta = Array.from(outs[0]![0]!.dataSync());
      expect(summaries[0]!.range).toEqual([Math.min(...theta), Math.max(...theta)]);
      expect(summaries[1]!.range.every(Number.isNaN)).toBe(true);
      expect(Array.from(outs[3]![0]!.dataSync()).every(Number.isFinite)).toBe(true);
    });
  });

  it('cuts one dispatch into parts (threads) with the same bits and summaries as one part: any split, sizes not multiples of 4, tails kept in one part', () => {
    const b = activeWasmBackend()!;
    const sizes = [5, 4, 1001, 7003, 7, 64];
    const id = kernelIds(ADAM_MODULE_BYTES).adam!;
    const run = (parts: number): number[][] =>
      tf.tidy(() => {
        const ins = sizes.map((n, k) => [tf.randomNormal([n], 0, 2, 'float32', k + 1), tf.randomNormal([n], 0, 1, 'float32', k + 50), tf.randomNormal([n], 0, 0.3, 'float32', k + 99), tf.randomUniform([n], 0, 1, 'float32', k + 7)]);
        const outs = sizes.map((n) => [tf.zeros([n]), tf.zeros([n]), tf.zeros([n])]);
        const slots = heapScratch(b, 0, 48 * sizes.length * parts);
        const summary = b.wasm.HEAPF32.subarray(slots / 4, slots / 4 + 12 * sizes.length * parts);
        for (let k = 0; k < summary.length; k += 12) summary.fill(Infinity, k, k + 4).fill(-Infinity, k + 4, k + 8).fill(0, k + 8, k + 12);
        const jobs = sizes.map((n, i) => ({ offsets: [...ins[i]!, ...outs[i]!].map((t) => offsetOf(b, t)), n, scalars: [0.9, 0.999, 0.1, 0.001, 0.01, 1.5, 1e-8] }));
        const calls = adamCalls(jobs, parts, (i, p) => slots + 48 * (i * parts + p), id);
        expect(calls.length).toBe(parts);
        runParts(b.wasm.asm.memory, calls);
        const ranges = sizes.map((_, i) => {
          const lanes = Array.from({ length: parts }, (_, p) => Array.from(summary.subarray(12 * (i * parts + p), 12 * (i * parts + p) + 8)));
          return [Math.min(...lanes.flatMap((l) => l.slice(0, 4))), Math.max(...lanes.flatMap((l) => l.slice(4, 8)))];
        });
        return [...outs.flat().map((t) => Array.from(t.dataSync())), ...ranges];
      });
    const one = run(1);
    const theta = one.slice(0, 3 * sizes.length).filter((_, j) => j % 3 === 0);
    sizes.forEach((_, i) => expect(one[3 * sizes.length + i]).toEqual([Math.min(...theta[i]!), Math.max(...theta[i]!)]));
    for (const parts of [2, 3, 5]) expect(run(parts)).toEqual(one);
  });

  it('splits a large update across the kernel threads: the same bits with and without workers', async () => {
    const n = 300_001;
    const e = { x: tf.randomNormal([n], 0, 2, 'float32', 1), g: tf.randomNormal([n], 0, 1, 'float32', 2), m: tf.randomNormal([n], 0, 0.3, 'float32', 3), v: tf.randomUniform([n], 0, 1, 'float32', 4), attrs: { b1: 0.9, b2: 0.999, step: 0.01, invC2: 1.5, eps: 1e-8 } };
    const memory = activeWasmBackend()!.wasm.asm.memory;
    const before = tf.memory().numTensors;
    const split = wasmAdamUpdate(e.x, e.g, e.m, e.v, e.attrs)!;
    expect(tf.memory().numTensors).toBe(before + 3);
    await stopThreads(memory);
    const alone = wasmAdamUpdate(e.x, e.g, e.m, e.v, e.attrs)!;
    await ensureThreads(memory);
    split.forEach((t, j) => expect(t.dataSync()).toEqual(alone[j]!.dataSync()));
    tf.dispose([...split, ...alone, e.x, e.g, e.m, e.v]);
  });

  it('declines parameters of fewer than 4 elements (no whole block to overlap)', () => {
    tf.tidy(() => {
      const t = tf.ones([3]);
      expect(wasmAdamUpdate(t, t, t, t, { b1: 0.9, b2: 0.999, step: 0.01, invC2: 1, eps: 1e-8 })).toBeUndefined();
    });
  });

  it('is what Adam runs for a large parameter on wasm: 200 steps agree with the JavaScript loop on cpu (rtol 5e-5)', async () => {
    const n = 5001; // above the kernel's size threshold, with a tail
    const run = (): Float32Array => {
      const optim = Adam({ lr: 0.01 });
      let params: Readonly<Record<string, tf.Tensor>> = { w: tf.linspace(-3, 3, n) };
      let state = optim.init(params);
      for (let step = 1; step <= 200; step++) {
        // the same gradient values on both backends: computed in JavaScript from the current w
        const w = params.w!.dataSync();
        const next = tf.tidy(() => {
          const grads = { w: tf.tensor1d(w.map((x) => Math.sin(x * (step % 7)) - 0.5 * x)) };
          return optim.update({ step, params, grads, state });
        });
        tf.dispose([params.w!, ...Object.values(state).flatMap((s) => Object.values(s))]);
        params = next.params;
        state = next.state;
      }
      const out = params.w!.dataSync() as Float32Array;
      tf.dispose([params.w!, ...Object.values(state).flatMap((s) => Object.values(s))]);
      return out;
    };
    const before = tf.memory().numTensors;
    const profile = await tf.profile(() => {
      tf.tidy(() => {
        const optim = Adam({ lr: 0.01 });
        const p = { w: tf.zeros([n]) };
        optim.update({ step: 1, params: p, grads: p, state: optim.init(p) });
      });
    });
    expect(profile.kernels.map((k) => k.name)).toContain(ADAM_KERNEL);
    const onWasm = run();
    expect(tf.memory().numTensors).toBe(before);
    await useBackend('cpu');
    const onCpu = run();
    await useBackend('wasm');
    // Both are float32 Adam; their rounding differences (a few ulp per step) feed back through the
    // gradient's dependence on w for 200 steps (measured max 1.7e-5). A wrong formula moves w by
    // up to lr = 1e-2 per step.
    for (let i = 0; i < n; i++) expect(Math.abs(onWasm[i]! - onCpu[i]!)).toBeLessThanOrEqual(5e-5 * Math.max(1, Math.abs(onCpu[i]!)));
  });
}, ['wasm']);
