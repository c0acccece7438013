/**
 * Copying a rectangular block of 4-byte elements between two row-major arrays on the wasm heap:
 * the loop `Slice` (block out of a larger array) and `PadV2` (block into a larger array) share.
 * Bytes are moved as they are, so float32 and int32 data are copied bit-exactly.
 *
 * The block's dimensions are first collapsed: a dimension of extent 1 only shifts the start,
 * and two adjacent dimensions whose strides chain in both arrays are one. What remains is a
 * contiguous run, the rows of runs along the next dimension, and an odometer in JavaScript
 * over the dimensions outside those (none for a matrix). One wasm call copies all the rows:
 *
 * - runs of 16 bytes or more: 16-byte SIMD blocks, then the run's last 16 bytes again (the
 *   overlap copies the same bytes twice), no scalar tail;
 * - shorter runs (1–3 elements): 4-byte words;
 * - runs of 768 bytes or more: `memory.copy` per row.
 *
 * Measured here on 256 rows: runs of 8 elements take 0.64 µs (a JavaScript index loop over an
 * `Int32Array` heap view 4.2 µs, `memory.copy` per row 1.65 µs); SIMD and `memory.copy` break
 * even between 128 and 192 elements.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { I32, I32_ADD, I32_SUB, LOAD, STORE, at, countdown, exportsOn, get, i32, loop16, moduleBytes, set, validates, type WasmFunction } from './wasm-asm.js';
import type { WasmBackendLike } from './wasm-heap.js';

/** The wasm backend with its `Int32Array` heap view and 4-byte outputs of either dtype. @internal */
export interface HeapBackend extends WasmBackendLike {
  readonly wasm: WasmBackendLike['wasm'] & { readonly HEAP32: Int32Array };
  makeOutput(shape: readonly number[], dtype: 'float32' | 'int32'): tf.TensorInfo;
}

// params: 0 src, 1 dst (byte offsets), 2 run bytes, 3 rows (≥ 1), 4 source and 5 destination row steps (bytes);
// locals: 6 cursor, 7 offset of the last 16 bytes of a run
const [SRC, DST, RUN, ROWS, SRC_STEP, DST_STEP, C, LAST] = [0, 1, 2, 3, 4, 5, 6, 7];

/** `do { body; src += srcStep; dst += dstStep } while (--rows !== 0)`. */
const eachRow = (body: readonly number[]): number[] =>
  countdown(ROWS, [...body, ...get(SRC), ...get(SRC_STEP), ...I32_ADD, ...set(SRC), ...get(DST), ...get(DST_STEP), ...I32_ADD, ...set(DST)]);

const rowsFunction = (name: string, body: readonly number[]): WasmFunction => ({ name, params: [I32, I32, I32, I32, I32, I32], locals: [[I32, 2]], body });

const COPY_VECTORS = rowsFunction('copyVectors', [
  ...get(RUN), ...i32(16), ...I32_SUB, ...set(LAST),
  ...eachRow([
    ...i32(0), ...set(C),
    ...loop16(C, LAST, [...at(DST, C), ...at(SRC, C), ...LOAD, ...STORE]),
    ...at(DST, LAST), ...at(SRC, LAST), ...LOAD, ...STORE,
  ]),
]);

const COPY_WORDS = rowsFunction('copyWords', eachRow([
  ...i32(0), ...set(C),
  0x02, 0x40, 0x03, 0x40, // block, loop
  ...get(C), ...get(RUN), 0x4f, 0x0d, 1, // if c ≥ run (unsigned): break
  ...at(DST, C), ...at(SRC, C), 0x28, 2, 0, 0x36, 2, 0, // i32.store(dst + c, i32.load(src + c))
  ...get(C), ...i32(4), ...I32_ADD, ...set(C),
  0x0c, 0, 0x0b, 0x0b, // br loop, end loop, end block
]));

const COPY_BULK = rowsFunction('copyBulk', eachRow([...get(DST), ...get(SRC), ...get(RUN), 0xfc, 10, 0, 0])); // memory.copy

/** The module's bytes: `copyVectors`, `copyWords`, `copyBulk`, memory imported as `env.memory`. @internal */
export const BLOCK_MODULE_BYTES = moduleBytes([COPY_VECTORS, COPY_WORDS, COPY_BULK]);

/** Whether this runtime runs the module (wasm SIMD and bulk memory). @internal */
export const blockCopySupported = (): boolean => validates(BLOCK_MODULE_BYTES);

/**
 * A block of extent `shape` at `fromBegin` in a row-major array of shape `from`, to be written
 * at `toBegin` in a row-major array of shape `to` (all of the same rank; the block must lie
 * inside both arrays).
 * @internal
 */
export interface Block {
  readonly shape: readonly number[];
  readonly from: readonly number[];
  readonly fromBegin: readonly number[];
  readonly to: readonly number[];
  readonly toBegin: readonly number[];
}

/** One dimension of a block: its extent and its byte strides in the source and destination. */
interface Dim {
  readonly n: number;
  readonly from: number;
  readonly to: number;
}

/** Row-major byte strides of `shape` for 4-byte elements (the last is 4). */
function stridesOf(shape: readonly number[]): number[] {
  const strides = shape.map(() => 4);
  for (let k = shape.length - 2; k >= 0; k--) strides[k] = strides[k + 1]! * shape[k + 1]!;
  return strides;
}

/**
 * The block's dimensions without those of extent 1, adjacent chained dimensions merged; the
 * last has stride 4 in both arrays: the contiguous run (of one element when the innermost
 * dimension has extent 1).
 */
function collapsed(block: Block, fromStrides: readonly number[], toStrides: readonly number[]): Dim[] {
  const dims: Dim[] = [{ n: 1, from: 4, to: 4 }];
  for (let k = block.shape.length - 1; k >= 0; k--) {
    const dim = { n: block.shape[k]!, from: fromStrides[k]!, to: toStrides[k]! };
    const inner = dims[0]!;
    if (dim.n === 1) continue;
    if (dim.from === inner.n * inner.from && dim.to === inner.n * inner.to) dims[0] = { n: dim.n * inner.n, from: inner.from, to: inner.to };
    else dims.unshift(dim);
  }
  return dims;
}

/**
 * Copy the 4-byte elements of `block` from the array at byte offset `src` on the heap of `b`
 * to the array at byte offset `dst`: `to[toBegin + i] = from[fromBegin + i]` for every index
 * `i` of the block (see the module notes). The arrays must not overlap; the module must
 * validate ({@link blockCopySupported}).
 * @internal
 */
export function copyBlock(b: WasmBackendLike, src: number, dst: number, block: Block): void {
  if (block.shape.some((n) => n === 0)) return;
  const [fromStrides, toStrides] = [stridesOf(block.from), stridesOf(block.to)];
  let s = src + block.fromBegin.reduce((o, i, k) => o + i * fromStrides[k]!, 0);
  let d = dst + block.toBegin.reduce((o, i, k) => o + i * toStrides[k]!, 0);
  const dims = collapsed(block, fromStrides, toStrides);
  const runBytes = dims.pop()!.n * 4;
  const rows = dims.pop() ?? { n: 1, from: 0, to: 0 };
  const fns = exportsOn(BLOCK_MODULE_BYTES, b.wasm.asm.memory);
  const copyRows = runBytes >= 768 ? fns.copyBulk! : runBytes >= 16 ? fns.copyVectors! : fns.copyWords!;
  const planes = dims.reduce((m, dim) => m * dim.n, 1);
  const index = dims.map(() => 0);
  for (let plane = 0; plane < planes; plane++) {
    copyRows(s, d, runBytes, rows.n, rows.from, rows.to);
    for (let k = dims.length - 1; k >= 0; k--) {
      const dim = dims[k]!;
      s += dim.from;
      d += dim.to;
      if (++index[k]! < dim.n) break;
      index[k] = 0;
      s -= dim.n * dim.from;
      d -= dim.n * dim.to;
    }
  }
}
