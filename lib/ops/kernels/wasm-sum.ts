/**
 * A per-op strategy for the wasm backend's `Sum` of a float32 tensor over a leading block of
 * axes `0 … r−1` (`r` below the rank): with `n` the product of the reduced extents and `m` that
 * of the kept ones,
 *
 *     out[j] = Σ_{i<n} x[i·m + j],   0 ≤ j < m,
 *
 * by wasm SIMD functions on the heap. For each group of 16 columns, four `f32x4` accumulators
 * (in registers) start at zero and add the group's four vectors of every row in row order; the
 * remaining whole groups of 4 columns take one accumulator each, and when `m` is not a multiple
 * of 4 the last four columns are summed again on their own (the same sums in the same order,
 * so the overlap rewrites identical values). `m < 4` takes a JavaScript loop rounding each
 * partial sum to float32. Every column is therefore the sequential float32 sum
 * `(((0 + x₀) + x₁) + …)` down the rows, which is what the original kernel computes after its
 * transpose (the results agree bit for bit); the cpu backend accumulates in float64.
 *
 * Why: these are the bias gradients of dense layers and the reductions of broadcast gradients.
 * tfjs-backend-wasm 4.22 reduces innermost axes only, so it transposes the input first: axis 0 of
 * `[256, 64]` measured 31 µs per call (`tf.tidy` around `tf.sum`), of `[256, 16]` 8.7 µs; this
 * kernel takes 3.5 and 2.8 µs (of which the SIMD loop is 1.1 and 0.2 µs, the rest the op's
 * fixed cost). Float32 SIMD rather than float64 accumulation in JavaScript because it measured
 * several times faster: on `[256, 64]` the best JavaScript loop (four float64 column
 * accumulators over a heap view) took 6.8 µs, a float64 scratch row 23 µs, one SIMD
 * accumulator per 4 columns 3.4 µs and four per 16 columns 1.1 µs. Other axes, other dtypes,
 * and runtimes without wasm SIMD go to the original kernel.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { F32X4, I32, I32_ADD, SPLAT, V128, at, exportsOn, f32, get, i32, loadAt, moduleBytes, set, storeAt, tee, validates, type KernelExport, type WasmFunction } from './wasm-asm.js';
import { offsetOf, type WasmBackendLike } from './wasm-heap.js';
import { overrideWasmKernel } from './wasm-override.js';

const MARK = Symbol('ignis.wasmSum');

// params: 0 x, 1 out (byte offsets), 2 column bytes (a multiple of the group's), 3 row bytes, 4 total bytes;
// locals: 5 column cursor, 6 input address, 7 its end, 8… the accumulators
const [X, OUT, COLUMNS, ROW, TOTAL, C, P, END, ACC] = [0, 1, 2, 3, 4, 5, 6, 7, 8];

/** `for (; i < limit; i += step) { body }` (unsigned comparison; `step` pushes the increment). */
const loopBy = (i: number, limit: number, step: readonly number[], body: readonly number[]): number[] => [
  0x02, 0x40, 0x03, 0x40, // block, loop
  ...get(i), ...get(limit), 0x4f, 0x0d, 1, // if i ≥ limit: break
  ...body,
  ...get(i), ...step, ...I32_ADD, ...set(i),
  0x0c, 0, 0x0b, 0x0b, // br loop, end loop, end block
];

/**
 * `columnSums<4k>`: for each group of `4k` columns, `k` vector accumulators start at zero, add
 * the group's `k` vectors of every row in row order, and are stored to `out`.
 */
const columnSumsFunction = (k: 1 | 4): WasmFunction => {
  const accs = Array.from({ length: k }, (_, a) => [ACC + a, 16 * a] as const);
  return {
    name: `columnSums${4 * k}`,
    params: [I32, I32, I32, I32, I32],
    locals: [[I32, 3], [V128, k]],
    body: loopBy(C, COLUMNS, i32(16 * k), [
      ...accs.flatMap(([a]) => [...f32(0), ...SPLAT, ...set(a)]),
      ...at(X, C), ...tee(P), ...get(TOTAL), ...I32_ADD, ...set(END),
      ...loopBy(P, END, get(ROW), accs.flatMap(([a, offset]) => [...get(a), ...get(P), ...loadAt(offset), ...F32X4.add, ...set(a)])),
      ...accs.flatMap(([a, offset]) => [...at(OUT, C), ...get(a), ...storeAt(offset)]),
    ]),
  };
};

/** The module's bytes: `columnSums16` and `columnSums4`, memory imported as `env.memory`. @internal */
export const SUM_MODULE_BYTES = moduleBytes([columnSumsFunction(4), columnSumsFunction(1)]);

/** The number `r` of reduced axes when they are `0 … r−1` and not all the axes, else `undefined`. @internal */
export function leadingAxes(axes: readonly number[], rank: number): number | undefined {
  const r = axes.length;
  return r >= 1 && r < rank && [...axes].sort((a, b) => a - b).every((a, k) => a === k) ? r : undefined;
}

/** The `Sum` kernel's attributes. @internal */
export interface SumAttrs {
  readonly axis: number | number[];
  readonly keepDims: boolean;
}

/**
 * Column sums `out[j] = Σ_i x[i·m + j]` of an `[n, m]` float32 array (`m ≥ 1`) on the heap:
 * groups of 16 columns, then of 4, then the last 4 columns again when `m` is not a multiple of 4.
 */
function columnSums(b: WasmBackendLike, x: number, out: number, n: number, m: number): void {
  if (m < 4) {
    const heap = b.wasm.HEAPF32;
    const [from, to] = [x / 4, out / 4];
    for (let j = 0; j < m; j++) {
      let s = 0;
      for (let i = 0; i < n; i++) s = Math.fround(s + heap[from + i * m + j]!);
      heap[to + j] = s;
    }
    return;
  }
  const fns = exportsOn(SUM_MODULE_BYTES, b.wasm.asm.memory);
  const [sixteens, fours] = [m - (m % 16), m - (m % 4)];
  const sums = (fn: KernelExport, first: number, columns: number): void => fn(x + first * 4, out + first * 4, columns * 4, m * 4, n * m * 4);
  if (sixteens > 0) sums(fns.columnSums16!, 0, sixteens);
  if (fours > sixteens) sums(fns.columnSums4!, sixteens, fours - sixteens);
  if (fours < m) sums(fns.columnSums4!, m - 4, 4);
}

/** Column sums on the heap for float32 over leading axes, `original` for the rest. */
const sumStrategy = (original: tf.KernelFunc): tf.KernelFunc => (args) => {
  const x = args.inputs.x!;
  const { axis, keepDims } = args.attrs as unknown as SumAttrs;
  const r = x.dtype === 'float32' ? leadingAxes(tf.util.parseAxisParam(axis, x.shape), x.shape.length) : undefined;
  if (r === undefined) return original(args);
  const kept = x.shape.slice(r);
  const b = args.backend as unknown as WasmBackendLike;
  const out = b.makeOutput(keepDims ? [...x.shape.slice(0, r).map(() => 1), ...kept] : kept, 'float32');
  const m = sizeOf(kept);
  if (m > 0) columnSums(b, offsetOf(b, x), offsetOf(b, out), sizeOf(x.shape.slice(0, r)), m);
  return out;
};

/**
 * Replace the wasm `Sum` kernel by the column-sum strategy for float32 sums over leading axes
 * (idempotent). Call after the wasm backend's kernels are registered; returns whether it
 * installed the strategy (`false` also when this runtime lacks wasm SIMD).
 * @internal
 */
export function installWasmSum(): boolean {
  return validates(SUM_MODULE_BYTES) && overrideWasmKernel('Sum', MARK, sumStrategy);
}
