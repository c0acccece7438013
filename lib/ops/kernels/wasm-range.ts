/**
 * The indices `0 … n−1` of a full plate as a tensor that costs nothing per run on wasm.
 *
 * Every run of a model resolves its plates afresh (`core/resolve-plate.ts`), and a plate that
 * is not subsampled holds all its indices: for a 10⁶-row likelihood a new 4 MB int32 tensor,
 * filled and copied into the wasm heap on every SVI step (~5 ms, and 4 MB of garbage). Here the
 * heap keeps one buffer per size and each run gets a new tensor that SHARES it (the backend's
 * reference count, as tfjs's own `reshape` does): no copy, no kernel. The tensor is an ordinary
 * one to its user: disposing it drops one reference, and `dataSync()` on wasm returns a copy,
 * so nothing outside can write the shared buffer. (On cpu `dataSync()` returns the stored array
 * itself, so the cpu backend keeps getting fresh copies: `undefined` here.)
 *
 * The cache holds a few sizes; a size evicted (or whose buffer was moved to another backend)
 * is dropped from the cache, and its buffer freed once its last tensor is disposed.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { activeWasmBackend, type WasmBackendLike } from './wasm-heap.js';

/** Plates below this size take a fresh copy (cheap, and no cache entry). */
const SHARED_FROM = 4096;
/** Sizes kept per backend. */
const SIZES = 4;

interface Backend extends WasmBackendLike {
  readonly dataIdMap: WasmBackendLike['dataIdMap'] & { has(dataId: object): boolean };
  write(values: Int32Array, shape: number[], dtype: 'int32'): object;
  incRef(dataId: object): void;
  disposeData(dataId: object): boolean;
}

interface EngineInternals {
  makeTensorFromDataId(dataId: object, shape: number[], dtype: 'int32', backend: object): tf.Tensor;
  removeDataId(dataId: object, backend: object): void;
}

const caches = new WeakMap<object, Map<number, object>>();

/** Drop the cache's reference to `dataId` (freed, and forgotten by the engine, when no tensor holds it). */
function release(b: Backend, dataId: object): void {
  if (b.dataIdMap.has(dataId) && b.disposeData(dataId)) (tf.engine() as unknown as EngineInternals).removeDataId(dataId, b);
}

/**
 * `0 … n−1` as a new int32 tensor sharing a cached heap buffer, when the active backend is wasm
 * and `n` is large; else `undefined` (the caller uploads a fresh copy).
 * @internal
 */
export function sharedRange(n: number): tf.Tensor1D | undefined {
  const b = activeWasmBackend() as Backend | undefined;
  if (b === undefined || n < SHARED_FROM) return undefined;
  let cache = caches.get(b);
  if (cache === undefined) caches.set(b, (cache = new Map<number, object>()));
  let dataId = cache.get(n);
  if (dataId !== undefined && !b.dataIdMap.has(dataId)) dataId = undefined; // moved away or freed by a reset
  if (dataId === undefined) {
    if (cache.size >= SIZES) {
      const [oldest, id] = cache.entries().next().value!;
      cache.delete(oldest);
      release(b, id);
    }
    dataId = b.write(Int32Array.from({ length: n }, (_, i) => i), [n], 'int32'); // the cache's reference
    cache.set(n, dataId);
  }
  b.incRef(dataId);
  return (tf.engine() as unknown as EngineInternals).makeTensorFromDataId(dataId, [n], 'int32', b) as tf.Tensor1D;
}
