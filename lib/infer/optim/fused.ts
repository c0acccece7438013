/**
 * Fused elementwise updates: read the inputs once (`dataSync`), run one JavaScript loop,
 * and upload the outputs — no tfjs kernels at all, instead of the ~10 kernels per parameter a
 * composed Adam update launches. On the `cpu` backend reading is free (the data already
 * live in JavaScript); on `wasm` it is one copy out and one copy in per tensor.
 *
 * The update runs outside autodiff: it is for optimizer steps, never inside a loss.
 *
 * Each update also says whether everything it wrote is finite in float32, and the range of the
 * new parameter (one more read of the outputs while they are hot in cache: `Σ (x − x)` is 0 for
 * finite `x` and NaN as soon as one element is NaN or infinite), so SVI can refuse a poisoned or
 * divergent step without a single tfjs kernel.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../../core/errors.js';
import { read, upload } from '../../ops/fused/host-data.js';

/** Whether every element of `arrays` is finite (`Σ (x − x)` stays 0 exactly when it is). */
export function allFinite(arrays: readonly ArrayLike<number>[]): boolean {
  let check = 0;
  for (const a of arrays) for (let i = 0, n = a.length; i < n; i++) check += a[i]! - a[i]!;
  return check === 0;
}

/** `[min, max]` of `a` (NaN when an element is NaN; `[∞, −∞]` when empty). */
export function rangeOf(a: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  let check = 0;
  for (let i = 0, n = a.length; i < n; i++) {
    const v = a[i]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    check += v - v;
  }
  return check === 0 ? [lo, hi] : [NaN, NaN];
}

/**
 * Run `loop(inputs, outputs, n)` — one plain loop over the `n` elements of `inputs[0]`'s shape
 * (a whole-array kernel: no call per element) — and return `outputCount` new float32 tensors of
 * that shape, whether all of their elements are finite, and the range of the first (the new
 * parameter). All inputs must have the same size.
 */
export function elementwiseUpdate(
  inputs: readonly tf.Tensor[],
  outputCount: number,
  loop: (inputs: readonly ArrayLike<number>[], outputs: readonly Float32Array[], n: number) => void,
): { readonly outputs: readonly tf.Tensor[]; readonly finite: boolean; readonly range: [number, number] } {
  const shape = inputs[0]!.shape;
  const n = inputs[0]!.size;
  const data = inputs.map((t) => {
    if (t.size !== n) {
      throw ignisError('ShapeMismatch', {
        fn: 'optimizer update',
        what: 'a gradient or slot does not match its parameter',
        detail: `shape [${t.shape.join(', ')}] against [${shape.join(', ')}]`,
        hint: 'Give every parameter a gradient and slots of its own shape.',
      });
    }
    return read(t);
  });
  const outputs = Array.from({ length: outputCount }, () => new Float32Array(n));
  loop(data, outputs, n);
  const range = rangeOf(outputs[0]!);
  const finite = Number.isFinite(range[0]) && Number.isFinite(range[1]) && allFinite(outputs.slice(1));
  return { outputs: outputs.map((values) => upload(values, shape)), finite, range };
}
