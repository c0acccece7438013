/**
 * The wasm backend's heap as a SHARED `WebAssembly.Memory`, so that worker threads can run
 * Ignis's kernels on the very tensors the backend holds (`parallel.ts`).
 *
 * tfjs-backend-wasm's single-threaded SIMD binary defines its memory itself (min 256 pages, max
 * 65536). While the backend initializes, {@link withSharedHeap} hands Emscripten's
 * `WebAssembly.instantiate` a copy of the binary whose memory section has the `shared` flag set
 * (one byte: limits `0x01` → `0x03`); nothing else changes. A module that does not use atomics
 * runs the same on a shared memory; growing it keeps the old views valid instead of detaching
 * them. Measured: the backend's kernels and tfjs's tests behave the same, and the workloads'
 * steps are as fast.
 *
 * Only in Node (worker threads and `Atomics.wait` on the main thread). A browser page gets a
 * shared memory only when cross-origin isolated and cannot block its main thread, so there
 * the heap stays as tfjs made it and Ignis's kernels run on one thread.
 *
 * @module
 */

interface WasmInstantiate {
  instantiate: (this: unknown, bytes: unknown, imports?: object) => Promise<unknown>;
}

/** Whether this runtime is Node with shared memory (the threads' precondition). @internal */
export function sharedHeapPossible(): boolean {
  const proc = (globalThis as { readonly process?: { readonly versions?: { readonly node?: string } } }).process;
  return typeof SharedArrayBuffer !== 'undefined' && typeof Atomics !== 'undefined' && typeof proc?.versions?.node === 'string';
}

/**
 * The offset of the flags byte of the memory defined by module `bytes` (section 5), if it has one
 * with a maximum and is not shared; else -1.
 * @internal
 */
export function memoryFlagsOffset(bytes: Uint8Array): number {
  if (bytes.length < 8 || bytes[0] !== 0 || bytes[1] !== 0x61 || bytes[2] !== 0x73 || bytes[3] !== 0x6d) return -1;
  let p = 8;
  const uleb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[p++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0 || p >= bytes.length) return result;
    }
  };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const length = uleb();
    const start = p;
    if (id === 5) {
      const count = uleb();
      return count === 1 && bytes[p] === 0x01 ? p : -1;
    }
    p = start + length;
  }
  return -1;
}

/**
 * Run `init` (the wasm backend's initialization) with `WebAssembly.instantiate` giving any
 * binary that defines a non-shared memory with a maximum a shared one instead (see the module
 * notes); restored afterwards. Outside Node, just `init()`.
 * @internal
 */
export async function withSharedHeap<T>(init: () => Promise<T>): Promise<T> {
  const api = (globalThis as unknown as { readonly WebAssembly: WasmInstantiate }).WebAssembly;
  if (!sharedHeapPossible()) return init();
  const original = api.instantiate;
  api.instantiate = function (this: unknown, source: unknown, imports?: object): Promise<unknown> {
    const bytes = source instanceof Uint8Array ? source : source instanceof ArrayBuffer ? new Uint8Array(source) : undefined;
    const at = bytes === undefined ? -1 : memoryFlagsOffset(bytes);
    if (bytes === undefined || at < 0) return original.call(this, source, imports);
    const patched = Uint8Array.from(bytes);
    patched[at] = 0x03;
    return original.call(this, patched, imports);
  };
  try {
    return await init();
  } finally {
    api.instantiate = original;
  }
}
