/**
 * Small matrix products as wasm SIMD functions on the wasm backend's heap, reading both operands
 * where they live, in either layout, with no packing and no transpose:
 *
 *     C[i, j] = Σₖ A(i, k) B(k, j),   A(i, k) at a + i·aRow + k·aK,   B(k, j) at b + k·bK + 4j,
 *
 * so `A` may be stored `[M, K]` (`aRow = 4K`, `aK = 4`) or transposed, `[K, M]` (`aRow = 4`,
 * `aK = 4M`); `B` is stored `[K, N]` (a transposed `B` is copied to `[K, N]` first, see
 * `wasm-matmul.ts`).
 *
 * The micro-kernel keeps a 4 × 8 tile of `C` in eight `f32x4` registers: per `k` it loads the
 * tile's eight `B` values (two vectors) and its four `A` values (each splatted to four lanes) and
 * does 8 multiplies and 8 adds, 32 multiply-adds in ~30 instructions. Edge strips of
 * `M mod 4` rows and `N mod 8 = 4` columns run 1-row and 4-column variants of the same loop.
 * Each product accumulates over `k` in order in float32, as XNNPACK's kernels do.
 *
 * Why: XNNPACK, behind tfjs-backend-wasm's `BatchMatMul`, packs its right operand into a new
 * operator whenever that tensor is new — every step for a network's weights and for every
 * gradient product, ~50 µs for a `[256, 64]` operand — and tfjs sends transposed operands to a
 * scalar loop. See the measured figures in `wasm-matmul.ts`.
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
  exportsOn,
  f32,
  get,
  i32,
  loadAt,
  moduleBytes,
  set,
  storeAt,
  validates,
  type KernelExport,
  type WasmFunction,
} from './wasm-asm.js';

// params: 0 a, 1 b, 2 c, 3 bias (byte offsets), 4 row tiles, 5 column tiles, 6 K, 7 aRow, 8 aK, 9 bK, 10 cRow (bytes)
const [A, B, C, BIAS, ROW_TILES, COL_TILES, K, A_ROW, A_K, B_K, C_ROW] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
// i32 locals: 11 column tile counter, 12 k counter, 13 B pointer, 14 B column start, 15 C column start, 16 bias column start, 17… A row pointers
const [COL, KK, PB, BJ, CJ, BIAS_J, PA] = [11, 12, 13, 14, 15, 16, 17];

const add = (local: number, step: readonly number[]): number[] => [...get(local), ...step, ...I32_ADD, ...set(local)];

/**
 * The function computing `rowTiles × colTiles` tiles of `rows × 4·vectors` elements of `C`
 * (see the module notes for the addressing), `withBias` adding the bias row at `bias` to each
 * sum before storing it (as a separate `add` would, so the result is the same bit for bit).
 */
function gemmFunction(rows: number, vectors: number, withBias: boolean): WasmFunction {
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
    ...rowsOf.flatMap((r) => [...rowAddress(A, A_ROW, r), ...set(PA + r)]),
    ...get(BJ), ...set(PB), ...get(K), ...set(KK),
    ...countdown(KK, kStep),
    ...(withBias ? vectorsOf.flatMap((v) => [...get(BIAS_J), ...loadAt(16 * v), ...set(bv(v))]) : []),
    ...rowsOf.flatMap((r) =>
      vectorsOf.flatMap((v) => [...rowAddress(CJ, C_ROW, r), ...get(acc(r, v)), ...(withBias ? [...get(bv(v)), ...F32X4.add] : []), ...storeAt(16 * v)]),
    ),
    ...[BJ, CJ, BIAS_J].flatMap((local) => add(local, i32(16 * vectors))),
  ];
  const rowTile = [
    ...get(B), ...set(BJ), ...get(C), ...set(CJ), ...get(BIAS), ...set(BIAS_J), ...get(COL_TILES), ...set(COL),
    ...countdown(COL, tile),
    ...add(A, rowAddress(A_ROW, A_ROW, rows - 1)), // a += rows·aRow
    ...add(C, rowAddress(C_ROW, C_ROW, rows - 1)), // c += rows·cRow
  ];
  return {
    name: `gemm${rows}x${4 * vectors}${withBias ? 'bias' : ''}`,
    params: Array<number>(11).fill(I32),
    locals: [[I32, 6 + rows], [V128, 1 + rows * vectors + vectors + 1]],
    body: [...f32(0), ...SPLAT, ...set(zero), ...countdown(ROW_TILES, rowTile)],
  };
}

/** Tile shapes `[rows, vectors]`: the 4 × 8 kernel and its edge strips. */
const TILES = [[4, 2], [4, 1], [1, 2], [1, 1]] as const;

/**
 * The module's bytes: `gemm4x8`, `gemm4x4`, `gemm1x8`, `gemm1x4` and the same with a bias
 * (`gemm4x8bias`, …), memory imported as `env.memory`.
 * @internal
 */
export const GEMM_MODULE_BYTES = moduleBytes([false, true].flatMap((withBias) => TILES.map(([rows, vectors]) => gemmFunction(rows, vectors, withBias))));

let supported: boolean | undefined;

/** Whether this runtime runs the module (wasm SIMD). @internal */
export function gemmSupported(): boolean {
  return (supported ??= validates(GEMM_MODULE_BYTES));
}

/** Where the operands of one product live on the heap (byte offsets and byte strides). @internal */
export interface GemmOperands {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly aRow: number;
  readonly aK: number;
  /** `B`'s row stride in bytes (`4N` for a dense `[K, N]`). */
  readonly bK: number;
  /** The byte offset of a bias row of `N` floats added to every row of `C`, if any. */
  readonly bias?: number;
}

/**
 * `C = A B (+ 1 biasᵀ)` on the heap of `memory` (see the module notes): `n` must be a multiple of
 * 4 and `k` at least 1; `C` is written densely as `[M, N]`.
 * @internal
 */
export function gemm(memory: object, p: GemmOperands): void {
  const all = exportsOn(GEMM_MODULE_BYTES, memory);
  const suffix = p.bias === undefined ? '' : 'bias';
  const fns = { gemm4x8: all[`gemm4x8${suffix}`], gemm4x4: all[`gemm4x4${suffix}`], gemm1x8: all[`gemm1x8${suffix}`], gemm1x4: all[`gemm1x4${suffix}`] };
  const cRow = 4 * p.n;
  const m4 = p.m - (p.m % 4);
  const n8 = p.n - (p.n % 8);
  const strips: readonly (readonly [KernelExport | undefined, number, number, number, number])[] = [
    [fns.gemm4x8, 0, 0, m4 / 4, n8 / 8],
    [fns.gemm4x4, 0, n8, m4 / 4, (p.n - n8) / 4],
    [fns.gemm1x8, m4, 0, p.m - m4, n8 / 8],
    [fns.gemm1x4, m4, n8, p.m - m4, (p.n - n8) / 4],
  ];
  for (const [fn, row, col, rowTiles, colTiles] of strips) {
    if (rowTiles === 0 || colTiles === 0) continue;
    fn!(p.a + row * p.aRow, p.b + 4 * col, p.c + row * cRow + 4 * col, (p.bias ?? 0) + 4 * col, rowTiles, colTiles, p.k, p.aRow, p.aK, p.bK, cRow);
  }
}
