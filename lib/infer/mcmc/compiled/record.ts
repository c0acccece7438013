/**
 * Recording the tfjs kernels a function launches on values computed from given tensors (the
 * latent sites): `engine.runKernelFunc` is wrapped while `fn` runs; every registered kernel called
 * at the top level (not from inside another kernel) with an input computed from the sites is noted
 * with its inputs, attributes and outputs, and the data of its other inputs is copied at once (a
 * distribution may dispose a temporary before the recording ends). Kernels on constants only are
 * data preprocessing: their outputs are constants, read when needed. Custom ops (forward
 * functions rather than registered kernels, e.g. Ignis's fused ops) on site values are counted:
 * their insides cannot be replayed.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type KernelFuncParams, engine } from '../../../ops/fused/engine.js';

/**
 * One top-level kernel call on a value computed from the sites.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface RecordedCall {
  readonly kernel: string;
  readonly inputNames: readonly string[];
  readonly inputs: readonly tf.Tensor[];
  /** The data of each input not computed from the sites, copied at the call. */
  readonly snapshots: readonly (Float64Array | undefined)[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly outputs: readonly tf.Tensor[];
}

/** A kernel invocation as the engine receives it (`kernelName` only for registered kernels). */
interface Invocation {
  readonly kernelName?: string;
  readonly inputs: Record<string, tf.Tensor>;
  readonly attrs?: Record<string, unknown>;
}

/** The recording: `dependent` holds every tensor computed from the sites (the sites included). */
export interface Recording<T> {
  readonly result: T;
  readonly calls: readonly RecordedCall[];
  readonly dependent: ReadonlySet<tf.Tensor>;
  /** Custom ops run on values computed from the sites. */
  readonly custom: number;
}

/**
 * Run `fn`, recording the top-level kernel calls on values computed from `sites`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function recordKernels<T>(sites: readonly tf.Tensor[], fn: () => T): Recording<T> {
  const eng = engine() as unknown as { runKernelFunc: (p: KernelFuncParams | Invocation) => tf.Tensor | tf.Tensor[]; state: { kernelDepth: number } };
  const original = eng.runKernelFunc;
  const calls: RecordedCall[] = [];
  const dependent = new Set<tf.Tensor>(sites);
  let custom = 0;
  eng.runKernelFunc = function (this: typeof eng, params) {
    const top = this.state.kernelDepth === 0;
    const invocation = params as Invocation;
    const names = top ? Object.keys(invocation.inputs) : [];
    const inputs = names.map((n) => invocation.inputs[n]!);
    const onSites = inputs.some((t) => dependent.has(t));
    const snapshots = onSites ? inputs.map((t) => (dependent.has(t) ? undefined : Float64Array.from(t.dataSync()))) : [];
    const out = original.call(this, params);
    if (onSites) {
      const outputs = Array.isArray(out) ? out : [out];
      for (const t of outputs) dependent.add(t);
      if (invocation.kernelName === undefined) custom += 1;
      else calls.push({ kernel: invocation.kernelName, inputNames: names, inputs, snapshots, attrs: invocation.attrs ?? {}, outputs });
    }
    return out;
  };
  try {
    return { result: fn(), calls, dependent, custom };
  } finally {
    eng.runKernelFunc = original;
  }
}
