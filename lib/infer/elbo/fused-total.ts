/**
 * The ELBO's sums as ONE op: every site's `Σ log p` (and every analytic `Σ KL`) becomes a
 * density kernel (`distributions/density`), and {@link fusedTotal} evaluates their weighted sum
 * and all partial derivatives in one float64 JavaScript pass — one tape node for what is
 * otherwise a chain of tfjs kernels per site, a `sum` per site, and the `addN`/`sub`/`neg`/`div`
 * that combine them. Sites without a kernel enter as their `logProb` tensor (summed in the same
 * pass). Under a higher-order gradient the caller's tensor path runs instead.
 *
 * Precision too: every term is accumulated in float64 and only the total is rounded to float32
 * (tfjs sums in float32, off by ~10³ nats over 10⁶ rows on wasm); the tensor paths reduce with
 * `core/float64-sum.ts` for the same reason.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { produce, read, withValues } from '../../ops/fused/host-data.js';
import type { SampleSite } from '../../core/effect.js';
import { type Trace, siteLogProb, withSiteContext } from '../../core/trace.js';
import { type WeightedKernel, densityKernel, summedTensor } from '../../distributions/density/index.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import { giveBack, sink, takeZeroed } from '../../ops/fused/scratch.js';
import { onGradientPath, tapeOn } from '../../ops/fused/engine.js';
import { directGradients } from './direct-gradients.js';

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
  // read before the op runs: inside an op's forward pass tfjs reports its tape as off (then every input looked on the path)
  const path = tapeOn() ? onGradientPath() : undefined;
  return fusedOp(
    unique,
    (withGradient) => {
      // inputs off the gradient's path (observed data, constants) write their partials to a shared sink
      const onPath = withGradient ? (path ?? (() => true)) : undefined;
      // the largest inputs may get their partials written straight into a gradient tensor (direct-gradients.ts)
      const direct = onPath === undefined ? undefined : directGradients(unique, terms, termSlots, onPath);
      const grads = onPath === undefined ? undefined : unique.map((t, j) => (onPath(t) && direct?.has(j) !== true ? takeZeroed(t.size) : sink(t.size)));
      const total = withValues(unique, (data) => {
        const views = direct?.views();
        let sum = 0;
        terms.forEach((t, k) => {
          const own = termSlots[k]!;
          sum += t.kernel.evaluate(
            own.map((s) => data[s]!),
            t.weight,
            grads === undefined ? undefined : own.map((s) => grads[s]!),
            views === undefined || views.length === 0 ? undefined : own.map((s) => views[s]),
          );
        });
        return sum;
      });
      let dy: number | undefined;
      return {
        value: tf.scalar(total, 'float32'),
        gradients: unique.map((input, j) => (dys) => {
          const scale = (dy ??= read(dys[0]!)[0]!); // one read of the scalar per backward pass
          if (direct?.has(j) === true) return direct.gradient(j, scale);
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
