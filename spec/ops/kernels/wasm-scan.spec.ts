/**
 * The validation scans (lib/ops/kernels/wasm-scan.ts) against the predicates element by element:
 * arrays of 4096–4103 float32 values (whole blocks and a tail of 0–3) with NaN, ±∞ or extreme
 * finite values at random places, the tail included; and the path through `checkParam`, whose
 * error must still name the first offending element of a large tensor.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { checkParam, isFiniteNumber, isNotNaN } from '../../../lib/distributions/util.js';
import { withValues } from '../../../lib/ops/fused/host-data.js';
import { activeWasmBackend } from '../../../lib/ops/kernels/wasm-heap.js';
import { passesOnHeap, scanFlag } from '../../../lib/ops/kernels/wasm-scan.js';
import { describeBackends } from '../../helpers/backends.js';

const specials = [NaN, Infinity, -Infinity, 3.4028234663852886e38, -1e-45, 0];

describeBackends(
  'ops/kernels/wasm-scan',
  () => {
    it('gives the verdict of the predicates on every element (whole blocks and the tail)', () => {
      const b = activeWasmBackend()!;
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 3 }), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...specials)), { maxLength: 3 }), (extra, placed) => {
          const n = 4096 + extra;
          const values = Float32Array.from({ length: n }, (_, i) => Math.sin(i));
          for (const [at, v] of placed) values[at % n] = v;
          const t = tf.tensor(values);
          try {
            const flag = scanFlag(b, n);
            expect(flag).toBeGreaterThanOrEqual(0);
            withValues([t], ([data]) => {
              expect(passesOnHeap(b, data!, 'notNaN', flag)).toBe(values.every(isNotNaN));
              expect(passesOnHeap(b, data!, 'finite', flag)).toBe(values.every(isFiniteNumber));
            });
          } finally {
            t.dispose();
          }
        }),
        { numRuns: 60 },
      );
    });

    it('declines arrays that are not on the heap (the caller then checks in JavaScript)', () => {
      const b = activeWasmBackend()!;
      expect(passesOnHeap(b, new Float32Array(4096), 'notNaN', scanFlag(b, 4096))).toBe(false);
      expect(scanFlag(b, 100)).toBe(-1);
    });

    it('checkParam still names the first offending element of a large tensor', () => {
      const values = new Float32Array(10_001).fill(0.5);
      values[7_777] = NaN;
      values[9_000] = NaN;
      const t = tf.tensor(values);
      expect(() => checkParam('Bernoulli', 'logits', t, 'must not be NaN', isNotNaN)).toThrow('NaN (element 7777 of a tensor of shape [10001])');
      t.dispose();
      const clean = tf.tensor(new Float32Array(10_001).fill(Infinity));
      expect(() => checkParam('Bernoulli', 'logits', clean, 'must not be NaN', isNotNaN)).not.toThrow();
      expect(() => checkParam('Test', 'x', clean, 'must be finite', isFiniteNumber)).toThrow('Infinity (element 0 of a tensor of shape [10001])');
      clean.dispose();
    });
  },
  ['wasm'],
);
