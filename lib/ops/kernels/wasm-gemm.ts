/**
 * The matrix product's tile kernels, wasm SIMD functions on the wasm backend's heap:
 *
 *     C[i, j] = Σₖ A(i, k) B(k, j)  (+ bias[j]),   A(i, k) at a + i·aRow + k·aK,   B(k, j) at b + k·bK + 4j′,
 *
 * for column tiles of 8 (`j′` the column within its tile; tile `t` starts at `b + t·bTile`), so
 * `A` is read where it lives in either layout — `[M, K]` (`aRow = 4K`, `aK = 4`) or transposed,
 * `[K, M]` (`aRow = 4`, `aK = 4M`) — and `B` either in place (a `[K, N]` operand: `bK = 4N`,
 * `bTile = 32`) or packed into panels (`wasm-pack.ts`: `bK = 32`, `bTile = 32K`).
 *
 * The micro-kernel keeps a 4 × 8 tile of `C` in eight `f32x4` registers: per `k` it loads the
 * tile's eight `B` values (two vectors) and its four `A` values (each splatted to four lanes) and
 * does 8 multiplies and 8 adds, 32 multiply-adds in ~30 instructions: ~40 GFLOP/s on one core of
 * this machine kind (measured on `[128, 400] × [400, 784]`; 6 × 8, 5 × 8, 4 × 12 and 2 × 16 tiles
 * and unrolling `k` by two or four all measured 20–35 % slower: V8 has 15 vector registers to
 * allocate). A strip of `M mod 4` rows runs the 1-row variant. Each product accumulates over `k`
 * in order in float32, as XNNPACK's kernels do.
 *
 * Column tiles are the outer loop and row tiles the inner one: a packed panel of `B` (`32K`
 * bytes) stays in L1 while all of `A` passes over it from L2.
 *
 * @module
 */
import {
  F32X4,
  I32,
  I32_ADD,
  LOAD32_SPLAT,
  SPLAT,
  V128,
  countdown,
  f32,
  get,
  i32,
  loadAt,
  moduleBytes,
  set,
  storeAt,
  validates,
  type WasmFunction,
} from './wasm-asm.js';

// params: 0 a, 1 b, 2 c, 3 bias (byte offsets), 4 row tiles, 5 column tiles, 6 K, 7 aRow, 8 aK, 9 bK, 10 cRow, 11 bTile
const [A, B, C, BIAS, ROW_TILES, COL_TILES, K, A_ROW, A_K, B_K, C_ROW, B_TILE] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
// i32 locals: 12 row tile counter, 13 k counter, 14 B pointer, 15 A row-tile start, 16 C row-tile start, 17… A row pointers
const [ROW, KK, PB, AI, CI, PA] = [12, 13, 14, 15, 16, 17];

const add = (local: number, step: readonly number[]): number[] => [...get(local), ...step, ...I32_ADD, ...set(local)];

/**
 * The function computing `rowTiles × colTiles` tiles of `rows × 8` elements of `C` (see the
 * module notes for the addressing), `withBias` adding the bias row at `bias` to each sum before
 * storing it (as a separate `add` would, so the result is the same bit for bit).
 */
function gemmFunction(rows: number, withBias: boolean): WasmFunction {
  const vectors = 2;
  const zero = PA + rows; // v128 locals: zero, then the accumulators, the B vectors, the splat
  const acc = (r: number, v: number): number => zero + 1 + r * vectors + v;
  const bv = (v: number): number => zero + 1 + rows * vectors + v;
  const splat = zero + 1 + rows * vectors + vectors;
  const rowsOf = Array.from({ length: rows }, (_, r) => r);
  const vectorsOf = Array.from({ length: vectors }, (_, v) => v);
  /** The address `base + r·stride` on the stack (r additions: r ≤ 3). */
  const rowAddress = (base: number, stride: number, r: number): number[] => [...get(base), ...Array.from({ length: r }, () => [...get(stride), ...I32_ADD]).flat()];
  const kStep = [
    ...vectorsOf.flatMap((v) => [...get(PB), ...loadAt(16 * v), ...set(bv(v))]),
    ...rowsOf.flatMap((r) => [
      ...get(PA + r), ...LOAD32_SPLAT, ...set(splat),
      ...vectorsOf.flatMap((v) => [...get(acc(r, v)), ...get(splat), ...get(bv(v)), ...F32X4.mul, ...F32X4.add, ...set(acc(r, v))]),
    ]),
    ...rowsOf.flatMap((r) => add(PA + r, get(A_K))),
    ...add(PB, get(B_K)),
  ];
  const tile = [
    ...rowsOf.flatMap((r) => vectorsOf.flatMap((v) => [...get(zero), ...set(acc(r, v))])),
    ...rowsOf.flatMap((r) => [...rowAddress(AI, A_ROW, r), ...set(PA + r)]),
    ...get(B), ...set(PB), ...get(K), ...set(KK),
    ...countdown(KK, kStep),
    ...(withBias ? vectorsOf.flatMap((v) => [...get(BIAS), ...loadAt(16 * v), ...set(bv(v))]) : []),
    ...rowsOf.flatMap((r) =>
      vectorsOf.flatMap((v) => [...rowAddress(CI, C_ROW, r), ...get(acc(r, v)), ...(withBias ? [...get(bv(v)), ...F32X4.add] : []), ...storeAt(16 * v)]),
    ),
    ...add(AI, rowAddress(A_ROW, A_ROW, rows - 1)), // a += rows·aRow
    ...add(CI, rowAddress(C_ROW, C_ROW, rows - 1)), // c += rows·cRow
  ];
  const columnTile = [
    ...get(A), ...set(AI), ...get(C), ...set(CI), ...get(ROW_TILES), ...set(ROW),
    ...countdown(ROW, tile),
    ...add(B, get(B_TILE)),
    ...add(C, i32(32)),
    ...add(BIAS, i32(32)),
  ];
  return {
    name: `gemm${rows}x8${withBias ? 'bias' : ''}`,
    params: Array<number>(12).fill(I32),
    locals: [[I32, 5 + rows], [V128, 1 + rows * vectors + vectors + 1]],
    body: [...f32(0), ...SPLAT, ...set(zero), ...countdown(COL_TILES, columnTile)],
  };
}

/**
 * The module's bytes: `gemm4x8`, `gemm1x8` and the same with a bias (`gemm4x8bias`,
 * `gemm1x8bias`), memory imported as `env.memory`.
 * @internal
 */
export const GEMM_MODULE_BYTES = moduleBytes([false, true].flatMap((withBias) => [4, 1].map((rows) => gemmFunction(rows, withBias))));

let supported: boolean | undefined;

/** Whether this runtime runs the module (wasm SIMD). @internal */
export function gemmSupported(): boolean {
  return (supported ??= validates(GEMM_MODULE_BYTES));
}
