import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { diagEmbed, diagPart } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { expectClose, gradCheck, normals, rng, tensorDelta, valuesOf } from '../helpers/numeric.js';

function embedRef(v: Float64Array, d: number): Float64Array {
  const out = new Float64Array((v.length / d) * d * d);
  for (let b = 0; b < v.length / d; b++) for (let i = 0; i < d; i++) out[b * d * d + i * d + i] = v[b * d + i]!;
  return out;
}

function partRef(m: Float64Array, d: number): Float64Array {
  const out = new Float64Array(m.length / d);
  for (let b = 0; b < m.length / (d * d); b++) for (let i = 0; i < d; i++) out[b * d + i] = m[b * d * d + i * d + i]!;
  return out;
}

describe('ops/linalg/diag', () => {
  onBackends(() => {
    describe('diagEmbed', () => {
      it('embeds [..., d] as diagonal matrices [..., d, d] (exact)', () => {
        const v = normals(2 * 3 * 4, rng(1));
        const m = diagEmbed(tf.tensor(Float32Array.from(v), [2, 3, 4]));
        expect(m.shape).toEqual([2, 3, 4, 4]);
        expectClose(valuesOf(m), embedRef(v, 4), {}); // exact (±0 equal)
      });

      it('has the gradient of its float64 twin (the diagonal of the incoming gradient)', () => {
        const { got, want } = gradCheck([{ values: normals(6, rng(2)), shape: [2, 3] }], (v) => diagEmbed(v), (v) => embedRef(v, 3), 3);
        expectClose(got[0]!, want[0]!, { rtol: 1e-6, atol: 1e-7 });
      });

      it('accepts numbers and int tensors, and leaks no tensors', () => {
        expectClose(valuesOf(diagEmbed(tf.tensor1d([1, 2], 'int32'))), [1, 0, 0, 2], {});
        const v = tf.tensor1d([1, 2, 3]);
        expect(tensorDelta(() => diagEmbed(v))).toBe(0);
        expect(tensorDelta(() => tf.grad((x: tf.Tensor) => tf.sum(diagEmbed(x)))(v))).toBe(0);
        v.dispose();
      });
    });

    describe('diagPart', () => {
      it('extracts the diagonal of [..., d, d] (exact)', () => {
        const m = normals(3 * 5 * 5, rng(4));
        const p = diagPart(tf.tensor(Float32Array.from(m), [3, 5, 5]));
        expect(p.shape).toEqual([3, 5]);
        expectClose(valuesOf(p), partRef(m, 5), {}); // exact (±0 equal)
      });

      it('has the gradient of its float64 twin and rejects non-square input', () => {
        const { got, want } = gradCheck([{ values: normals(18, rng(5)), shape: [2, 3, 3] }], (m) => diagPart(m), (m) => partRef(m, 3), 6);
        expectClose(got[0]!, want[0]!, { rtol: 1e-6, atol: 1e-7 });
        expect(() => diagPart(tf.zeros([2, 3]))).toThrow(/^diagPart: argument 'm' must be a \(batch of\) square matrices/);
      });

      it('leaks no tensors', () => {
        const m = tf.eye(3);
        expect(tensorDelta(() => diagPart(m))).toBe(0);
        expect(tensorDelta(() => tf.grad((x: tf.Tensor) => tf.sum(diagPart(x)))(m))).toBe(0);
        m.dispose();
      });
    });
  });
});
