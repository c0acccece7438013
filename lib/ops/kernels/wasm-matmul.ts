/**
 * A per-op strategy for the wasm backend: `BatchMatMul` with a transposed operand transposes it
 * first (the `Transpose` kernel) and runs the plain product. tfjs-backend-wasm 4.22 sends only
 * the untransposed case to XNNPACK; the transposed cases take a scalar loop that measured 7–10×
 * slower at the sizes of a small network's backward pass (`[64, 256]ᵀ × [256, 16]`: 229 µs
 * against 25 µs + a transpose). Every gradient of a matrix product has a transposed operand.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of a wasm backend the strategy uses. */
interface BackendLike {
  disposeData(dataId: unknown): void;
}

const MARK = Symbol('ignis.wasmMatmul');

function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return perm;
}

/**
 * Replace the wasm `BatchMatMul` kernel by the transpose-first strategy (idempotent). Call after
 * the wasm backend's kernels are registered; returns whether it installed the strategy.
 * @internal
 */
export function installWasmMatmul(): boolean {
  const original = tf.getKernel('BatchMatMul', 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (original === undefined || transpose === undefined || MARK in original.kernelFunc) return false;
  const kernelFunc: tf.KernelFunc = (args) => {
    const attrs = args.attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!attrs.transposeA && !attrs.transposeB) return original.kernelFunc(args);
    const { backend } = args;
    const temporaries: tf.TensorInfo[] = [];
    const untransposed = (x: tf.TensorInfo, transposed: boolean): tf.TensorInfo => {
      if (!transposed) return x;
      const t = transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm: lastTwoSwapped(x.shape.length) } }) as tf.TensorInfo;
      temporaries.push(t);
      return t;
    };
    const a = untransposed(args.inputs.a!, attrs.transposeA);
    const b = untransposed(args.inputs.b!, attrs.transposeB);
    const out = original.kernelFunc({ inputs: { a, b }, backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) (backend as unknown as BackendLike).disposeData(t.dataId);
    return out;
  };
  Object.defineProperty(kernelFunc, MARK, { value: true });
  tf.unregisterKernel('BatchMatMul', 'wasm');
  tf.registerKernel({ ...original, kernelFunc });
  return true;
}
