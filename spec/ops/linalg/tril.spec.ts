import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { tril, triu } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, gradCheck, normals, rng, tensorDelta, valuesOf } from '../helpers/numeric.js';

function maskRef(m: Float64Array, rows: number, cols: number, k: number, upper: boolean): Float64Array {
  return m.map((v, i) => {
    const j = i % cols;
    const r = Math.floor(i / cols) % rows;
    return (upper ? j - r >= k : j - r <= k) ? v : 0;
  });
}

describe('ops/linalg/tril', () => {
  onBackends(() => {
    for (const [name, op, upper] of [['tril', tril, false], ['triu', triu, true]] as const) {
      describe(name, () => {
        it.each([0, -1, 1, 2])('keeps the band for k = %i on batched non-square matrices (exact)', (k) => {
          const m = normals(2 * 3 * 4, rng(k + 5));
          const out = op(tf.tensor(Float32Array.from(m), [2, 3, 4]), k);
          expectClose(valuesOf(out), maskRef(m, 3, 4, k, upper), {}); // exact (±0 equal)
        });

        it('has the masked gradient (unlike tf.linalg.bandPart in tfjs 4.22)', () => {
          const { got, want } = gradCheck([{ values: normals(18, rng(7)), shape: [2, 3, 3] }], (m) => op(m, 0), (m) => maskRef(m, 3, 3, 0, upper), 8);
          expectClose(got[0]!, want[0]!, { rtol: 1e-6, atol: 1e-7 });
        });

        it('validates its arguments and leaks no tensors', () => {
          expect(() => op(tf.zeros([3]))).toThrow(new RegExp(`^${name}: argument 'm' must have rank ≥ 2`));
          expect(() => op(tf.zeros([3, 3]), 0.5)).toThrow(new RegExp(`^${name}: argument 'k' must be an integer`));
          const m = tf.ones([3, 3]);
          expect(tensorDelta(() => op(m))).toBe(0);
          expect(tensorDelta(() => tf.grad((x: tf.Tensor) => tf.sum(op(x)))(m))).toBe(0);
          m.dispose();
        });
      });
    }
  });
});
