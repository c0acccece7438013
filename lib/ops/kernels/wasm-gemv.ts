/**
 * The matrix product's one-column and one-row cases (`gemm-plan.ts`), where the tiled kernel
 * would waste seven of its eight columns:
 *
 * - `dots`: `c[i] = Σₖ P[i, k] v[k]` for `L` rows of `P` contiguous along `k` (row stride
 *   `pRow` bytes), `K ≥ 4`: four products per instruction along `k` into one register per row,
 *   the `K mod 4` last ones from the row's last four floats with the lanes already summed masked
 *   out, then the lanes summed as `(0 + 1) + (2 + 3)`; four rows at a time, their four sums
 *   transposed into one register (the same additions as one row alone). Serves `A v` (a
 *   matrix–vector product, `A` stored `[M, K]`) and `u Bᵀ` (`B` stored `[N, K]`).
 * - `axpys1` … `axpys4`: `c[0 : L] = Σₖ v[k] P[k, 0 : L]` for `4 ≤ L ≤ 16` columns of rows of `P`
 *   `pK` bytes apart, in 1–4 registers of four columns, the last register at byte offset `last`
 *   (`4(L − 4)` when `L` is not a multiple of 4: it overlaps the one before, and the overlapping
 *   columns get the same sums in the same order, so the same bits). Serves `Aᵀ v` (`A` stored
 *   `[K, M]`) and `u B` (`B` stored `[K, N]`) in blocks of 16 columns.
 *
 * Both accumulate in float32 in order along `k` (per lane for `dots`), like the tiled kernel.
 *
 * @module
 */
import {
  F32X4,
  I32,
  I32_ADD,
  I32_SUB,
  LOAD,
  LOAD32_SPLAT,
  SPLAT,
  V128,
  countdown,
  f32,
  f32StoreAt,
  f32x4Extract,
  get,
  i32,
  loadAt,
  ifThen,
  moduleBytes,
  set,
  shuffle32,
  storeAt,
  tee,
  type WasmFunction,
} from './wasm-asm.js';

const add = (local: number, step: readonly number[]): number[] => [...get(local), ...step, ...I32_ADD, ...set(local)];
const I32_SHR_U = [0x76];
const I32_AND = [0x71];
const I32_SHL = [0x74];

// dots — params: 0 p, 1 v, 2 c, 3 L, 4 K, 5 pRow
// i32 locals: 6 k counter, 7 vp, 8 K/4, 9 tail offset (4K − 16), 10 row-group counter, 11–14 row pointers, 15 pRow·4
// v128 locals: 16–19 accumulators, 20 v's last four (overlapping) floats, 21 the tail mask, 22 a v chunk, 23 u₀, 24 u₁
const [KC, VP, K4, TAIL, GROUP, PR, P4] = [6, 7, 8, 9, 10, 11, 15];
const [ACC, VT, MASK, VX, U0, U1] = [16, 20, 21, 22, 23, 24];
const I32X4_GE_S = [0xfd, 0x3f]; // i32x4.ge_s
const V128_AND = [0xfd, 0x4e]; // v128.and
const I32X4_SPLAT = [0xfd, 0x11];
const iota = [0xfd, 0x0c, ...[0, 1, 2, 3].flatMap((i) => [i, 0, 0, 0])]; // v128.const i32x4 0 1 2 3

/**
 * The sums of `rows` rows (1 or 4) at the row pointers into their accumulators: K/4 chunks of
 * four, then the last four floats again with the lanes already summed masked out (no scalar
 * tail, no read past a row), each row in the same order.
 */
const rowSums = (rows: number): number[] => {
  const rs = Array.from({ length: rows }, (_, r) => r);
  return [
    ...rs.flatMap((r) => [...f32(0), ...SPLAT, ...set(ACC + r)]),
    ...get(1), ...set(VP),
    ...get(K4), ...set(KC),
    ...countdown(KC, [
      ...get(VP), ...LOAD, ...set(VX),
      ...rs.flatMap((r) => [...get(ACC + r), ...get(PR + r), ...LOAD, ...get(VX), ...F32X4.mul, ...F32X4.add, ...set(ACC + r), ...add(PR + r, i32(16))]),
      ...add(VP, i32(16)),
    ]),
    ...get(TAIL), ...ifThen(rs.flatMap((r) => [
      ...get(ACC + r), ...get(PR + r), ...get(K4), ...i32(4), ...I32_SHL, ...I32_SUB, ...get(TAIL), ...I32_ADD, ...LOAD, ...get(VT), ...F32X4.mul, ...get(MASK), ...V128_AND, ...F32X4.add, ...set(ACC + r),
    ])),
  ];
};
/** `(lanes 0 + 1) + (lanes 2 + 3)` of accumulators 0–3 as one vector (a transposing sum). */
const groupSums = [
  ...get(ACC), ...get(ACC + 1), ...shuffle32([0, 4, 2, 6]), ...get(ACC), ...get(ACC + 1), ...shuffle32([1, 5, 3, 7]), ...F32X4.add, ...set(U0),
  ...get(ACC + 2), ...get(ACC + 3), ...shuffle32([0, 4, 2, 6]), ...get(ACC + 2), ...get(ACC + 3), ...shuffle32([1, 5, 3, 7]), ...F32X4.add, ...set(U1),
  ...get(U0), ...get(U1), ...shuffle32([0, 1, 4, 5]), ...get(U0), ...get(U1), ...shuffle32([2, 3, 6, 7]), ...F32X4.add,
];
/** The same order for one accumulator: `(l0 + l1) + (l2 + l3)`. */
const oneSum = [
  ...get(ACC), ...get(ACC), ...get(ACC), ...shuffle32([1, 0, 3, 2]), ...F32X4.add, ...tee(U0),
  ...get(U0), ...get(U0), ...shuffle32([2, 3, 0, 1]), ...F32X4.add, ...f32x4Extract(0),
];
const DOTS: WasmFunction = {
  name: 'dots',
  params: Array<number>(6).fill(I32),
  locals: [[I32, 10], [V128, 9]],
  body: [
    ...get(4), ...i32(2), ...I32_SHR_U, ...set(K4),
    // tail: K mod 4 ≠ 0 → offset 4K − 16 (else 0), mask lanes ≥ 4 − K mod 4
    ...get(4), ...i32(3), ...I32_AND, ...tee(TAIL),
    ...ifThen([
      ...iota, ...i32(4), ...get(TAIL), ...I32_SUB, ...I32X4_SPLAT, ...I32X4_GE_S, ...set(MASK),
      ...get(4), ...i32(2), ...I32_SHL, ...i32(16), ...I32_SUB, ...set(TAIL),
      ...get(1), ...get(TAIL), ...I32_ADD, ...LOAD, ...set(VT),
    ]),
    ...get(5), ...i32(2), ...I32_SHL, ...set(P4),
    ...get(3), ...i32(2), ...I32_SHR_U, ...tee(GROUP),
    ...ifThen(countdown(GROUP, [
      ...[0, 1, 2, 3].flatMap((r) => [...get(0), ...Array.from({ length: r }, () => [...get(5), ...I32_ADD]).flat(), ...set(PR + r)]),
      ...rowSums(4),
      ...get(2), ...groupSums, ...storeAt(0),
      ...add(2, i32(16)), ...add(0, get(P4)),
    ])),
    ...get(3), ...i32(3), ...I32_AND, ...tee(GROUP),
    ...ifThen(countdown(GROUP, [
      ...get(0), ...set(PR),
      ...rowSums(1),
      ...get(2), ...oneSum, ...f32StoreAt(0),
      ...add(2, i32(4)), ...add(0, get(5)),
    ])),
  ],
};

/** `axpys{vectors}` — params: 0 p, 1 v, 2 c, 3 K, 4 pK, 5 vK, 6 last; locals: 7 pl (p + last), 8 splat, 9… accumulators. */
function axpys(vectors: number): WasmFunction {
  const acc = (q: number): number => 9 + q;
  const load = (q: number): number[] => (q === vectors - 1 ? [...get(7), ...LOAD] : [...get(0), ...loadAt(16 * q)]);
  return {
    name: `axpys${vectors}`,
    params: Array<number>(7).fill(I32),
    locals: [[I32, 1], [V128, 1 + vectors]],
    body: [
      ...Array.from({ length: vectors }, (_, q) => [...f32(0), ...SPLAT, ...set(acc(q))]).flat(),
      ...countdown(3, [
        ...get(0), ...get(6), ...I32_ADD, ...set(7),
        ...get(1), ...LOAD32_SPLAT, ...set(8),
        ...Array.from({ length: vectors }, (_, q) => [...get(acc(q)), ...get(8), ...load(q), ...F32X4.mul, ...F32X4.add, ...set(acc(q))]).flat(),
        ...add(0, get(4)), ...add(1, get(5)),
      ]),
      ...Array.from({ length: vectors }, (_, q) => [...(q === vectors - 1 ? [...get(2), ...get(6), ...I32_ADD] : get(2)), ...get(acc(q)), ...storeAt(q === vectors - 1 ? 0 : 16 * q)]).flat(),
    ],
  };
}

/** The module's bytes: `dots`, `axpys1` … `axpys4`. @internal */
export const GEMV_MODULE_BYTES = moduleBytes([DOTS, ...[1, 2, 3, 4].map(axpys)]);
