/**
 * Fused elementwise functions for hot log-densities and transforms: the value and its partial
 * derivatives are computed in one float64 JavaScript loop and the result enters tfjs as ONE op
 * (see {@link fusedOp}), instead of a chain of ~10 kernels forward and ~45 backward.
 *
 * The function is written twice: `element` (float64, value and partials at one element) and
 * `reference` (the same formula from tfjs ops). The fast gradient uses the partials from the
 * forward pass; when a higher-order gradient is being taken the reference runs instead, so
 * second derivatives stay exact.
 *
 * Inputs broadcast against each other (by index, never materialized); gradients are summed back
 * to each input's shape, and only for inputs on the differentiation path.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { read, upload } from './host-data.js';
import { sizeOf } from '../../core/shape.js';
import { broadcastIndex, sumByIndex } from './broadcast.js';
import { fusedOp } from './custom-op.js';

/**
 * One element: reads the inputs from `args`, writes `∂f/∂args[j]` into `partials[j]`, returns
 * `f(args)`.
 * @internal
 */
export type ElementFn = (args: Float64Array, partials: Float64Array) => number;

/**
 * `f` applied elementwise to `inputs` broadcast to `shape` (their broadcast shape), as one tfjs
 * op. `reference` must compute the same function from tfjs ops.
 * @internal
 */
export function fusedElementwise(
  inputs: readonly tf.Tensor[],
  shape: readonly number[],
  element: ElementFn,
  reference: (xs: readonly tf.Tensor[]) => tf.Tensor,
): tf.Tensor {
  return fusedOp(
    inputs,
    (withGradient) => {
      const n = sizeOf(shape);
      const k = inputs.length;
      const indices = inputs.map((x) => broadcastIndex(x.shape, shape));
      const data = inputs.map((x) => read(x));
      const values = new Float32Array(n);
      const partials = withGradient ? inputs.map(() => new Float64Array(n)) : [];
      const args = new Float64Array(k);
      const grad = new Float64Array(k);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < k; j++) args[j] = data[j]![indices[j]![i]!]!;
        values[i] = element(args, grad);
        for (let j = 0; j < partials.length; j++) partials[j]![i] = grad[j]!;
      }
      return {
        value: upload(values, [...shape]),
        gradients: inputs.map((input, j) => (dys) => {
          const d = read(dys[0]!);
          const p = partials[j]!;
          const vjp = new Float64Array(n);
          for (let i = 0; i < n; i++) vjp[i] = p[i]! * d[i]!;
          return tf.tensor(sumByIndex(vjp, indices[j]!, input.size), input.shape, 'float32');
        }),
      };
    },
    () => reference(inputs),
  );
}
