/**
 * Packing for the matrix product (`wasm-gemm.ts`, `gemm-plan.ts`): a right operand `B` copied
 * into panels of 8 columns, each panel `K` rows of 8 consecutive floats (32 bytes per `k`), so
 * the product's inner loop reads its `B` values from one small contiguous block that stays in
 * L1 while every row tile of `A` passes over it.
 *
 * - `packRows`: `B(k, j)` at `src + k·srcK + 4j` (a `[K, N]` operand): two 16-byte copies per `k`.
 * - `packCols`: `B(k, j)` at `src + 4k + j·srcJ` (a transposed operand, stored `[N, K]`): 4 × 4
 *   blocks transposed with shuffles, 16 floats per eight instructions; the `K mod 4` last rows
 *   one float at a time.
 * - `packEdge`: a last panel of `cols < 8` columns in either layout, float by float, the rest of
 *   each 32-byte row zeroed.
 * - `copyTile`: `rows × cols` floats from a tile computed into scratch (the last panel's) to `C`.
 *
 * @module
 */
import {
  I32,
  I32_ADD,
  STORE,
  V128,
  countdown,
  f32LoadAt,
  f32StoreAt,
  f32x4,
  get,
  i32,
  ifThen,
  loadAt,
  moduleBytes,
  set,
  shuffle32,
  storeAt,
  type WasmFunction,
} from './wasm-asm.js';

const add = (local: number, step: readonly number[]): number[] => [...get(local), ...step, ...I32_ADD, ...set(local)];
const I32_SHR_U = [0x76];
const I32_AND = [0x71];

// packRows — params: 0 src, 1 dst, 2 K, 3 srcK, 4 panels, 5 srcPanel, 6 dstPanel; locals: 7 s, 8 d, 9 k
const PACK_ROWS: WasmFunction = {
  name: 'packRows',
  params: Array<number>(7).fill(I32),
  locals: [[I32, 3]],
  body: countdown(4, [
    ...get(0), ...set(7), ...get(1), ...set(8), ...get(2), ...set(9),
    ...countdown(9, [
      ...get(8), ...get(7), ...loadAt(0), ...storeAt(0),
      ...get(8), ...get(7), ...loadAt(16), ...storeAt(16),
      ...add(7, get(3)), ...add(8, i32(32)),
    ]),
    ...add(0, get(5)), ...add(1, get(6)),
  ]),
};

// packCols — params: 0 src, 1 dst, 2 K, 3 srcJ, 4 panels, 5 srcPanel, 6 dstPanel
// i32 locals: 7 s, 8 d, 9 k counter, 10 srcJ·2, 11 srcJ·3, 12 srcJ·4; v128 locals: 13–16 rows, 17–20 half-transposed
const [S, D, KC, J2, J3, J4] = [7, 8, 9, 10, 11, 12];
const ROW = (r: number): number => 13 + r;
const T = (q: number): number => 17 + q;
/** The address of column `j` (0–7) at the cursor: s + j·srcJ. */
const columnAddress = (j: number): number[] => {
  const base = j >= 4 ? [...get(S), ...get(J4), ...I32_ADD] : get(S);
  const r = j % 4;
  return r === 0 ? base : [...base, ...get(r === 1 ? 3 : r === 2 ? J2 : J3), ...I32_ADD];
};
/** Four k values of columns `4h … 4h + 3` transposed into four k rows of four columns, stored at `d + 32q + 16h`. */
const transposeHalf = (h: number): number[] => [
  ...[0, 1, 2, 3].flatMap((r) => [...columnAddress(4 * h + r), ...loadAt(0), ...set(ROW(r))]),
  ...get(ROW(0)), ...get(ROW(1)), ...shuffle32([0, 4, 1, 5]), ...set(T(0)),
  ...get(ROW(2)), ...get(ROW(3)), ...shuffle32([0, 4, 1, 5]), ...set(T(1)),
  ...get(ROW(0)), ...get(ROW(1)), ...shuffle32([2, 6, 3, 7]), ...set(T(2)),
  ...get(ROW(2)), ...get(ROW(3)), ...shuffle32([2, 6, 3, 7]), ...set(T(3)),
  ...[0, 1, 2, 3].flatMap((q) => [...get(D), ...get(T(q < 2 ? 0 : 2)), ...get(T(q < 2 ? 1 : 3)), ...shuffle32(q % 2 === 0 ? [0, 1, 4, 5] : [2, 3, 6, 7]), ...storeAt(32 * q + 16 * h)]),
];
const PACK_COLS: WasmFunction = {
  name: 'packCols',
  params: Array<number>(7).fill(I32),
  locals: [[I32, 6], [V128, 8]],
  body: [
    ...get(3), ...get(3), ...I32_ADD, ...set(J2), ...get(J2), ...get(3), ...I32_ADD, ...set(J3), ...get(J2), ...get(J2), ...I32_ADD, ...set(J4),
    ...countdown(4, [
      ...get(0), ...set(S), ...get(1), ...set(D),
      ...get(2), ...i32(2), ...I32_SHR_U, ...set(KC),
      ...get(KC), ...ifThen(countdown(KC, [...transposeHalf(0), ...transposeHalf(1), ...add(S, i32(16)), ...add(D, i32(128))])),
      ...get(2), ...i32(3), ...I32_AND, ...set(KC),
      ...get(KC), ...ifThen(countdown(KC, [
        ...Array.from({ length: 8 }, (_, j) => [...get(D), ...columnAddress(j), ...f32LoadAt(0), ...f32StoreAt(4 * j)]).flat(),
        ...add(S, i32(4)), ...add(D, i32(32)),
      ])),
      ...add(0, get(5)), ...add(1, get(6)),
    ]),
  ],
};

// packEdge — params: 0 src, 1 dst, 2 K, 3 srcK, 4 srcJ, 5 cols; locals: 6 k counter, 7 j counter, 8 sp, 9 dp
const PACK_EDGE: WasmFunction = {
  name: 'packEdge',
  params: Array<number>(6).fill(I32),
  locals: [[I32, 4]],
  body: [
    ...get(2), ...set(6),
    ...countdown(6, [
      ...get(1), ...f32x4(0), ...STORE, ...get(1), ...f32x4(0), ...storeAt(16),
      ...get(0), ...set(8), ...get(1), ...set(9), ...get(5), ...set(7),
      ...countdown(7, [...get(9), ...get(8), ...f32LoadAt(0), ...f32StoreAt(0), ...add(8, get(4)), ...add(9, i32(4))]),
      ...add(0, get(3)), ...add(1, i32(32)),
    ]),
  ],
};

// copyTile — params: 0 src, 1 dst, 2 rows, 3 cols, 4 srcRow, 5 dstRow; locals: 6 j counter, 7 sp, 8 dp
const COPY_TILE: WasmFunction = {
  name: 'copyTile',
  params: Array<number>(6).fill(I32),
  locals: [[I32, 3]],
  body: countdown(2, [
    ...get(0), ...set(7), ...get(1), ...set(8), ...get(3), ...set(6),
    ...countdown(6, [...get(8), ...get(7), ...f32LoadAt(0), ...f32StoreAt(0), ...add(7, i32(4)), ...add(8, i32(4))]),
    ...add(0, get(4)), ...add(1, get(5)),
  ]),
};

/** The packing module's bytes (`packRows`, `packCols`, `packEdge`, `copyTile`). @internal */
export const PACK_MODULE_BYTES = moduleBytes([PACK_ROWS, PACK_COLS, PACK_EDGE, COPY_TILE]);
