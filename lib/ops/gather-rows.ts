/**
 * `gatherRows`: `tf.gather(x, indices, axis)` as one custom op whose gradient is a JS
 * scatter-add, O(size of x).
 *
 * Why not `tf.gather`: its gradient is `UnsortedSegmentSum`, whose tfjs `cpu` kernel loops over
 * every segment with four kernels each — O(G · n) for G rows, ~10⁴ internal kernels per step
 * for the hierarchical workload's full-size [10000] parameters. (lib/ops's gradient repairs
 * add a JS kernel for `wasm` only; registering it for `cpu` too would fix `tf.gather` itself.)
 * Second-order gradients through this op are not recorded.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { read, upload } from './fused/host-data.js';

/**
 * The rows `indices` (int32, 1-D) of `x` along `axis`, differentiable with respect to `x`.
 *
 * @category ops
 * @since 0.1.0
 */
export function gatherRows(x: tf.Tensor, indices: tf.Tensor, axis: number): tf.Tensor {
  const shape = x.shape;
  const outer = shape.slice(0, axis).reduce((p, d) => p * d, 1);
  const rows = shape[axis]!;
  const inner = shape.slice(axis + 1).reduce((p, d) => p * d, 1);
  const idx = indices.dataSync();
  const k = idx.length;
  const outShape = [...shape.slice(0, axis), k, ...shape.slice(axis + 1)];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const xs = read(args[0] as tf.Tensor) as Float32Array;
    const out = new Float32Array(outer * k * inner);
    for (let o = 0; o < outer; o++) {
      for (let j = 0; j < k; j++) {
        const src = (o * rows + idx[j]!) * inner;
        out.set(xs.subarray(src, src + inner), (o * k + j) * inner);
      }
    }
    return {
      value: upload(out, outShape),
      gradFunc: (dy: tf.Tensor) => {
        const g = read(dy);
        const dx = new Float32Array(outer * rows * inner);
        for (let o = 0; o < outer; o++) {
          for (let j = 0; j < k; j++) {
            const dst = (o * rows + idx[j]!) * inner;
            const src = (o * k + j) * inner;
            for (let i = 0; i < inner; i++) dx[dst + i]! += g[src + i]!;
          }
        }
        return upload(dx, shape); // the optimizer reads it back without a copy (host-data.ts)
      },
    };
  });
  return op(x);
}
