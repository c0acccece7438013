/**
 * An `UnsortedSegmentSum` kernel for the wasm backend, which lacks it — without it
 * `tf.unsortedSegmentSum` fails on wasm, and so does the gradient of `tf.gather`.
 *
 * Registering a kernel for `backendName: 'wasm'` works before the wasm backend is loaded; the
 * kernel uses only the backend's public `readSync` / `makeOutput` / `typedArrayFromHeap`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's `BackendWasm` this kernel uses (no import of the package). */
interface WasmBackendLike {
  readSync(dataId: unknown): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): { set(values: ArrayLike<number>): void };
}

const kernelFunc: tf.KernelFunc = ({ inputs, attrs, backend }) => {
  const wasm = backend as unknown as WasmBackendLike;
  const x = inputs.x!;
  const ids = inputs.segmentIds!;
  const numSegments = (attrs as { numSegments: number }).numSegments;
  const xs = wasm.readSync(x.dataId);
  const segs = wasm.readSync(ids.dataId);
  const tail = x.shape.slice(ids.shape.length);
  const inner = tail.reduce((p, s) => p * s, 1);
  const acc = new Float64Array(numSegments * inner);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s < 0 || s >= numSegments) continue;
    for (let j = 0; j < inner; j++) acc[s * inner + j] = acc[s * inner + j]! + xs[i * inner + j]!;
  }
  const out = wasm.makeOutput([numSegments, ...tail], x.dtype);
  wasm.typedArrayFromHeap(out).set(x.dtype === 'int32' ? Int32Array.from(acc) : Float32Array.from(acc));
  return out;
};

/** Register the wasm `UnsortedSegmentSum` kernel unless one exists; returns whether it did. @internal */
export function registerWasmSegmentSum(): boolean {
  if (tf.getKernel('UnsortedSegmentSum', 'wasm') !== undefined) return false;
  tf.registerKernel({ kernelName: 'UnsortedSegmentSum', backendName: 'wasm', kernelFunc });
  return true;
}
