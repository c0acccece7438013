/**
 * Density kernels: a distribution's log-density at a value, SUMMED over all its elements, as a
 * JavaScript function of the tensors' data (float64) that also accumulates the partial
 * derivatives. An ELBO needs only these sums, so it can evaluate every site of a model and a
 * guide in ONE fused op (see `infer/elbo/fused-total.ts`) instead of a chain of tfjs kernels
 * per site plus the sums.
 *
 * Families opt in with {@link registerDensityKernel}; {@link densityKernel} returns `undefined`
 * for anything without a kernel (or a case a kernel declines), and callers fall back to
 * `logProb`. A kernel factory performs the same validation as `logProb` (support, shapes).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, tryBroadcastShapes } from '../../core/shape.js';
import type { Distribution } from '../distribution.js';

/**
 * `Σ log p(value)` as a JavaScript kernel over tensors' data.
 *
 * @category distributions
 * @since 0.1.0
 */
export interface DensityKernel {
  /** The tensors read (parameters and the value); gradients flow to each. */
  readonly inputs: readonly tf.Tensor[];
  /**
   * `weight · Σ log p`, reading `data[j]` (the values of `inputs[j]`); when `grads` is given,
   * adds `weight · ∂(Σ log p)/∂inputs[j]` into `grads[j]` (of `inputs[j].size` elements).
   * On wasm `data` are views of the backend's heap: `evaluate` must not create tensors (an
   * allocation may move the heap) nor keep `data` after it returns.
   */
  readonly evaluate: (data: readonly ArrayLike<number>[], weight: number, grads: readonly Float64Array[] | undefined, direct?: readonly (Float32Array | undefined)[]) => number;
  /**
   * The inputs (by position) whose partials `evaluate` can write straight into float32 memory:
   * when the caller passes `direct[j]` (`inputs[j].size` elements, e.g. the gradient tensor's
   * own memory on the wasm heap), `evaluate` stores `weight · ∂(Σ log p)/∂inputs[j]` there,
   * overwriting it, and leaves `grads[j]` alone. For the largest inputs (a GLM's `[N]` logits),
   * where the float64 accumulation array and its copy into a tensor are most of a step.
   */
  readonly direct?: readonly number[];
}

/**
 * Builds the kernel of `dist` at `value`, with `batchShape` the batch shape the log-density
 * broadcasts over (the distribution's own unless a wrapper expands it); `undefined` declines.
 */
export type DensityKernelFactory<D extends Distribution = Distribution> = (dist: D, value: tf.Tensor, batchShape: Shape) => DensityKernel | undefined;

const registry = new Map<object, DensityKernelFactory>();

/**
 * Register the density kernel of a distribution class (its subclasses inherit it unless they
 * register their own).
 *
 * @category distributions
 * @since 0.1.0
 */
export function registerDensityKernel<D extends Distribution>(ctor: abstract new (...args: never[]) => D, factory: DensityKernelFactory<D>): void {
  registry.set(ctor.prototype as object, factory as DensityKernelFactory);
}

/** The kernel of `dist` at `value` over `batchShape`, or `undefined`. @internal */
export function densityKernelOver(dist: Distribution, value: tf.Tensor, batchShape: Shape): DensityKernel | undefined {
  for (let proto = Object.getPrototypeOf(dist) as object | null; proto !== null; proto = Object.getPrototypeOf(proto) as object | null) {
    const factory = registry.get(proto);
    if (factory !== undefined) return factory(dist, value, batchShape);
  }
  return undefined;
}

/**
 * `Σ log p(value)` of `dist` as a {@link DensityKernel}, or `undefined` when the family has none.
 *
 * @category distributions
 * @since 0.1.0
 */
export function densityKernel(dist: Distribution, value: tf.Tensor): DensityKernel | undefined {
  return densityKernelOver(dist, value, dist.batchShape);
}

/** A kernel of nothing (`Σ = 0`: a masked-out site). @internal */
export const ZERO_KERNEL: DensityKernel = { inputs: [], evaluate: () => 0 };

/**
 * The shape an elementwise log-density (event rank 0 after `eventRank` value dims are
 * folded in) is summed over: the broadcast of the value's batch part and `batchShape`.
 * @internal
 */
export function summedShape(value: tf.Tensor, batchShape: Shape, eventRank: number): Shape | undefined {
  return tryBroadcastShapes(value.shape.slice(0, value.rank - eventRank), batchShape);
}

/** A kernel and the weight it enters a sum with. @internal */
export interface WeightedKernel {
  readonly kernel: DensityKernel;
  readonly weight: number;
}

/**
 * `Σ_k weight_k · kernel_k` as one kernel (its inputs are the parts' inputs, concatenated).
 *
 * @category distributions
 * @since 0.1.0
 */
export function combineKernels(parts: readonly WeightedKernel[]): DensityKernel {
  const offsets: number[] = [];
  let at = 0;
  for (const p of parts) {
    offsets.push(at);
    at += p.kernel.inputs.length;
  }
  return {
    inputs: parts.flatMap((p) => p.kernel.inputs),
    evaluate: (data, weight, grads) => {
      let total = 0;
      parts.forEach((p, k) => {
        const from = offsets[k]!;
        const to = from + p.kernel.inputs.length;
        total += p.kernel.evaluate(data.slice(from, to), weight * p.weight, grads?.slice(from, to));
      });
      return total;
    },
  };
}
