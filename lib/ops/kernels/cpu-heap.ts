/**
 * A kernel heap for the `cpu` backend: Ignis's own `WebAssembly.Memory` (shared in Node, so the
 * kernel threads of `parallel.ts` work on it too), where the cpu backend's large products and
 * elementwise functions run on the same SIMD kernels as on the wasm backend: operands are copied
 * in (a `TypedArray.set`, memcpy speed), the kernel runs, the result is copied out. For a
 * product the copies are O(n²) against O(n³) arithmetic.
 *
 * One call at a time: each kernel lays its arrays out from offset 0 and may reuse all of it.
 *
 * @module
 */
import { sharedHeapPossible } from './shared-heap.js';

interface MemoryApi {
  readonly Memory: new (d: { initial: number; maximum: number; shared?: boolean }) => { readonly buffer: ArrayBufferLike; grow(pages: number): number };
}
type HeapMemory = InstanceType<MemoryApi['Memory']>;

const PAGE = 65536;
let heap: HeapMemory | undefined;

/** The cpu kernel heap's memory (made on first use: 16 MiB, growing to 4 GiB). @internal */
export function cpuHeapMemory(): HeapMemory {
  if (heap === undefined) {
    const api = (globalThis as unknown as { readonly WebAssembly: MemoryApi }).WebAssembly;
    heap = new api.Memory({ initial: 256, maximum: 65536, ...(sharedHeapPossible() ? { shared: true } : {}) });
  }
  return heap;
}

/** The cpu kernel heap with at least `bytes` bytes, and a float32 view of all of it. @internal */
export function cpuHeap(bytes: number): { readonly memory: HeapMemory; readonly f32: Float32Array } {
  const memory = cpuHeapMemory();
  const have = memory.buffer.byteLength;
  if (have < bytes) memory.grow(Math.ceil((bytes - have) / PAGE));
  return { memory, f32: new Float32Array(memory.buffer) };
}

/** Byte offsets for arrays of the given byte sizes laid out from offset 64, each 64-byte aligned, and the end. @internal */
export function layout(sizes: readonly number[]): { readonly offsets: readonly number[]; readonly end: number } {
  let at = 64;
  const offsets = sizes.map((bytes) => {
    const o = at;
    at = (at + bytes + 63) & ~63;
    return o;
  });
  return { offsets, end: at };
}
