/**
 * Fused elementwise updates: read the inputs once (`dataSync`), run one JavaScript loop,
 * and upload the outputs — no tfjs kernels at all, instead of the ~10 kernels per parameter a
 * composed Adam update launches. On the `cpu` backend reading is free (the data already
 * live in JavaScript); on `wasm` it is one copy out and one copy in per tensor.
 *
 * The update runs outside autodiff: it is for optimizer steps, never inside a loss.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { read, upload } from '../../ops/fused/host-data.js';

/**
 * Run `loop(inputs, outputs, n)` — one plain loop over the `n` elements of `inputs[0]`'s shape
 * (a whole-array kernel: no call per element) — and return `outputCount` new float32 tensors of
 * that shape. All inputs must have the same size.
 */
export function elementwiseUpdate(
  inputs: readonly tf.Tensor[],
  outputCount: number,
  loop: (inputs: readonly ArrayLike<number>[], outputs: readonly Float32Array[], n: number) => void,
): readonly tf.Tensor[] {
  const shape = inputs[0]!.shape;
  const n = inputs[0]!.size;
  const data = inputs.map((t) => {
    if (t.size !== n) throw new Error(`elementwiseUpdate: input of shape [${t.shape.join(', ')}] does not match [${shape.join(', ')}].`);
    return read(t);
  });
  const outputs = Array.from({ length: outputCount }, () => new Float32Array(n));
  loop(data, outputs, n);
  return outputs.map((values) => upload(values, shape));
}
