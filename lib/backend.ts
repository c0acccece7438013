/**
 * Backend selection for Ignis.
 *
 * Ignis runs on `@tensorflow/tfjs-core` with one of two backends that work in Node without a
 * native binary: `cpu` (pure JavaScript, lowest per-kernel overhead, float64 accumulation in
 * sums) and `wasm` (SIMD, ~30× faster matmul, float32 accumulation). On `wasm`, {@link useBackend}
 * also installs Ignis's own kernels on the backend's heap (`ops/kernels`): per-op strategies for
 * `BatchMatMul`, `Exp`, `Softplus`, `Sigmoid`, `Slice`, `PadV2` and `Sum` that take the shapes where tfjs's kernels are
 * slow and hand the rest back, and the `IgnisAffine`, `IgnisTanh` and `IgnisAdam` kernels.
 *
 * Importing this module registers the `cpu` backend only, so synchronous tensor code works
 * straight after import. The `wasm` backend is loaded on demand by {@link useBackend}; in a
 * page, its `.wasm` binaries must be served (see {@link UseBackendOptions.wasmPaths}).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { type WasmPaths, initBackend, prepareWasm } from './backend-init.js';
import { invalidArgument } from './core/errors.js';
import './tfjs-chained-ops.js';
// tfjs-core's Node bundle registers no gradients: importing the ops registers them (and Ignis' repairs).
import './ops/index.js';
import { installLightSaves } from './ops/kernels/light-saves.js';
import { installWasmAdam } from './ops/kernels/wasm-adam.js';
import { installWasmExp } from './ops/kernels/wasm-exp.js';
import { installWasmMatmul } from './ops/kernels/wasm-matmul.js';
import { installWasmPad } from './ops/kernels/wasm-pad.js';
import { installWasmSlice } from './ops/kernels/wasm-slice.js';
import { installWasmSoftplus } from './ops/kernels/wasm-softplus.js';
import { installWasmSum } from './ops/kernels/wasm-sum.js';
import { installWasmTanh } from './ops/kernels/wasm-tanh.js';
import { ensureThreads } from './ops/kernels/parallel.js';
import { cpuHeapMemory } from './ops/kernels/cpu-heap.js';
import { installCpuKernels } from './ops/kernels/cpu-kernels.js';
import { withSharedHeap } from './ops/kernels/shared-heap.js';
import { activeWasmBackend } from './ops/kernels/wasm-heap.js';
import { tuneTiering } from './v8-tiering.js';

installLightSaves();

/** The backends Ignis supports. */
export type BackendName = 'cpu' | 'wasm';

/**
 * The backend {@link useBackend} selects when given none: `wasm`. Measured on the benchmark
 * workloads (spec/bench), wasm is as fast as cpu where the step is dominated by per-op overhead
 * (Ignis's fused ops make that small on both) and several times faster where it is not: its
 * broadcasting, slicing and reduction kernels are compiled loops where tfjs-backend-cpu walks
 * indices in JavaScript (an amortized MLP guide: 1.4 ms per step against 8 ms). Both backends
 * run the large float32 matrix products, `affine`, `softplus`/`σ` and leading-axis sums on
 * Ignis's SIMD kernels and threads (on cpu through a kernel heap, `ops/kernels/cpu-kernels.ts`,
 * where tfjs-backend-cpu's scalar loops reach ~1 GFLOP/s), which makes dense networks several
 * times faster on cpu than tfjs alone, though still slower than on wasm. cpu keeps float64
 * accumulation in sums and exact `log1p`; choose it with `useBackend('cpu')` for that.
 *
 * @category backend
 * @since 0.1.0
 */
export const DEFAULT_BACKEND: BackendName = 'wasm';

/**
 * Options of {@link useBackend}.
 *
 * @category backend
 * @since 0.1.0
 */
export interface UseBackendOptions {
  /**
   * Where the `wasm` backend fetches its binaries (tfjs's `setWasmPaths`): a folder URL ending
   * in `/` that holds the three `.wasm` files of `@tensorflow/tfjs-backend-wasm/dist`
   * (`tfjs-backend-wasm.wasm`, `tfjs-backend-wasm-simd.wasm`,
   * `tfjs-backend-wasm-threaded-simd.wasm`), or a URL for each of them by that name. Needed in
   * a page whose bundle does not sit next to those files; Node finds them by itself. Applies to
   * the first initialization of the backend only (ignored once it runs, and by `cpu`).
   */
  readonly wasmPaths?: WasmPaths;
}

/**
 * Select the tfjs backend, loading the wasm backend on first use, and silence tfjs's
 * "install tfjs-node" console warning (`tf.enableProdMode()`).
 *
 * Call it once at start-up, before creating tensors: tensors live on the backend that created
 * them, and switching later moves their data lazily. In a page, the `wasm` backend fetches a
 * `.wasm` binary: serve the files of `@tensorflow/tfjs-backend-wasm/dist` and say where with
 * `wasmPaths` (or put them next to the page). When the backend cannot initialize, the call
 * raises `BackendUnavailable` naming the URL that failed and its HTTP status.
 *
 * In Node, the wasm backend's Emscripten glue installs process listeners that print its whole
 * minified source before any uncaught error; `useBackend` removes them, so errors read as
 * they do on `cpu`. In Node it also lowers V8's optimization budget (`--interrupt-budget`, a
 * process-wide flag), so the small functions an SVI step runs are optimized after hundreds of
 * steps rather than thousands (`v8-tiering.ts`; `IGNIS_V8_TIERING=0` keeps V8's default).
 *
 * @example
 * ```ts
 * await useBackend('wasm');                                   // Node
 * await useBackend('wasm', { wasmPaths: '/assets/wasm/' });   // a page serving the .wasm files there
 * ```
 * @category backend
 * @since 0.1.0
 */
export async function useBackend(name: BackendName = DEFAULT_BACKEND, options: UseBackendOptions = {}): Promise<void> {
  if (name !== 'cpu' && name !== 'wasm') {
    throw invalidArgument('useBackend', 'name', "must be 'cpu' or 'wasm'", JSON.stringify(name), "Ignis runs on tfjs's cpu and wasm backends.");
  }
  tf.enableProdMode();
  tuneTiering();
  const version = name === 'wasm' ? await prepareWasm(options.wasmPaths) : undefined;
  if (name === 'cpu') installCpuKernels();
  if (name === 'wasm') {
    installWasmMatmul();
    installWasmAdam();
    installWasmTanh();
    installWasmExp();
    installWasmSlice();
    installWasmPad();
    installWasmSum();
    installWasmSoftplus();
  }
  // in Node the wasm heap is made shared, so Ignis's kernels can also run on worker threads
  await withSharedHeap(() => initBackend(name, version === undefined ? undefined : { paths: options.wasmPaths, version }));
  if (name === 'wasm' && wasmPathsUsed === undefined) wasmPathsUsed = options.wasmPaths; // the first initialization's paths stay
  await tf.ready();
  const heap = activeWasmBackend();
  await ensureThreads(heap === undefined ? cpuHeapMemory() : heap.wasm.asm.memory);
}

let wasmPathsUsed: WasmPaths | undefined;

/**
 * The `wasmPaths` the wasm backend was initialized with (`undefined`: its default location, or
 * not initialized): chain Web Workers initialize theirs from the same place.
 * @internal
 */
export const wasmPathsInUse = (): WasmPaths | undefined => wasmPathsUsed;

/** The name of the active backend (`tf.getBackend()`). @category backend @since 0.1.0 */
export function currentBackend(): string {
  return tf.getBackend();
}
