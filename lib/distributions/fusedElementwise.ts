/**
 * Fused elementwise functions for hot log-densities: the value and its partial derivatives are
 * computed in one float64 JavaScript loop and the result enters tfjs as ONE op with a custom
 * gradient, instead of a chain of ~10 kernels forward and ~45 backward.
 *
 * The function is written twice: `element` (float64, value and partials at one element) and
 * `reference` (the same formula from tfjs ops). The fast gradient uses the partials from the
 * forward pass; when tfjs records the backward pass itself (a higher-order gradient, e.g. a
 * Hessian for a Laplace approximation), the gradient is instead the vector–Jacobian product of
 * `reference`, so second derivatives stay exact.
 *
 * Inputs broadcast against each other (by index, never materialized); gradients are summed back
 * to each input's shape.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf } from '../core/shape.js';
import { broadcastIndex, sumByIndex } from './standardDraws.js';

/**
 * One element: reads the inputs from `args`, writes `∂f/∂args[j]` into `partials[j]`, returns
 * `f(args)`.
 */
export type ElementFn = (args: Float64Array, partials: Float64Array) => number;

/**
 * `f` applied elementwise to `inputs` broadcast to `shape` (their broadcast shape), as one tfjs
 * op. `reference` must compute the same function from tfjs ops (used for higher-order gradients
 * only).
 */
export function fusedElementwise(
  inputs: readonly tf.Tensor[],
  shape: Shape,
  element: ElementFn,
  reference: (xs: readonly tf.Tensor[]) => tf.Tensor,
): tf.Tensor {
  const n = sizeOf(shape);
  const k = inputs.length;
  const indices = inputs.map((x) => broadcastIndex(x.shape, shape));
  const data = inputs.map((x) => x.dataSync());
  const values = new Float32Array(n);
  const partials = inputs.map(() => new Float64Array(n));
  const args = new Float64Array(k);
  const grad = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) args[j] = data[j]![indices[j]![i]!]!;
    values[i] = element(args, grad);
    for (let j = 0; j < k; j++) partials[j]![i] = grad[j]!;
  }
  const op = tf.customGrad((...received: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = received[k] as tf.GradSaveFunc;
    save(received.slice(0, k) as tf.Tensor[]);
    return {
      value: tf.tensor(values, [...shape], 'float32'),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const upstream = Array.isArray(dy) ? dy[0]! : dy;
        if (tf.engine().isTapeOn()) {
          return tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(reference(xs), upstream)))(saved);
        }
        const d = upstream.dataSync();
        return partials.map((p, j) => {
          const vjp = p.map((v, i) => v * d[i]!);
          return tf.tensor(sumByIndex(vjp, indices[j]!, inputs[j]!.size), inputs[j]!.shape, 'float32');
        });
      },
    };
  });
  return op(...inputs);
}
