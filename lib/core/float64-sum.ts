/**
 * Sums of log-densities in float64, as single differentiable ops.
 *
 * tfjs sums in float32 (the wasm backend in one running float32 accumulator): over a plate of
 * 10⁶ rows a log-density is off by ~10³ nats (8.8e-4 relative), cpu by ~1e-8. Here every
 * element is accumulated in float64 in one JavaScript pass and only the result is rounded to
 * float32 (~6e-8 relative). The gradient is what `tf.sum`'s is (`dy` broadcast back); under a
 * higher-order gradient the `tf.sum` reference runs instead, so second derivatives stay exact.
 * `logDensity`, the ELBOs' tensor paths and the Rényi bound's per-particle weights reduce here
 * (the ELBOs' fused path, `infer/elbo/fused-total.ts`, accumulates in float64 itself).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { fusedOp } from '../ops/fused/custom-op.js';
import { produce, produceFrom, read, withValues } from '../ops/fused/host-data.js';
import { giveBack, takeZeroed } from '../ops/fused/scratch.js';

/**
 * `Σ_k Σ tensors_k` in float64 as one op (gradient: `dy` in every element, as `tf.sum`'s);
 * `tf.scalar(0)` for none.
 */
export function float64Sum(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  const unique = [...new Set(tensors)];
  const uses = unique.map((t) => tensors.filter((u) => u === t).length);
  return fusedOp(
    unique,
    () => {
      const total = withValues(unique, (data) => {
        let sum = 0;
        data.forEach((d, k) => {
          let part = 0;
          for (let i = 0, n = d.length; i < n; i++) part += d[i]!;
          sum += uses[k]! * part;
        });
        return sum;
      });
      return {
        value: tf.scalar(total, 'float32'),
        gradients: unique.map((input, k) => (dys) => {
          const g = uses[k]! * read(dys[0]!)[0]!;
          return produce(input.shape, (out) => out.fill(g));
        }),
      };
    },
    () => tf.addN(tensors.map((t) => tf.sum<tf.Scalar>(t))),
  );
}

/**
 * `Σ t` over every axis but `axis` (a shape `[t.shape[axis]]` result), accumulated in float64, as
 * one op; the gradient broadcasts `dy` back along the summed axes, as `tf.sum`'s does.
 */
export function float64SumKeeping(t: tf.Tensor, axis: number): tf.Tensor {
  const keep = axis < 0 ? t.rank + axis : axis;
  const summed = Array.from({ length: t.rank }, (_, a) => a).filter((a) => a !== keep);
  const size = t.shape[keep]!;
  const stride = t.shape.slice(keep + 1).reduce((a, b) => a * b, 1);
  return fusedOp(
    [t],
    () => {
      const value = produceFrom([t], [size], (out, [data]) => {
        const sums = takeZeroed(size);
        for (let i = 0, n = t.size; i < n; i++) sums[Math.floor(i / stride) % size]! += data![i]!;
        for (let k = 0; k < size; k++) out[k] = sums[k]!;
        giveBack(sums);
      });
      return {
        value,
        gradients: [
          (dys) => {
            const dy = read(dys[0]!);
            return produce(t.shape, (out) => {
              for (let i = 0; i < out.length; i++) out[i] = dy[Math.floor(i / stride) % size]!;
            });
          },
        ],
      };
    },
    () => tf.sum(t, summed),
  );
}
