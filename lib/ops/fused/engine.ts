/**
 * Typed access to the few tfjs-core engine internals the fused ops rely on (tfjs-core 4.x):
 * the gradient depth (to tell first-order from higher-order gradients) and `runKernelFunc`
 * (a custom op whose per-input gradients are computed lazily, only for the inputs that lie on
 * the path from the differentiated variables). `spec/ops/fused/custom-op.spec.ts` pins the
 * behaviour these names stand for.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** A gradient map: one thunk per input name (`'0'`, `'1'`, …). @internal */
export type GradientMap = Record<string, () => tf.Tensor>;

/** What `runKernelFunc` takes for a kernel implemented in JavaScript. @internal */
export interface KernelFuncParams {
  readonly forwardFunc: (backend: unknown, save: (tensors: tf.Tensor[]) => void) => tf.Tensor | tf.Tensor[];
  readonly backwardsFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => GradientMap;
  readonly inputs: Record<string, tf.Tensor>;
}

/** The engine members used here (public at run time, private in tfjs's typings). @internal */
export interface EngineInternals {
  readonly state: { readonly gradientDepth: number; readonly kernelDepth: number };
  isTapeOn(): boolean;
  runKernelFunc(params: KernelFuncParams): tf.Tensor | tf.Tensor[];
}

/** The tfjs engine with its internals typed. @internal */
export const engine = (): EngineInternals => tf.engine() as unknown as EngineInternals;

/**
 * `true` while tfjs records operations for a gradient (inside `tf.grad`'s forward pass, or the
 * recorded backward pass of a higher-order gradient).
 * @internal
 */
export const tapeOn = (): boolean => engine().isTapeOn();

/**
 * `true` when the operations now being recorded will have their *backward* pass recorded too,
 * i.e. a gradient of a gradient is being taken (nested `tf.grad`, Hessians): fused ops then use
 * their differentiable reference path. For first-order gradients (an SVI step) it is `false`
 * and fused ops keep no tensors for the backward pass.
 * @internal
 */
export const higherOrder = (): boolean => engine().state.gradientDepth > 1;

/**
 * `true` inside a gradient function when tfjs is recording the backward pass (a higher-order
 * gradient is being taken), so the gradient must be built from differentiable ops.
 * @internal
 */
export const recordingGradient = (): boolean => engine().isTapeOn();
