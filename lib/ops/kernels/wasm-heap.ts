/**
 * Tensors on the wasm backend's heap, for kernels that work there in place: the byte offset of
 * a tensor's data, a new output tensor allocated on the heap, and a pass over `n` float32
 * elements by a SIMD function that handles 16 bytes at a time.
 *
 * Reading a tensor with `dataSync` on wasm copies it out of the heap (a fresh `ArrayBuffer`),
 * and `tf.tensor(values)` copies it back in; for a `[256, 64]` activation that is ~27 µs and
 * two 64 kB allocations per crossing. Kernels here avoid both.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { LANES, type KernelExport } from './wasm-asm.js';

/** The parts of tfjs-backend-wasm 4.22's backend used here. @internal */
export interface WasmBackendLike {
  readonly wasm: { readonly asm: { readonly memory: object }; readonly HEAPF32: Float32Array };
  readonly dataIdMap: { get(dataId: object): { readonly memoryOffset: number } | undefined };
  makeOutput(shape: readonly number[], dtype: 'float32'): tf.TensorInfo;
}

/** The engine member that wraps a backend's output as a tensor (public at run time). */
interface EngineWithInfo {
  makeTensorFromTensorInfo(info: tf.TensorInfo): tf.Tensor;
}

/**
 * The active backend when it is tfjs-backend-wasm (recognized by its heap), else `undefined`.
 * @internal
 */
export function activeWasmBackend(): WasmBackendLike | undefined {
  if (tf.getBackend() !== 'wasm') return undefined;
  const b = tf.backend() as unknown as Partial<WasmBackendLike>;
  return b.wasm?.asm?.memory !== undefined && typeof b.makeOutput === 'function' ? (b as WasmBackendLike) : undefined;
}

/** The byte offset of `t`'s data on the heap of `b`. @internal */
export function offsetOf(b: WasmBackendLike, t: tf.TensorInfo): number {
  return b.dataIdMap.get(t.dataId)!.memoryOffset;
}

/** The tensor of a backend output `info` (registered with the engine). @internal */
export function tensorOf(info: tf.TensorInfo): tf.Tensor {
  return (tf.engine() as unknown as EngineWithInfo).makeTensorFromTensorInfo(info);
}

/** A new float32 output tensor of `shape` on the heap of `b` (uninitialized). @internal */
export function heapOutput(b: WasmBackendLike, shape: readonly number[]): { readonly info: tf.TensorInfo; readonly tensor: () => tf.Tensor } {
  const info = b.makeOutput(shape, 'float32');
  return { info, tensor: () => tensorOf(info) };
}

/**
 * Run `fn(...offsets, bytes, ...scalars)` over `n ≥ 4` float32 elements of out-of-place,
 * elementwise arrays: the whole 16-byte blocks, then the last four elements again (an overlapping
 * block recomputes the same values, so no scalar tail and no write past an array's end). With
 * `wide`, the same function over `16 · LANES`-byte blocks (`interleaved` in `wasm-asm.ts`), the
 * whole wide blocks go to it first.
 * @internal
 */
export function overElements(fn: KernelExport, offsets: readonly number[], n: number, scalars: readonly number[] = [], wide?: KernelExport): void {
  const wideDone = wide === undefined ? 0 : n - (n % (4 * LANES));
  if (wideDone > 0) wide!(...offsets, wideDone * 4, ...scalars);
  const whole = n - (n % 4);
  if (whole > wideDone) fn(...offsets.map((o) => o + wideDone * 4), (whole - wideDone) * 4, ...scalars);
  if (whole < n) fn(...offsets.map((o) => o + (n - 4) * 4), 16, ...scalars);
}

/** The backend's allocator (tfjs-backend-wasm's Emscripten `malloc`/`free`). */
interface WithAllocator {
  readonly wasm: { _malloc(bytes: number): number; _free(offset: number): void };
}

const scratchSlots = new WeakMap<object, { offset: number; raw: number; bytes: number }[]>();

/**
 * A byte offset of `bytes` of scratch memory on the heap of `b` for `slot` (one per thread that
 * may use it at the same time), 16-byte aligned, kept and reused (grown when too small). Valid
 * until the next request for the same slot.
 * @internal
 */
export function heapScratch(b: WasmBackendLike, slot: number, bytes: number): number {
  const alloc = b as unknown as WithAllocator;
  let slots = scratchSlots.get(b.wasm);
  if (slots === undefined) scratchSlots.set(b.wasm, (slots = []));
  const known = slots[slot];
  if (known !== undefined && known.bytes >= bytes) return known.offset;
  if (known !== undefined) alloc.wasm._free(known.raw);
  const size = Math.max(bytes, Math.ceil((known?.bytes ?? 0) * 1.5), 4096);
  const raw = alloc.wasm._malloc(size + 16) >>> 0;
  if (raw === 0) throw new Error(`heapScratch: the wasm heap could not allocate ${size} bytes.`);
  const made = { offset: (raw + 15) & ~15, raw, bytes: size };
  slots[slot] = made;
  return made.offset;
}

/** The bytes of scratch memory `slot` holds on the heap of `b` now (0 if none). @internal */
export function heapScratchSize(b: WasmBackendLike, slot: number): number {
  return scratchSlots.get(b.wasm)?.[slot]?.bytes ?? 0;
}
