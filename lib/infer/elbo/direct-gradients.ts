/**
 * Gradients written straight into tensors, for {@link fusedTotal}'s largest inputs: a
 * logistic regression's `[N]` logits enter one Bernoulli kernel, which can store its float32
 * partials `weight · (x − σ(ℓ))` wherever it is told (`DensityKernel.direct`). Instead of the
 * float64 accumulation array (filled with zeros, added into, then multiplied into a new tensor
 * by JavaScript loops: three passes over 10⁶ elements per step), the partials go straight into
 * the memory of a tensor allocated on the wasm heap for them; the backward pass returns that
 * tensor times `dy`.
 *
 * An input qualifies when it is on the gradient's path, float32, and read by exactly one
 * kernel that lists it as direct (no other term adds to its partials), on the wasm backend.
 *
 * The memory is the backend's (`makeOutput`) and becomes a tensor only in the backward pass,
 * which hands it to tfjs as the gradient (times `dy` when `dy ≠ 1`): no copy, no extra kernel
 * (tfjs-backend-wasm's `Identity`, which saving a tensor for the backward pass would cost,
 * copies). Memory whose backward pass never ran (an error after the forward pass, a gradient
 * not asked after all) is freed by the next fused total recorded on another tape.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WeightedKernel } from '../../distributions/density/index.js';
import { engine } from '../../ops/fused/engine.js';
import { activeWasmBackend, offsetOf, tensorOf, type WasmBackendLike } from '../../ops/kernels/wasm-heap.js';

/** The direct gradients of a fused total's unique inputs. */
export interface DirectGradients {
  /** Per unique input: whether its gradient is direct. */
  readonly has: (slot: number) => boolean;
  /** Float32 views of their memory by unique input (valid while no tensor is created). */
  readonly views: () => readonly (Float32Array | undefined)[];
  /** The gradient of input `slot`, `dy` times its values, as a tensor (once). */
  readonly gradient: (slot: number, dy: number) => tf.Tensor;
}

interface Pending {
  readonly backend: WasmBackendLike & { disposeData(dataId: object): boolean };
  readonly info: tf.TensorInfo;
  readonly tape: unknown;
}

/** Allocated gradients whose backward pass has not run yet. */
const pending = new Set<Pending>();

const NONE: DirectGradients = { has: () => false, views: () => [], gradient: () => tf.scalar(0) };

/** Free the memory of gradients recorded on a tape other than the active one (see the module notes). */
function freeStale(tape: unknown): void {
  for (const p of pending) {
    if (p.tape === tape) continue;
    p.backend.disposeData(p.info.dataId);
    pending.delete(p);
  }
}

/**
 * Allocate the direct gradients of `unique` (the inputs of `terms`, whose positions
 * `termSlots` map to unique inputs); `onPath` tells the inputs a gradient is asked of.
 */
export function directGradients(unique: readonly tf.Tensor[], terms: readonly WeightedKernel[], termSlots: readonly (readonly number[])[], onPath: (t: tf.Tensor) => boolean): DirectGradients {
  const tape = engine().state.activeTape;
  if (pending.size > 0) freeStale(tape);
  const b = activeWasmBackend() as Pending['backend'] | undefined;
  if (b === undefined || terms.every((t) => t.kernel.direct === undefined)) return NONE;
  const uses = new Array<number>(unique.length).fill(0);
  const offered = new Array<boolean>(unique.length).fill(false);
  terms.forEach((t, k) =>
    termSlots[k]!.forEach((s, j) => {
      uses[s]!++;
      if (t.kernel.direct?.includes(j) === true) offered[s] = true;
    }),
  );
  const entries = unique.map((t, s): Pending | undefined => {
    if (!offered[s] || uses[s] !== 1 || t.dtype !== 'float32' || !onPath(t)) return undefined;
    const entry = { backend: b, info: b.makeOutput(t.shape, 'float32'), tape };
    pending.add(entry);
    return entry;
  });
  if (entries.every((e) => e === undefined)) return NONE;
  return {
    has: (s) => entries[s] !== undefined,
    views: () => entries.map((e) => (e === undefined ? undefined : new Float32Array(b.wasm.HEAPF32.buffer, offsetOf(b, e.info), tf.util.sizeFromShape(e.info.shape)))),
    gradient: (s, dy) => {
      const entry = entries[s]!;
      if (!pending.delete(entry)) throw new Error('fusedTotal: a direct gradient was asked twice or after its memory was freed.');
      const g = tensorOf(entry.info);
      return dy === 1 ? g : tf.mul(g, tf.scalar(dy, 'float32'));
    },
  };
}
