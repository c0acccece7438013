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
import * as tf from '@tensorflow/tfjs-core';

/**
 * Apply `kernel(i, inputs, outputs)` for every element `i` of `inputs[0]`'s shape and return
 * `outputCount` new float32 tensors of that shape. All inputs must have the same size.
 */
export function fusedElementwise(
  inputs: readonly tf.Tensor[],
  outputCount: number,
  kernel: (i: number, inputs: readonly ArrayLike<number>[], outputs: readonly Float32Array[]) => void,
): readonly tf.Tensor[] {
  const shape = inputs[0]!.shape;
  const n = inputs[0]!.size;
  const data = inputs.map((t) => {
    if (t.size !== n) throw new Error(`fusedElementwise: input of shape [${t.shape.join(', ')}] does not match [${shape.join(', ')}].`);
    return t.dataSync();
  });
  const outputs = Array.from({ length: outputCount }, () => new Float32Array(n));
  for (let i = 0; i < n; i++) kernel(i, data, outputs);
  return outputs.map((values) => tf.tensor(values, shape, 'float32'));
}
