/**
 * Custom ops whose forward pass is plain JavaScript: ONE tape node instead of a chain of tfjs
 * kernels, with per-input gradients computed lazily (only inputs on the path from the
 * differentiated variables get one: an observed value or a constant costs nothing backward).
 *
 * Two flavours:
 * - {@link fusedOp}: the hot-path op. Its gradients come from data the forward pass kept in
 *   JavaScript (each saved tensor is an `Identity` kernel in tfjs, so it saves one only when its
 *   data stays on the wasm heap), and when a higher-order gradient is being taken it runs its
 *   `reference` (the same function from differentiable ops) instead, so second derivatives stay
 *   exact.
 * - {@link runCustomOp}: gradients built from tfjs ops (differentiable again), saving the
 *   tensors they need; for linear algebra whose reference would be costly.
 *
 * A {@link runCustomOp} must save only its INPUTS, never its own output: a saved output is cloned
 * before the op's own tape node exists, which silently cuts it from higher-order tapes. (A
 * {@link fusedOp} may save its output: it is never on a higher-order tape.)
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type GradientMap, engine, higherOrder, recordingGradient, tapeOn } from './engine.js';

export { higherOrder, recordingGradient, tapeOn };

/** What a fused op's body returns. @internal */
export interface FusedOpBody {
  /** The output (or outputs), uploaded from JavaScript. */
  readonly value: tf.Tensor | readonly tf.Tensor[];
  /**
   * One gradient per input: `∂loss/∂input` given `dys`, the gradient of each output, and the
   * tensors the body passed to `save`. Called only for inputs on the differentiation path,
   * inside a tidy.
   */
  readonly gradients: readonly ((dys: readonly tf.Tensor[], saved: readonly tf.Tensor[]) => tf.Tensor)[];
}

/**
 * Run `body` as one tape node (see the module notes). `body` receives whether a gradient will be
 * taken (when `false` it may skip computing partial derivatives; `gradients` is then unused),
 * and `save`, for an op whose backward pass needs a tensor rather than JavaScript data (a kernel
 * on the wasm heap): each saved tensor costs an `Identity` kernel, and may be the op's own
 * output because fused ops never run under higher-order gradients.
 * When a higher-order gradient is being recorded, `reference()` runs instead.
 * @internal
 */
export function fusedOp<T extends tf.Tensor | tf.Tensor[]>(
  inputs: readonly tf.Tensor[],
  body: (withGradient: boolean, save: SaveFn) => FusedOpBody,
  reference: () => T,
): T {
  if (higherOrder()) return reference();
  const withGradient = tapeOn();
  let result: FusedOpBody | undefined;
  const inputMap: Record<string, tf.Tensor> = {};
  for (let i = 0; i < inputs.length; i++) inputMap[i] = inputs[i]!;
  return engine().runKernelFunc({
    forwardFunc: (_backend, save) => {
      result = body(withGradient, save);
      return result.value as tf.Tensor | tf.Tensor[];
    },
    backwardsFunc: (dy, saved) => {
      const dys = Array.isArray(dy) ? dy : [dy];
      const map: GradientMap = {};
      result!.gradients.forEach((g, i) => {
        map[i] = () => g(dys, saved);
      });
      return map;
    },
    inputs: inputMap,
  }) as T;
}

/** Saves tensors for the backward pass (cloned and kept only while a tape is recording). @internal */
export type SaveFn = (tensors: tf.Tensor[]) => void;

/** What a {@link runCustomOp} body returns: its value and one gradient per input. @internal */
export interface CustomOpResult {
  readonly value: tf.Tensor;
  readonly gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * Run `body` as one tfjs kernel with a custom gradient built from tfjs ops. `body` must create
 * tensors only through tfjs (it runs inside a tidy) and return exactly one gradient per input
 * from `gradFunc`. Tensors needed by the backward pass must be passed to `save` (intermediate
 * inputs are disposed after the forward pass of `tf.grad`). The gradients are computed once,
 * when the first input on the differentiation path asks for its own.
 * @internal
 */
export function runCustomOp(inputs: readonly tf.Tensor[], body: (save: SaveFn) => CustomOpResult): tf.Tensor {
  let result: CustomOpResult | undefined;
  const inputMap: Record<string, tf.Tensor> = {};
  for (let i = 0; i < inputs.length; i++) inputMap[i] = inputs[i]!;
  return engine().runKernelFunc({
    forwardFunc: (_backend, save) => {
      result = body(save);
      return result.value;
    },
    backwardsFunc: (dy, saved) => {
      const grads = result!.gradFunc(Array.isArray(dy) ? dy[0]! : dy, saved);
      if (grads.length !== inputs.length) throw new Error(`runCustomOp: gradFunc returned ${grads.length} gradients for ${inputs.length} inputs.`);
      const map: GradientMap = {};
      grads.forEach((g, i) => {
        map[i] = () => g;
      });
      return map;
    },
    inputs: inputMap,
  }) as tf.Tensor;
}
