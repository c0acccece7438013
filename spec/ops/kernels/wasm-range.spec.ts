/**
 * sharedRange (lib/ops/kernels/wasm-range.ts): a full plate's `0 … n−1` on wasm shares one heap
 * buffer per size. Checked: the values (exact integers), that a user writing into `dataSync()`'s
 * array cannot change a later range, no tensor and no backend-buffer growth across runs, that an
 * evicted size is freed once its last tensor goes, and that cpu (whose `dataSync()` returns the
 * stored array) and small sizes decline. Also the plate path: a full plate of 5000 on each
 * backend hands the model `0 … 4999` and leaks nothing.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { simulate } from '../../../lib/core/interpret.js';
import { prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { Normal } from '../../../lib/distributions/families/continuous/normal.js';
import { sharedRange } from '../../../lib/ops/kernels/wasm-range.js';
import { describeBackends } from '../../helpers/backends.js';

const dataIds = (): number => (tf.backend() as unknown as { numDataIds(): number }).numDataIds();
const isRange = (t: tf.Tensor, n: number): boolean => t.dtype === 'int32' && t.shape.length === 1 && t.size === n && (t.dataSync() as Int32Array).every((v, i) => v === i);

describeBackends('ops/kernels/wasm-range', (backend) => {
  if (backend === 'cpu') {
    it('declines on cpu (dataSync there returns the stored array)', () => {
      expect(sharedRange(100_000)).toBeUndefined();
    });
  } else {
    it('declines small sizes', () => {
      expect(sharedRange(100)).toBeUndefined();
    });

    it('gives 0 … n−1, unchanged by a write into a previous tensor’s dataSync() array', () => {
      const a = sharedRange(70_001)!;
      expect(isRange(a, 70_001)).toBe(true);
      (a.dataSync() as Int32Array).fill(-1);
      a.dispose();
      const b = sharedRange(70_001)!;
      expect(isRange(b, 70_001)).toBe(true);
      b.dispose();
    });

    it('leaks no tensor and no buffer across runs; tensors alive together share the buffer', () => {
      sharedRange(9_000)!.dispose();
      const [tensors, ids] = [tf.memory().numTensors, dataIds()];
      const alive = Array.from({ length: 3 }, () => sharedRange(9_000)!);
      expect(dataIds()).toBe(ids);
      tf.dispose(alive);
      for (let i = 0; i < 5; i++) sharedRange(9_000)!.dispose();
      expect([tf.memory().numTensors, dataIds()]).toEqual([tensors, ids]);
    });

    it('frees an evicted size once its last tensor is disposed, and keeps the tensor valid till then', () => {
      const held = sharedRange(5_001)!;
      const ids = dataIds();
      for (const n of [5_002, 5_003, 5_004, 5_005, 5_006]) sharedRange(n)!.dispose(); // evicts 5001 from the cache
      expect(isRange(held, 5_001)).toBe(true);
      const before = dataIds();
      held.dispose();
      expect(dataIds()).toBe(before - 1);
      expect(ids).toBeGreaterThan(0);
    });
  }

  it('a full plate of 5000 hands the model 0 … 4999 and leaks no tensor', () => {
    const model = function* () {
      yield* plate('data', 5000, function* (idx) {
        expect(isRange(idx, 5000)).toBe(true);
        yield* sample('x', Normal(0, 1));
      });
    };
    const run = () => tf.tidy(() => void simulate(model, { key: prngKey(0) })());
    run();
    const [tensors, ids] = [tf.memory().numTensors, dataIds()];
    for (let i = 0; i < 3; i++) run();
    expect([tf.memory().numTensors, dataIds()]).toEqual([tensors, ids]);
  });
});
