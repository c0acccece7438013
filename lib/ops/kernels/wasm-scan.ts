/**
 * Validation scans on the wasm heap: whether a float32 array holds a NaN (`notNaN`: the support
 * `real`, e.g. a Bernoulli's logits) or a NaN or ±∞ (`finite`), as one branch-free SIMD pass:
 *
 *     notNaN:  flag = any lane of OR over blocks of (v ≠ v),
 *     finite:  flag = any lane of OR over blocks of (d ≠ d),  d = v − v   (NaN exactly for NaN, ±∞).
 *
 * Distributions validate their parameters on every SVI step (`distributions/util.ts`); over a
 * logistic regression's 10⁶ logits the JavaScript loop costs ~1 ms, this pass ~0.15 ms. Only
 * the verdict comes from here: when the flag is set, the JavaScript loop finds the first
 * offending element for the error message.
 *
 * @module
 */
import { F32X4, I32, V128, at, exportsOn, f32x4, get, loadAt, loop16, moduleBytes, set, validates, type WasmFunction } from './wasm-asm.js';
import { heapScratch, type WasmBackendLike } from './wasm-heap.js';

const F32X4_NE = [0xfd, 0x42];
const V128_OR = [0xfd, 0x50];
const V128_ANY_TRUE = [0xfd, 0x53];
const I32_STORE = [0x36, 2, 0];

// params: 0 x (byte offset), 1 bytes (a multiple of 16), 2 flag (byte offset of an i32); locals: 3 cursor, 4 acc, 5 v
const [X, BYTES, FLAG, O, ACC, V] = [0, 1, 2, 3, 4, 5];

/** The scan `name`: `test` maps the block in local `v` to a lane mask (all ones where it fails). */
const scan = (name: string, test: readonly number[]): WasmFunction => ({
  name,
  params: [I32, I32, I32],
  locals: [[I32, 1], [V128, 2]],
  body: [
    ...f32x4(0), ...set(ACC),
    ...loop16(O, BYTES, [...at(X, O), ...loadAt(0), ...set(V), ...get(ACC), ...test, ...V128_OR, ...set(ACC)]),
    ...get(FLAG), ...get(ACC), ...V128_ANY_TRUE, ...I32_STORE,
  ],
});

const NOT_NAN = scan('anyNaN', [...get(V), ...get(V), ...F32X4_NE]);
const FINITE = scan('anyNonFinite', [...get(V), ...get(V), ...F32X4.sub, ...set(V), ...get(V), ...get(V), ...F32X4_NE]);

/** The module's bytes: `anyNaN`, `anyNonFinite`, memory imported as `env.memory`. @internal */
export const SCAN_MODULE_BYTES = moduleBytes([NOT_NAN, FINITE]);

/** Arrays below this many elements are left to the JavaScript loop. */
const SCAN_FROM = 4096;
/** The heap scratch slot of the scan's flag (the matrix product uses 0 … threads − 1, the density kernels 64). */
const FLAG_SLOT = 65;

/** The scans this module runs. @internal */
export type ScanKind = 'notNaN' | 'finite';

/**
 * The heap offset of the scan's flag on `b` when an array of `n` elements is worth scanning
 * there, else −1. Call it BEFORE taking views of the heap (it may allocate).
 * @internal
 */
export function scanFlag(b: WasmBackendLike | undefined, n: number): number {
  return b === undefined || n < SCAN_FROM || !validates(SCAN_MODULE_BYTES) ? -1 : heapScratch(b, FLAG_SLOT, 16);
}

/**
 * Whether every element of `values` passes `kind` — `false` when some fails OR when `values` is
 * not a view of the heap of `b` (then the caller checks in JavaScript). `flag` from {@link scanFlag}.
 * @internal
 */
export function passesOnHeap(b: WasmBackendLike, values: ArrayLike<number>, kind: ScanKind, flag: number): boolean {
  if (!(values instanceof Float32Array) || values.buffer !== b.wasm.HEAPF32.buffer || values.byteOffset % 4 !== 0) return false;
  const whole = values.length - (values.length % 4);
  exportsOn(SCAN_MODULE_BYTES, b.wasm.asm.memory)[kind === 'notNaN' ? 'anyNaN' : 'anyNonFinite']!(values.byteOffset, 4 * whole, flag);
  if (new Int32Array(b.wasm.HEAPF32.buffer, flag, 1)[0] !== 0) return false;
  for (let i = whole; i < values.length; i++) {
    const v = values[i]!;
    if (kind === 'notNaN' ? v !== v : v - v !== 0) return false;
  }
  return true;
}
