/**
 * Kernel threads (`parallel.ts`) on the shared wasm heap (`shared-heap.ts`): the heap is shared
 * after `useBackend('wasm')` in Node, workers run call lists there, and a product split into any
 * number of parts — on the workers or not — gives the same bits as one part (every element is
 * computed by the same instructions in the same order: the test compares bit for bit).
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, expect, it } from 'vitest';
import { describeBackends } from '../../helpers/backends.js';
import { CHUNK, planProduct } from '../../../lib/ops/kernels/gemm-plan.js';
import { ensureThreads, partsAvailable, runParts, startThreads, stopThreads } from '../../../lib/ops/kernels/parallel.js';
import { kernelIds } from '../../../lib/ops/kernels/kernel-table.js';
import { F32, I32, f32StoreAt, get, isShared, moduleBytes } from '../../../lib/ops/kernels/wasm-asm.js';
import { activeWasmBackend, heapScratch, offsetOf } from '../../../lib/ops/kernels/wasm-heap.js';

const heap = () => activeWasmBackend()!;

/** `op(a) op(b)` computed by `planProduct` in `parts` parts, read back. */
function product(a: tf.Tensor, b: tf.Tensor, m: number, k: number, n: number, ta: boolean, tb: boolean, parts: number, withBias = false): Float32Array {
  const b0 = heap();
  const bias = withBias ? tf.range(0, n).mul(0.25) : undefined;
  const out = tf.zeros([m, n]);
  const plan = planProduct(
    { a: offsetOf(b0, a), b: offsetOf(b0, b), c: offsetOf(b0, out), m, n, k, transposeA: ta, transposeB: tb, ...(bias === undefined ? {} : { bias: offsetOf(b0, bias) }) },
    parts,
    (part, bytes) => heapScratch(b0, part, bytes),
  );
  runParts(b0.wasm.asm.memory, plan.parts);
  plan.finish?.(b0.wasm.HEAPF32);
  const values = out.dataSync() as Float32Array;
  tf.dispose([out, ...(bias === undefined ? [] : [bias])]);
  return values;
}

describeBackends(
  'ops/kernels/parallel',
  () => {
    afterAll(async () => {
      await ensureThreads(heap().wasm.asm.memory);
    });

    it('runs on a shared heap with at least one worker (Node, 2+ cores)', () => {
      expect(isShared(heap().wasm.asm.memory)).toBe(true);
      expect(partsAvailable(heap().wasm.asm.memory)).toBeGreaterThanOrEqual(2);
    });

    // the tiled route split by panels and by rows, the edge panel, the bias, dots split by rows,
    // axpys split by chunks of k
    const shapes: readonly (readonly [number, number, number])[] = [
      [64, 100, 203], [200, 37, 20], [130, 9, 7], [999, 10, 1], [1, 12, 333], [10, 3 * CHUNK + 5, 1], [1, 2 * CHUNK + 1, 21],
    ];
    for (const [m, k, n] of shapes) {
      it(`gives the same bits in 1, 2, 3 and 5 parts, with and without workers: [${m}, ${k}] × [${k}, ${n}]`, async () => {
        const layouts = [[false, false], [true, true], [true, false], [false, true]] as const;
        const operands = layouts.map(([ta, tb]) => [tf.randomNormal(ta ? [k, m] : [m, k], 0, 1, 'float32', 7 + m), tf.randomNormal(tb ? [n, k] : [k, n], 0, 1, 'float32', 8 + n)] as const);
        const ones = layouts.map(([ta, tb], i) => product(operands[i]![0], operands[i]![1], m, k, n, ta, tb, 1, m > 100));
        layouts.forEach(([ta, tb], i) => {
          const [a, b] = operands[i]!;
          for (const parts of [2, 3, 5]) expect(product(a, b, m, k, n, ta, tb, parts, m > 100)).toEqual(ones[i]);
          if (m <= 100) expect(tf.matMul(a, b, ta, tb).dataSync()).toEqual(ones[i]); // splits as it sees fit
        });
        await stopThreads(activeWasmBackend()!.wasm.asm.memory);
        layouts.forEach(([ta, tb], i) => expect(product(operands[i]![0], operands[i]![1], m, k, n, ta, tb, 3, m > 100)).toEqual(ones[i]));
        await ensureThreads(heap().wasm.asm.memory);
        tf.dispose(operands.flat());
      });
    }

    it('restarts with another count, and sends a worker modules registered after it started', async () => {
      await startThreads(heap().wasm.asm.memory, 2);
      expect(partsAvailable(heap().wasm.asm.memory)).toBe(3);
      const a = tf.randomNormal([300, 200], 0, 1, 'float32', 1);
      const b = tf.randomNormal([200, 300], 0, 1, 'float32', 2);
      expect(product(a, b, 300, 200, 300, false, false, 3)).toEqual(product(a, b, 300, 200, 300, false, false, 1));
      // a new module: `put(at, value)` stores one float32
      const put = moduleBytes([{ name: 'put', params: [I32, F32], locals: [], body: [...get(0), ...get(1), ...f32StoreAt(0)] }]);
      const id = kernelIds(put).put!;
      const out = tf.zeros([3]);
      const at = offsetOf(heap(), out);
      runParts(heap().wasm.asm.memory, [[id, 2, at, 1.5], [id, 2, at + 4, 2.5], [id, 2, at + 8, 3.5]]);
      expect(Array.from(out.dataSync())).toEqual([1.5, 2.5, 3.5]);
      tf.dispose([a, b, out]);
    });

    it('leaks no tensor and no heap bytes across split products', () => {
      const a = tf.randomNormal([300, 300]);
      const b = tf.randomNormal([300, 300]);
      tf.matMul(a, b).dispose(); // scratch allocated once
      const [tensors, bytes] = [tf.memory().numTensors, tf.memory().numBytes];
      for (let i = 0; i < 5; i++) tf.tidy(() => { tf.matMul(a, b, i % 2 === 0, i % 3 === 0); });
      expect([tf.memory().numTensors, tf.memory().numBytes]).toEqual([tensors, bytes]);
      tf.dispose([a, b]);
    });
  },
  ['wasm'],
);
