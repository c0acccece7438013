/**
 * Density kernels of the GLM likelihoods — Bernoulli, Binomial, Poisson, Categorical — the
 * value and the partials of `Σ log p` in float64 loops (`families/discrete/mass64.ts` has the per-element
 * maths), registered for the families by `families.ts`:
 *
 * - Bernoulli: `x ℓ − softplus ℓ`; `∂ℓ = x − σ(ℓ)`. With probs, `ℓ = log p − log1p(−p)` on `p`
 *   clamped to `[ε, 1 − ε]` (torch's `clamp_probs`), `∂p = (x − p)/(p(1 − p))` inside the
 *   clamp and 0 outside (tfjs's `clipByValue` gradient).
 * - Binomial: `k ℓ − n softplus ℓ + log n! − log k! − log (n − k)!`; `∂ℓ = k − n σ(ℓ)`.
 * - Poisson: `k log λ − λ − log k!` (`0 log 0 = 0`); `∂λ = k/λ − 1`.
 * - Categorical: `logits[k]` of the normalized logits; `∂logits[j] = [j = k]`.
 *
 * The value (a count or an index) and `totalCount` get no gradient: discrete values are data
 * or draws that carry none (Pyro's SVI never differentiates them), and computing their
 * partials would cost a digamma per element on every step.
 *
 * Large Bernoulli likelihoods with logits, value and logits full-size on the wasm heap, run as
 * a SIMD kernel (`ops/kernels/wasm-bernoulli.ts`, threads for the largest): each term in float32,
 * summed in float64. Its float32 partials of the logits go straight into the memory the caller
 * offers (`DensityKernel.direct`: the gradient tensor, `infer/elbo/direct-gradients.ts`), else
 * are added into the float64 partials.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../../core/shape.js';
import { broadcastIndex } from '../../ops/fused/broadcast.js';
import { bernoulliLogitsOnHeap, bernoulliScratchBytes, bernoulliSupported } from '../../ops/kernels/wasm-bernoulli.js';
import { activeWasmBackend, heapScratch, heapScratchSize, type WasmBackendLike } from '../../ops/kernels/wasm-heap.js';
import { isShared } from '../../ops/kernels/wasm-asm.js';
import {
  bernoulliLogitsMass64 as bernoulliLogitsElement,
  bernoulliProbsMass64 as bernoulliProbsElement,
  binomialMass64 as binomialElement,
  poissonMass64 as poissonElement,
} from '../families/discrete/mass64.js';
import type { DensityKernel } from './kernel.js';

/** Bernoulli likelihoods of at least this many elements use the wasm kernel when they can. */
const HEAP_FROM = 2048;
/** The heap scratch slot of the density kernels (the matrix product uses 0 … threads − 1). */
const SCRATCH_SLOT = 64;

/** How an input is read: stride 1 (full-size), stride 0 (one element), or through a broadcast index. */
type Reader = { readonly stride: 0 | 1 } | { readonly index: Int32Array };

const readerOf = (t: tf.Tensor, shape: Shape, n: number): Reader => (t.size === n ? { stride: 1 } : t.size === 1 ? { stride: 0 } : { index: broadcastIndex(t.shape, shape) });
/** The element of an input at position `i` of the broadcast shape. */
const at = (r: Reader, i: number): number => ('index' in r ? r.index[i]! : r.stride * i);

/** A per-element log-density of (value, a, b) writing `∂a, ∂b` into `p[1], p[2]`. */
type Element = (x: number, a: number, b: number, p: Float64Array) => number;

/**
 * The kernel `Σ_shape element(value, a, b)` for `inputs = [value, a, b?]` with the value's
 * partial 0 (see the module notes): one loop, inputs read by stride or broadcast index.
 */
function discreteDensity(inputs: readonly tf.Tensor[], shape: Shape, element: Element): DensityKernel {
  const n = sizeOf(shape);
  if (inputs.length === 2 && inputs.every((t) => t.size === n)) return fullSizeDensity(inputs, n, element);
  const readers = inputs.map((t) => readerOf(t, shape, n));
  const [rx, ra, rb] = [readers[0]!, readers[1]!, readers[2]];
  return {
    inputs,
    evaluate: (data, weight, grads) => {
      const [xs, as, bs] = [data[0]!, data[1]!, data[2]];
      const ga = grads?.[1];
      const gb = grads?.[2];
      const p = new Float64Array(3);
      let total = 0;
      for (let i = 0; i < n; i++) {
        total += element(xs[at(rx, i)]!, as[at(ra, i)]!, rb === undefined ? 0 : bs![at(rb, i)]!, p);
        if (ga === undefined) continue;
        ga[at(ra, i)]! += weight * p[1]!;
        if (gb !== undefined) gb[at(rb!, i)]! += weight * p[2]!;
      }
      return weight * total;
    },
  };
}

/**
 * {@link discreteDensity} for a value and one parameter both full-size (a GLM likelihood; MCMC's
 * compiled potential evaluates it on float64 arrays every leapfrog step): the same sum, read
 * with stride 1.
 */
function fullSizeDensity(inputs: readonly tf.Tensor[], n: number, element: Element): DensityKernel {
  return {
    inputs,
    evaluate: (data, weight, grads) => {
      const [xs, as] = [data[0]!, data[1]!];
      const ga = grads?.[1];
      const p = new Float64Array(3);
      let total = 0;
      if (ga === undefined) {
        for (let i = 0; i < n; i++) total += element(xs[i]!, as[i]!, 0, p);
        return weight * total;
      }
      for (let i = 0; i < n; i++) {
        total += element(xs[i]!, as[i]!, 0, p);
        ga[i]! += weight * p[1]!;
      }
      return weight * total;
    },
  };
}

/** Whether `a` is a view of the heap of `b`, and its byte offset there. */
const heapOffset = (b: WasmBackendLike, a: ArrayLike<number>): number => (a instanceof Float32Array && a.buffer === b.wasm.HEAPF32.buffer ? a.byteOffset : -1);

/**
 * `Σ_shape log Bernoulli(x | logits ℓ or probs p)` (see the module notes) for `value` and the
 * parameter broadcast to `shape`.
 *
 * @category distributions
 * @since 0.1.0
 */
export function bernoulliDensity(value: tf.Tensor, param: tf.Tensor, kind: 'probs' | 'logits', shape: Shape): DensityKernel {
  const n = sizeOf(shape);
  const generic = discreteDensity([value, param], shape, kind === 'logits' ? bernoulliLogitsElement : bernoulliProbsElement);
  const b = activeWasmBackend();
  const onHeap = kind === 'logits' && b !== undefined && n >= HEAP_FROM && value.size === n && param.size === n && value.dtype === 'float32' && bernoulliSupported();
  if (!onHeap) return generic;
  // reserve the scratch now: evaluate must not allocate (on an unshared heap that would detach its views)
  const bytes = 4 * n + bernoulliScratchBytes(n);
  heapScratch(b, SCRATCH_SLOT, bytes);
  return {
    inputs: generic.inputs,
    direct: [1],
    evaluate: (data, weight, grads, direct) => {
      const [xo, lo] = [heapOffset(b, data[0]!), heapOffset(b, data[1]!)];
      const out = direct?.[1];
      const go = out === undefined ? -1 : heapOffset(b, out);
      const shared = isShared(b.wasm.asm.memory);
      if (xo < 0 || lo < 0 || (out !== undefined && go < 0) || (!shared && heapScratchSize(b, SCRATCH_SLOT) < bytes)) return viaFloat64(generic, data, weight, grads, out);
      const scratch = heapScratch(b, SCRATCH_SLOT, bytes);
      // the partials go to the caller's float32 memory when it gives some, else to the scratch
      const [g, sums] = out === undefined ? [scratch, scratch + 4 * n] : [go, scratch];
      // the kernel scales the float32 partials it writes for the caller (weight ±1 in an ELBO: exact)
      let total = bernoulliLogitsOnHeap(b, xo, lo, g, sums, n, out === undefined ? 1 : weight);
      const whole = n - (n % 4);
      const [xs, ls] = [data[0]!, data[1]!];
      const p = new Float64Array(3);
      for (let i = whole; i < n; i++) total += bernoulliLogitsElement(xs[i]!, ls[i]!, 0, p);
      if (out !== undefined) {
        for (let i = whole; i < n; i++) {
          bernoulliLogitsElement(xs[i]!, ls[i]!, 0, p);
          out[i] = weight * p[1]!;
        }
      } else if (grads?.[1] !== undefined) {
        addScaled(grads[1], new Float32Array(b.wasm.HEAPF32.buffer, g, whole), weight);
        for (let i = whole; i < n; i++) {
          bernoulliLogitsElement(xs[i]!, ls[i]!, 0, p);
          grads[1][i]! += weight * p[1]!;
        }
      }
      return weight * total;
    },
  };
}

/** `acc += weight · g` (one array type per argument: a monomorphic loop). */
function addScaled(acc: Float64Array, g: Float32Array, weight: number): void {
  for (let i = 0; i < g.length; i++) acc[i]! += weight * g[i]!;
}

/** `kernel.evaluate` (a float64 kernel), its partials of input 1 stored into `out` when given. */
function viaFloat64(kernel: DensityKernel, data: readonly ArrayLike<number>[], weight: number, grads: readonly Float64Array[] | undefined, out: Float32Array | undefined): number {
  if (out === undefined) return kernel.evaluate(data, weight, grads);
  const g = new Float64Array(out.length);
  const total = kernel.evaluate(data, weight, [new Float64Array(data[0]!.length), g]);
  for (let i = 0; i < g.length; i++) out[i] = g[i]!;
  return total;
}

/** `Σ_shape log Binomial(k | n, ℓ or p)` (see the module notes). @category distributions @since 0.1.0 */
export function binomialDensity(value: tf.Tensor, totalCount: tf.Tensor, param: tf.Tensor, kind: 'probs' | 'logits', shape: Shape): DensityKernel {
  const element = binomialElement(kind);
  // inputs [value, param, totalCount]: the parameter's partial in slot 1
  return discreteDensity([value, param, totalCount], shape, (k, a, total, p) => {
    const lp = element(k, a, total, p);
    p[2] = 0;
    return lp;
  });
}

/** `Σ_shape log Poisson(k | λ)` (see the module notes). @category distributions @since 0.1.0 */
export function poissonDensity(value: tf.Tensor, rate: tf.Tensor, shape: Shape): DensityKernel {
  return discreteDensity([value, rate], shape, poissonElement);
}

/**
 * `Σ_shape log Categorical(k | logits)` for normalized logits `[..., K]` and indices `value`
 * broadcast to the batch shape `shape`: the logit at each index; `∂logits = 1` there.
 *
 * @category distributions
 * @since 0.1.0
 */
export function categoricalDensity(value: tf.Tensor, logits: tf.Tensor, shape: Shape): DensityKernel {
  const n = sizeOf(shape);
  const k = logits.shape[logits.rank - 1]!;
  const rv = readerOf(value, shape, n);
  const rl = logits.size === n * k ? ({ stride: 1 } as const) : { index: broadcastIndex(logits.shape.slice(0, -1), shape) };
  return {
    inputs: [value, logits],
    evaluate: (data, weight, grads) => {
      const [vs, ls] = [data[0]!, data[1]!];
      const gl = grads?.[1];
      let total = 0;
      for (let i = 0; i < n; i++) {
        const j = at(rl, i) * k + vs[at(rv, i)]!;
        total += ls[j]!;
        if (gl !== undefined) gl[j]! += weight;
      }
      return weight * total;
    },
  };
}
