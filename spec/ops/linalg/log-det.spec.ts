import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cholesky, choleskyLogDet } from '../../../lib/ops/index.js';
import { onBackends } from '../../helpers/backends.js';
import { choleskyRef, randomSpdBatch } from '../helpers/linalg-reference.js';
import { expectClose, gradCheck, tensorDelta, tensorOf, valuesOf } from '../helpers/numeric.js';

/** log det of each SPD matrix in a batch, from a float64 Cholesky. */
function logDetRef(a: Float64Array, d: number): Float64Array {
  const l = choleskyRef(a, d);
  const out = new Float64Array(a.length / (d * d));
  for (let b = 0; b < out.length; b++) for (let i = 0; i < d; i++) out[b] = out[b]! + 2 * Math.log(l[b * d * d + i * d + i]!);
  return out;
}

describe('ops/linalg/log-det', () => {
  describe('choleskyLogDet', () => {
    onBackends(() => {
      // Tolerance: float64 sum of logs of a float32 factor (6e-8 relative per entry, d terms).
      it.each([1, 2, 10, 100])('equals log det A at d = %i (batched [3, d, d])', (d) => {
        const a = randomSpdBatch(3, d, d);
        const ld = choleskyLogDet(cholesky(tensorOf(a, [3, d, d])));
        expect(ld.shape).toEqual([3]);
        expectClose(valuesOf(ld), logDetRef(a, d), { rtol: 1e-6, atol: 1e-6 * d });
      });

      it('is 2 Σ log diag L with gradient diag(2/Lᵢᵢ)', () => {
        const l = tf.tensor3d([[[2, 0], [7, 3]], [[1, 0], [0, 0.5]]]);
        expectClose(valuesOf(choleskyLogDet(l)), [2 * Math.log(6), 2 * Math.log(0.5)], { rtol: 1e-7 });
        const g = tf.grad((x: tf.Tensor) => tf.sum(choleskyLogDet(x)))(l);
        expectClose(valuesOf(g), [1, 0, 0, 2 / 3, 2, 0, 0, 4], { rtol: 1e-7 });
      });

      it('has finite-difference gradients through cholesky', () => {
        const d = 4;
        const { got, want, scale } = gradCheck([{ values: randomSpdBatch(2, d, 8), shape: [2, d, d] }], (a) => choleskyLogDet(cholesky(a)), (a) => logDetRef(a, d), 3);
        expectClose(got[0]!, want[0]!, { rtol: 1e-5, atol: 1e-6 * scale });
      });

      it('leaks no tensors', () => {
        const l = tf.tensor2d([[2, 0], [1, 3]]);
        expect(tensorDelta(() => choleskyLogDet(l))).toBe(0);
        expect(tensorDelta(() => tf.grad((x: tf.Tensor) => choleskyLogDet(x))(l))).toBe(0);
        l.dispose();
      });
    });
  });
});
