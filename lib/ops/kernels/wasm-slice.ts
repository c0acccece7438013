/**
 * A per-op strategy for the wasm backend's `Slice` on float32 and int32 tensors: the block is
 * copied from heap to heap by {@link copyBlock} (an odometer over the outer dimensions, one
 * contiguous run per step).
 *
 *     out[i₀, …, i_{r−1}] = x[b₀ + i₀, …, b_{r−1} + i_{r−1}],   0 ≤ i_k < s_k
 *
 * with `b`, `s` from `slice_util.parseSliceParams` (a size of −1 runs to the end of the axis).
 *
 * Why: tfjs-backend-wasm 4.22's `slice` reads the whole input out of the heap first
 * (`readSync`, a copy into a new array) and then copies each row with `set(subarray(…))`, a
 * typed-array object per row. Taking columns 8…15 of a `[256, 16]` tensor measured 16 µs per
 * call (`tf.tidy` around `tf.slice`); this kernel takes 2.4 µs, of which ~1.8 µs is the fixed
 * cost of any op here (`tf.neg` of the result measured 1.8 µs). Other dtypes (bool, string,
 * complex64) and runtimes without wasm SIMD go to the original kernel.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { blockCopySupported, copyBlock, type HeapBackend } from './wasm-block.js';
import { offsetOf } from './wasm-heap.js';
import { overrideWasmKernel } from './wasm-override.js';

const MARK = Symbol('ignis.wasmSlice');

/** The `Slice` kernel's attributes. */
interface SliceAttrs {
  readonly begin: number | number[];
  readonly size?: number | number[];
}

/** The heap copy for 4-byte dtypes, `original` for the rest. */
const sliceStrategy = (original: tf.KernelFunc): tf.KernelFunc => (args) => {
  const x = args.inputs.x!;
  if (x.dtype !== 'float32' && x.dtype !== 'int32') return original(args);
  const { begin, size } = args.attrs as unknown as SliceAttrs;
  const [start, extent] = tf.slice_util.parseSliceParams(x, begin, size) as [number[], number[]];
  const b = args.backend as unknown as HeapBackend;
  const out = b.makeOutput(extent, x.dtype);
  const block = { shape: extent, from: x.shape, fromBegin: start, to: extent, toBegin: extent.map(() => 0) };
  copyBlock(b, offsetOf(b, x), offsetOf(b, out), block);
  return out;
};

/**
 * Replace the wasm `Slice` kernel by the heap-copy strategy for float32 and int32 tensors
 * (idempotent). Call after the wasm backend's kernels are registered; returns whether it
 * installed the strategy.
 * @internal
 */
export function installWasmSlice(): boolean {
  return blockCopySupported() && overrideWasmKernel('Slice', MARK, sliceStrategy);
}
