/**
 * The log-softmax over the last dim in float64, as one fused op: Categorical's normalized
 * logits. tfjs's `logSoftmax` takes `log Σ exp(x − max)` in float32, where `1 + 9e-14` is 1, so
 * `Categorical({ logits: [0, 30, −30] }).logProb(1)` came out 0 (torch in float64: −9.36e-14).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedOp } from '../../../ops/fused/custom-op.js';
import { read, upload } from '../../../ops/fused/host-data.js';

/**
 * `x − log Σ_j exp(x_j)` along the last dim (rows of `K`), evaluated in float64 as
 * `(x − max) − log1p(Σ_{j ≠ argmax} exp(x_j − max))` and rounded once.
 * Gradient: `dx = dy − softmax(x) Σ dy`. A row of `−∞` everywhere gives NaN, as tfjs.
 */
export function logSoftmax64(x: tf.Tensor): tf.Tensor {
  const k = x.shape[x.rank - 1]!;
  return fusedOp(
    [x],
    (withGradient) => {
      const data = read(x);
      const rows = data.length / k;
      const out = new Float32Array(data.length);
      const probs = withGradient ? new Float64Array(data.length) : undefined;
      for (let r = 0; r < rows; r++) {
        let top = 0;
        for (let j = 1; j < k; j++) if (data[r * k + j]! > data[r * k + top]!) top = j;
        const max = data[r * k + top]!;
        // log Σ exp(x − max) = log1p(the others' sum): exact for a dominant category
        let rest = 0;
        for (let j = 0; j < k; j++) if (j !== top) rest += Math.exp(data[r * k + j]! - max);
        const logSum = Math.log1p(rest);
        for (let j = 0; j < k; j++) {
          const v = data[r * k + j]! - max - logSum;
          out[r * k + j] = v;
          if (probs !== undefined) probs[r * k + j] = Math.exp(v);
        }
      }
      return {
        value: upload(out, x.shape),
        gradients: [
          (dys) => {
            const dy = read(dys[0]!);
            const dx = new Float32Array(dy.length);
            for (let r = 0; r < rows; r++) {
              let total = 0;
              for (let j = 0; j < k; j++) total += dy[r * k + j]!;
              for (let j = 0; j < k; j++) dx[r * k + j] = dy[r * k + j]! - probs![r * k + j]! * total;
            }
            return tf.tensor(dx, x.shape, 'float32');
          },
        ],
      };
    },
    () => tf.logSoftmax(x),
  );
}
