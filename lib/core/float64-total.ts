/**
 * Log-density sums in float64, as ONE op: every site's `Σ log p` (and every analytic `Σ KL`)
 * becomes a density kernel (`distributions/density`), and {@link fusedTotal} evaluates their
 * weighted sum and all partial derivatives in one float64 JavaScript pass — one tape node for
 * what is otherwise a chain of tfjs kernels per site, a `sum` per site, and the
 * `addN`/`sub`/`neg`/`div` that combine them. Sites without a kernel enter as their `logProb`
 * tensor (summed in the same pass). Under a higher-order gradient the caller's tensor path runs
 * instead.
 *
 * Precision is the other reason: tfjs sums in float32 (the wasm backend in one running float32
 * accumulator), which over a plate of 10⁶ rows is off by hundreds to thousands of nats; here
 * every term is accumulated in float64 and only the total is rounded to float32 (relative error
 * ~6e-8). `logDensity`, the ELBOs' values and their KL sums all reduce through this module.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { produce, produceFrom, read, withValues } from '../ops/fused/host-data.js';
import type { SampleSite } from './effect.js';
import { type Trace, siteLogProb, withSiteContext } from './trace.js';
import { type WeightedKernel, densityKernel, summedTensor } from '../distributions/density/index.js';
import { fusedOp } from '../ops/fused/custom-op.js';
import { giveBack, takeZeroed } from '../ops/fused/scratch.js';

export type { WeightedKernel };

/**
 * The kernel of a site's `Σ log p` (scaled and masked) with `weight`: the family's density
 * kernel when it has one and the site's scale is a number and its mask `true`; nothing for a
 * site masked out entirely; else its `logProb` tensor. Errors name the site, as `siteLogProb`.
 */
export function siteKernel(site: SampleSite, trace: Trace, weight: number): readonly WeightedKernel[] {
  if (site.mask === false) return [];
  if (site.mask === true && typeof site.scale === 'number') {
    const kernel = withSiteContext(site, trace, () => densityKernel(site.fn, site.value));
    if (kernel !== undefined) return [{ kernel, weight: weight * site.scale }];
  }
  return [tensorKernel(siteLogProb(site, trace), weight)];
}

/** A tensor's `Σ` with `weight` (for terms computed with tfjs ops). */
export const tensorKernel = (t: tf.Tensor, weight: number): WeightedKernel => ({ kernel: summedTensor(t, t.shape), weight });

/**
 * `Σ_k weight_k · kernel_k` as one scalar op; `reference` computes the same from tfjs ops (the
 * higher-order path).
 */
export function fusedTotal(terms: readonly WeightedKernel[], reference: () => tf.Scalar): tf.Scalar {
  const unique: tf.Tensor[] = [];
  const slots = new Map<tf.Tensor, number>();
  const termSlots = terms.map((t) =>
    t.kernel.inputs.map((input) => {
      let slot = slots.get(input);
      if (slot === undefined) {
        slot = unique.length;
        slots.set(input, slot);
        unique.push(input);
      }
      return slot;
    }),
  );
  return fusedOp(
    unique,
    (withGradient) => {
      const grads = withGradient ? unique.map((t) => takeZeroed(t.size)) : undefined;
      const total = withValues(unique, (data) => {
        let sum = 0;
        terms.forEach((t, k) => {
          const own = termSlots[k]!;
          sum += t.kernel.evaluate(
            own.map((s) => data[s]!),
            t.weight,
            grads === undefined ? undefined : own.map((s) => grads[s]!),
          );
        });
        return sum;
      });
      let dy: number | undefined;
      return {
        value: tf.scalar(total, 'float32'),
        gradients: unique.map((input, j) => (dys) => {
          const scale = (dy ??= read(dys[0]!)[0]!); // one read of the scalar per backward pass
          const g = grads![j]!;
          const gradient = produce(input.shape, (out) => {
            for (let i = 0; i < g.length; i++) out[i] = scale * g[i]!;
          });
          giveBack(g);
          return gradient;
        }),
      };
    },
    reference,
  );
}

/**
 * `Σ_k Σ tensors_k` in float64 as one op (gradient: ones, as `tf.sum`'s); `tf.scalar(0)` for none.
 * Under a higher-order gradient, `tf.addN` of `tf.sum`s.
 */
export function float64Sum(tensors: readonly tf.Tensor[]): tf.Scalar {
  if (tensors.length === 0) return tf.scalar(0);
  return fusedTotal(
    tensors.map((t) => tensorKernel(t, 1)),
    () => (tensors.length === 1 ? tf.sum<tf.Scalar>(tensors[0]!) : tf.addN(tensors.map((t) => tf.sum<tf.Scalar>(t)))),
  );
}

/**
 * `Σ t` over every axis but `axis` (a shape `[t.shape[axis]]` result), accumulated in float64, as
 * one op; the gradient broadcasts `dy` back along the summed axes, as `tf.sum`'s does. Under a
 * higher-order gradient, `tf.sum`.
 */
export function float64SumKeeping(t: tf.Tensor, axis: number): tf.Tensor {
  const rank = t.rank;
  const keep = axis < 0 ? rank + axis : axis;
  const summed = Array.from({ length: rank }, (_, a) => a).filter((a) => a !== keep);
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
