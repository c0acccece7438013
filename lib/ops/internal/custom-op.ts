/**
 * A typed wrapper around `tf.customGrad` for ops whose forward pass is plain JavaScript.
 *
 * The gradient function may choose between a fast path (plain float64 JS, returns constant
 * tensors) and a differentiable path built from tfjs ops and other custom ops: the latter is
 * needed only when tfjs is recording the backward pass itself, i.e. for higher-order gradients
 * (`tf.grad(tf.grad(f))`, Hessians for Laplace approximations). {@link recordingGradient} tells
 * the two cases apart.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Saves tensors for the backward pass (cloned and kept only while a tape is recording). @internal */
export type SaveFn = (tensors: tf.Tensor[]) => void;

/** What a custom op's body returns: its value and one gradient per input. @internal */
export interface CustomOpResult {
  readonly value: tf.Tensor;
  readonly gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * Run `body` as one tfjs kernel with a custom gradient. `body` must create tensors only through
 * tfjs (it runs inside a tidy) and return exactly one gradient per input from `gradFunc`.
 * Tensors needed by the backward pass must be passed to `save` (intermediate inputs are
 * disposed after the forward pass of `tf.grad`).
 * @internal
 */
export function runCustomOp(inputs: readonly tf.Tensor[], body: (save: SaveFn) => CustomOpResult): tf.Tensor {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const save = args[args.length - 1] as SaveFn;
    return body(save);
  });
  return op(...inputs);
}

/**
 * `true` inside a gradient function when tfjs is recording the backward pass (a higher-order
 * gradient is being taken), so the gradient must be built from differentiable ops.
 * @internal
 */
export function recordingGradient(): boolean {
  return tf.engine().isTapeOn();
}
