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

/** A node of tfjs's gradient tape: its inputs by name and its outputs. @internal */
export interface TapeNodeLike {
  readonly inputs: Readonly<Record<string, tf.Tensor>>;
  readonly outputs: readonly tf.Tensor[];
}

/** `Engine.gradients(f, xs, dy?, allowNoGradients?)`. */
type Gradients = (this: unknown, f: () => tf.Tensor, xs: tf.Tensor[], dy?: tf.Tensor, allowNoGradients?: boolean) => { value: tf.Tensor; grads: tf.Tensor[] };

/** The engine members used here (public at run time, private in tfjs's typings). @internal */
export interface EngineInternals {
  readonly state: { readonly gradientDepth: number; readonly kernelDepth: number; readonly activeTape: readonly TapeNodeLike[] | null };
  isTapeOn(): boolean;
  runKernelFunc(params: KernelFuncParams): tf.Tensor | tf.Tensor[];
  gradients: Gradients;
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

/** The ids of the `xs` of each `Engine.gradients` call in progress (innermost last). */
const sources: Set<number>[] = [];

/**
 * Record the `xs` of every gradient taken through `Engine.gradients` (what `tf.grad`,
 * `tf.grads`, `tf.valueAndGrads`, `tf.variableGrads` and Ignis's SVI call), so fused ops can
 * tell which of their inputs lie on the path from them ({@link onGradientPath}). Idempotent.
 * @internal
 */
export function trackGradientSources(): void {
  const e = engine() as EngineInternals & { [MARK]?: true };
  if (e[MARK] === true) return;
  const original = e.gradients;
  e.gradients = function (this: unknown, f, xs, dy, allowNoGradients) {
    sources.push(new Set(xs.map((x) => x.id)));
    try {
      return original.call(this, f, xs, dy, allowNoGradients);
    } finally {
      sources.pop();
    }
  };
  e[MARK] = true;
}
const MARK = Symbol.for('ignis.gradientSources');

/**
 * While a gradient is being recorded, the predicate "this tensor depends on the gradient's
 * `xs`" (an `xs` itself, or an output of a recorded op with such an input — exactly the inputs
 * tfjs will ask a gradient of); `() => true` when that is unknown (no tape, or a tape not
 * started by `Engine.gradients`). Computed from the tape as it is now: call it when the op's
 * inputs exist.
 * @internal
 */
export function onGradientPath(): (t: tf.Tensor) => boolean {
  const tape = engine().state.activeTape;
  if (!tapeOn() || tape === null || sources.length === 0) return () => true;
  const marked = new Set<number>();
  for (const s of sources) for (const id of s) marked.add(id);
  for (const node of tape) {
    for (const name in node.inputs) {
      if (marked.has(node.inputs[name]!.id)) {
        for (const out of node.outputs) marked.add(out.id);
        break;
      }
    }
  }
  return (t) => marked.has(t.id);
}

trackGradientSources();
