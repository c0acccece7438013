/**
 * Constant triangular masks as float32 data, cached per size (the tensors themselves are
 * created per call, which costs about a microsecond, so nothing is kept alive on a backend).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

const cache = new Map<string, Float32Array>();

/**
 * Flat `rows × cols` mask with `inside` where `j - i <= k` (lower, `tril`) or `j - i >= k`
 * (upper, `triu`), `diagonal` on the main diagonal when that is inside, 0 elsewhere.
 */
function maskData(rows: number, cols: number, k: number, upper: boolean, inside: number, diagonal: number): Float32Array {
  const key = `${rows},${cols},${k},${upper},${inside},${diagonal}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const keep = upper ? j - i >= k : j - i <= k;
      if (keep) data[i * cols + j] = i === j ? diagonal : inside;
    }
  }
  if (cache.size > 256) cache.clear();
  cache.set(key, data);
  return data;
}

/** `[rows, cols]` tensor: `value` on and below the k-th diagonal (`upper`: on and above), else 0. @internal */
export function triangleMask(rows: number, cols: number, k: number, upper: boolean, value = 1): tf.Tensor {
  return tf.tensor(maskData(rows, cols, k, upper, value, value), [rows, cols], 'float32');
}

/** The `Φ` mask of the Cholesky backward pass: 1 strictly below the diagonal, ½ on it. @internal */
export function phiMask(d: number): tf.Tensor {
  return tf.tensor(maskData(d, d, 0, false, 1, 0.5), [d, d], 'float32');
}

/** The `d × d` identity as a mask (1 on the diagonal, 0 elsewhere). @internal */
export function eyeMask(d: number): tf.Tensor {
  return tf.tensor(maskData(d, d, 0, false, 0, 1), [d, d], 'float32');
}
