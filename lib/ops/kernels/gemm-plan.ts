/**
 * One matrix product `C = op(A) op(B) (+ 1 biasᵀ)` on the heap as call lists (`kernel-table.ts`)
 * for the tile kernels (`wasm-gemm.ts`), the packing (`wasm-pack.ts`) and the one-column and
 * one-row kernels (`wasm-gemv.ts`), split into `parts` independent call lists that may run on
 * different threads:
 *
 * - `N = 1`, `A` stored `[M, K]` (a matrix–vector product), or `M = 1`, `B` stored `[N, K]`,
 *   with `K ≥ 4`: `dots` over the rows, split by rows.
 * - `N = 1`, `A` stored `[K, M]`, `M ≥ 4`, or `M = 1`, `B` stored `[K, N]`, `N ≥ 4`: `axpys` in
 *   blocks of 16 columns. With `K > CHUNK` the `k` range is cut into chunks of `CHUNK` whose
 *   partial sums `finish` adds in chunk order (in float64, rounded once): the chunks, not the
 *   threads, fix the order, so the result does not depend on the number of parts.
 * - Everything else: tiles of 4 × 8, `B` read in place when it is a small (≤ 64 Ki elements)
 *   untransposed operand, else packed into panels of 8 columns; the last `N mod 8` columns are
 *   packed zero-padded and computed into a scratch tile, then copied. Split by panels (each part
 *   packs its own), or by rows when there are too few panels (each part packs all of `B`).
 *
 * Every element is computed by the same instructions in the same order whatever the split, so
 * results are bit-identical for any number of parts.
 *
 * @module
 */
import { kernelIds, pushCall } from './kernel-table.js';
import { GEMM_MODULE_BYTES } from './wasm-gemm.js';
import { GEMV_MODULE_BYTES } from './wasm-gemv.js';
import { PACK_MODULE_BYTES } from './wasm-pack.js';

/** Where one product's operands live (byte offsets) and its shape. @internal */
export interface Product {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transposeA: boolean;
  readonly transposeB: boolean;
  /** A bias row of `N` floats added to every finished row of `C`. */
  readonly bias?: number;
}

/** A product's call lists, one per part, and what runs after all of them. @internal */
export interface Plan {
  readonly parts: readonly (readonly number[])[];
  /** Work after the parts (summing chunk partials), given the heap's float32 view. */
  readonly finish?: (heap: Float32Array) => void;
}

/** Scratch memory of `bytes` for part `part` (a byte offset on the heap, 16-byte aligned). @internal */
export type Scratch = (part: number, bytes: number) => number;

/** Rows of `k` per `axpys` chunk (the summation order's only parameter). @internal */
export const CHUNK = 16384;
/** Right operands up to this many elements are read in place when untransposed. */
const IN_PLACE = 65536;

let knownIds: Readonly<Record<string, number>> | undefined;
/** The kernels' ids (registering their modules on first use; built once: a plan is made per product). */
const ids = (): Readonly<Record<string, number>> => (knownIds ??= { ...kernelIds(GEMM_MODULE_BYTES), ...kernelIds(PACK_MODULE_BYTES), ...kernelIds(GEMV_MODULE_BYTES) });

/** `[from, to)` ranges cutting `count` items into `parts` near-equal pieces (empty ones dropped). */
function ranges(count: number, parts: number, unit = 1): (readonly [number, number])[] {
  const units = Math.ceil(count / unit);
  const n = Math.max(1, Math.min(parts, units));
  return Array.from({ length: n }, (_, p) => [Math.min(count, Math.floor((p * units) / n) * unit), Math.min(count, Math.floor(((p + 1) * units) / n) * unit)] as const).filter(([f, t]) => t > f);
}

/** Whether the product takes the `axpys` route, and with which operands. */
function axpysOperands(p: Product): { readonly pOff: number; readonly pK: number; readonly v: number; readonly l: number } | undefined {
  if (p.n === 1 && p.transposeA && p.m >= 4) return { pOff: p.a, pK: 4 * p.m, v: p.b, l: p.m };
  if (p.m === 1 && !p.transposeB && p.n >= 4) return { pOff: p.b, pK: 4 * p.n, v: p.a, l: p.n };
  return undefined;
}

/** The plan of product `p` in at most `parts` parts (see the module notes). @internal */
export function planProduct(p: Product, parts: number, scratch: Scratch): Plan {
  const id = ids();
  const { m, n, k } = p;
  if (k >= 4 && ((n === 1 && !p.transposeA) || (m === 1 && p.transposeB))) {
    const [rows, P, v] = n === 1 ? [m, p.a, p.b] : [n, p.b, p.a];
    return withBias(p, { parts: ranges(rows, parts, 4).map(([r0, r1]) => [id.dots!, 6, P + 4 * k * r0, v, p.c + 4 * r0, r1 - r0, k, 4 * k]) });
  }
  const ax = axpysOperands(p);
  if (ax !== undefined) return withBias(p, planAxpys(p, ax, parts, scratch, id));
  return planTiled(p, parts, scratch, id);
}

/**
 * `plan`, then the bias added to every row of `C` (one-column and one-row routes): a float32
 * addition of each finished sum, as the tile kernels' and tfjs's `Add` do (float64 addition of
 * two float32 values rounds to the same float32).
 */
function withBias(p: Product, plan: Plan): Plan {
  const bias = p.bias;
  if (bias === undefined) return plan;
  return {
    parts: plan.parts,
    finish: (heap) => {
      plan.finish?.(heap);
      const [c, b] = [p.c / 4, bias / 4];
      for (let i = 0; i < p.m; i++) for (let j = 0; j < p.n; j++) heap[c + i * p.n + j] = heap[c + i * p.n + j]! + heap[b + j]!;
    },
  };
}

function planAxpys(p: Product, ax: NonNullable<ReturnType<typeof axpysOperands>>, parts: number, scratch: Scratch, id: Readonly<Record<string, number>>): Plan {
  const { k } = p;
  const { pOff, pK, v, l } = ax;
  if (k <= CHUNK) return { parts: [axpysBlocks(id, pOff, pK, v, p.c, l, k)] };
  const chunks = Math.ceil(k / CHUNK);
  const partials = ranges(chunks, parts).map(([c0, c1], part) => {
    const at = scratch(part, 4 * l * (c1 - c0));
    const calls: number[] = [];
    for (let c = c0; c < c1; c++) calls.push(...axpysBlocks(id, pOff + c * CHUNK * pK, pK, v + 4 * c * CHUNK, at + 4 * l * (c - c0), l, Math.min(CHUNK, k - c * CHUNK)));
    return { at, c0, c1, calls };
  });
  return {
    parts: partials.map((x) => x.calls),
    finish: (heap) => {
      for (let j = 0; j < l; j++) {
        let s = 0;
        for (const x of partials) for (let c = x.c0; c < x.c1; c++) s += heap[x.at / 4 + (c - x.c0) * l + j]!;
        heap[p.c / 4 + j] = s;
      }
    },
  };
}

/**
 * `axpys` over all `l ≥ 4` columns in blocks of 16; a last block of 1–3 columns starts at
 * `l − 4` instead (overlapping the block before: the same sums, the same bits).
 */
function axpysBlocks(id: Readonly<Record<string, number>>, pOff: number, pK: number, v: number, c: number, l: number, k: number): number[] {
  const calls: number[] = [];
  for (let j = 0; j < l; j += 16) {
    const j0 = l - j < 4 ? l - 4 : j;
    const cols = Math.min(16, l - j0);
    pushCall(calls, id[`axpys${Math.ceil(cols / 4)}`]!, pOff + 4 * j0, v, c + 4 * j0, k, pK, 4, 4 * (cols - 4));
  }
  return calls;
}

function planTiled(p: Product, parts: number, scratch: Scratch, id: Readonly<Record<string, number>>): Plan {
  const { m, n, k } = p;
  const full = Math.floor(n / 8);
  const edge = n % 8;
  const panels = full + (edge > 0 ? 1 : 0);
  const inPlace = !p.transposeB && k * n <= IN_PLACE;
  const [aRow, aK] = p.transposeA ? [4, 4 * m] : [4 * k, 4];
  const cRow = 4 * n;
  const bias = p.bias ?? 0;
  const suffix = p.bias === undefined ? '' : 'bias';
  const [g4, g1] = [id[`gemm4x8${suffix}`]!, id[`gemm1x8${suffix}`]!];
  /** The calls computing rows [r0, r1) × panels [q0, q1) in part `part`. */
  const block = (part: number, r0: number, r1: number, q0: number, q1: number): number[] => {
    const calls: number[] = [];
    const f1 = Math.min(q1, full);
    const hasEdge = edge > 0 && q1 === panels;
    const packedBytes = inPlace ? 0 : Math.max(0, f1 - q0) * 32 * k;
    const edgeBytes = hasEdge ? 32 * k + 32 + 32 * (r1 - r0) : 0;
    const at = packedBytes + edgeBytes > 0 ? scratch(part, packedBytes + edgeBytes) : 0;
    const r4 = r0 + 4 * Math.floor((r1 - r0) / 4);
    const tiles = (b: number, c: number, cRowOf: number, biasAt: number, count: number, bK: number, bTile: number): void => {
      if (r4 > r0) pushCall(calls, g4, p.a + r0 * aRow, b, c, biasAt, (r4 - r0) / 4, count, k, aRow, aK, bK, cRowOf, bTile);
      if (r1 > r4) pushCall(calls, g1, p.a + r4 * aRow, b, c + ((r4 - r0) * cRowOf), biasAt, r1 - r4, count, k, aRow, aK, bK, cRowOf, bTile);
    };
    if (f1 > q0) {
      let b = p.b + 32 * q0;
      let bK = 4 * n;
      let bTile = 32;
      if (!inPlace) {
        if (p.transposeB) pushCall(calls, id.packCols!, p.b + 32 * k * q0, at, k, 4 * k, f1 - q0, 32 * k, 32 * k);
        else pushCall(calls, id.packRows!, p.b + 32 * q0, at, k, 4 * n, f1 - q0, 32, 32 * k);
        [b, bK, bTile] = [at, 32, 32 * k];
      }
      tiles(b, p.c + r0 * cRow + 32 * q0, cRow, bias + 32 * q0, f1 - q0, bK, bTile);
    }
    if (hasEdge) {
      const [packed, biasPanel, tile] = [at + packedBytes, at + packedBytes + 32 * k, at + packedBytes + 32 * k + 32];
      const [src, srcK, srcJ] = p.transposeB ? [p.b + 32 * k * full, 4, 4 * k] : [p.b + 32 * full, 4 * n, 4];
      pushCall(calls, id.packEdge!, src, packed, k, srcK, srcJ, edge);
      if (p.bias !== undefined) pushCall(calls, id.packEdge!, p.bias + 32 * full, biasPanel, 1, 0, 4, edge);
      tiles(packed, tile, 32, biasPanel, 1, 32, 32 * k);
      pushCall(calls, id.copyTile!, tile, p.c + r0 * cRow + 32 * full, r1 - r0, edge, 32, cRow);
    }
    return calls;
  };
  if (parts > 1 && panels >= 2 * parts) return { parts: ranges(panels, parts).map(([q0, q1], part) => block(part, 0, m, q0, q1)) };
  if (parts > 1 && m >= 16 * parts) return { parts: ranges(m, parts, 4).map(([r0, r1], part) => block(part, r0, r1, 0, panels)) };
  return { parts: [block(0, 0, m, 0, panels)] };
}
