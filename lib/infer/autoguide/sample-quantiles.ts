/**
 * Per-element empirical quantiles of draws `[N, ...shape]` (linear interpolation between order
 * statistics, numpy's default): the median and quantiles of guides whose marginals have no
 * closed form (the flow guides).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * `[qs.length, ...shape]`: for each `q`, the `q`-quantile of `draws[:, j]` for every element `j`,
 * `x₍ₖ₎ + (h − k)(x₍ₖ₊₁₎ − x₍ₖ₎)` with `h = q (N − 1)`, `k = ⌊h⌋`, `x₍·₎` the sorted draws.
 *
 * @category autoguides
 * @since 0.2.0
 */
export function sampleQuantiles(draws: tf.Tensor, qs: readonly number[]): tf.Tensor {
  const n = draws.shape[0];
  const shape = draws.shape.slice(1);
  const m = draws.size / n;
  const values = draws.dataSync();
  const out = new Float32Array(qs.length * m);
  const column = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) column[i] = values[i * m + j]!;
    column.sort();
    qs.forEach((q, k) => {
      const h = q * (n - 1);
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, n - 1);
      out[k * m + j] = column[lo]! + (h - lo) * (column[hi]! - column[lo]!);
    });
  }
  return tf.tensor(out, [qs.length, ...shape], 'float32');
}
