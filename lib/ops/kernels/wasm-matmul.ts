/**
 * A per-op strategy for the wasm backend's `BatchMatMul`: Ignis's own SIMD product
 * (`gemm-plan.ts` over the kernels of `wasm-gemm.ts`, `wasm-pack.ts`, `wasm-gemv.ts`) for every
 * float32 product, in either layout of either operand and at every shape, batched or broadcast
 * from one batch; tfjs-backend-wasm's kernel only for other dtypes, an empty inner dimension,
 * or batch shapes that broadcast otherwise.
 *
 * Why: XNNPACK, behind tfjs's kernel, packs its right operand into a new operator whenever that
 * tensor is new — every weight after an optimizer step and every gradient product — and tfjs
 * 4.22 sends transposed operands to a scalar loop. Measured per product, tfjs's kernel with a
 * right operand new to it against the SIMD kernel: `[256, 16] × [16, 64]` 32 against 15 µs;
 * `[256, 16]ᵀ × [256, 64]` 83 (XNNPACK packs the `[256, 64]` operand, ~50 µs) against 18 µs.
 * On a VAE's `[128, 400] × [400, 784]` the tiles run at ~40 GFLOP/s (one core).
 *
 * Large products are split into parts (`parallel.ts`) that run on the worker threads when there
 * are any; the results are the same bits whatever the number of parts.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { type Scratch, planProduct } from './gemm-plan.js';
import { gemmSupported } from './wasm-gemm.js';
import { heapScratch, offsetOf, type WasmBackendLike } from './wasm-heap.js';
import { overrideWasmKernel } from './wasm-override.js';
import { partsFor, runParts } from './parallel.js';

/** The part of a wasm backend the strategy uses. */
interface BackendLike extends WasmBackendLike {
  disposeData(dataId: unknown): void;
}

/** `BatchMatMul`'s attributes. @internal */
export interface MatMulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const MARK = Symbol('ignis.wasmMatmul');

/** `[batch, rows, cols]` of a stored operand. */
const dims = (x: tf.TensorInfo): readonly [number, number, number] => {
  const r = x.shape.length;
  return [sizeOf(x.shape.slice(0, -2)), x.shape[r - 2]!, x.shape[r - 1]!];
};

/** The geometry of a batched product the SIMD kernels take. @internal */
export interface ProductShape {
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly batchA: number;
  readonly batchB: number;
  readonly outShape: readonly number[];
}

/**
 * The geometry of `op(a) op(b)`, or `undefined` when the SIMD kernels do not take it: other
 * dtypes, an empty dimension, batch shapes that broadcast otherwise than from one batch.
 * @internal
 */
export function productShape(a: tf.TensorInfo, b: tf.TensorInfo, { transposeA, transposeB }: MatMulAttrs): ProductShape | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || !gemmSupported()) return undefined;
  const [batchA, rowsA, colsA] = dims(a);
  const [batchB, rowsB, colsB] = dims(b);
  const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const [kb, n] = transposeB ? [colsB, rowsB] : [rowsB, colsB];
  const batchesMatch = batchA === 1 || batchB === 1 || (a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]));
  if (k !== kb || k === 0 || m === 0 || n === 0 || !batchesMatch) return undefined;
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  return { m, n, k, batchA, batchB, outShape: [...batchShape, m, n] };
}

/**
 * Run the product of geometry `g` on `memory` (heap float32 view `heap`), operands at byte offsets
 * `a`, `b`, output at `c`, optional bias row at `bias`, every batch in turn, split into parts by
 * its size (see `gemm-plan.ts`).
 * @internal
 */
export function runProduct(memory: object, heap: () => Float32Array, g: ProductShape, at: { readonly a: number; readonly b: number; readonly c: number; readonly bias?: number }, attrs: MatMulAttrs, scratch: Scratch): void {
  const { m, n, k, batchA, batchB } = g;
  // single-thread estimate: ~35 GFLOP/s for tiles, ~8 GB/s for the one-column and one-row routes
  const parts = partsFor(Math.max((2 * m * n * k) / 35e3, (4 * (m * k + k * n)) / 8e3), memory);
  const batches = Math.max(batchA, batchB);
  for (let i = 0; i < batches; i++) {
    const plan = planProduct(
      {
        a: at.a + (batchA === 1 ? 0 : 4 * i * m * k),
        b: at.b + (batchB === 1 ? 0 : 4 * i * k * n),
        c: at.c + 4 * i * m * n,
        m,
        n,
        k,
        transposeA: attrs.transposeA,
        transposeB: attrs.transposeB,
        ...(at.bias === undefined ? {} : { bias: at.bias }),
      },
      parts,
      scratch,
    );
    runParts(memory, plan.parts);
    plan.finish?.(heap());
  }
}

/**
 * `op(a) op(b)` (plus the row `bias` of `N` floats, if given) by the SIMD kernels on the wasm
 * heap, or `undefined` when the operands are not their case (see the module notes).
 */
function heapProduct(backend: BackendLike, a: tf.TensorInfo, b: tf.TensorInfo, attrs: MatMulAttrs, bias?: tf.TensorInfo): tf.TensorInfo | undefined {
  const g = productShape(a, b, attrs);
  if (g === undefined) return undefined;
  const out = backend.makeOutput(g.outShape, 'float32');
  const at = { a: offsetOf(backend, a), b: offsetOf(backend, b), c: offsetOf(backend, out), ...(bias === undefined ? {} : { bias: offsetOf(backend, bias) }) };
  runProduct(backend.wasm.asm.memory, () => backend.wasm.HEAPF32, g, at, attrs, (part, bytes) => heapScratch(backend, part, bytes));
  return out;
}

/** The name of the `x w + b` kernel (wasm backend only; its gradient is registered by `lib/ops/linalg/affine.ts`). @internal */
export const AFFINE_KERNEL = 'IgnisAffine';

/**
 * Whether the {@link AFFINE_KERNEL} computes `x w + b` for these operands: `x` `[M, K]`, `w`
 * `[K, N]`, `b` `[N]`, float32, `M, K ≥ 1`, and the product is the SIMD kernel's case (see the
 * module notes).
 * @internal
 */
export function affineFits(x: tf.Tensor, w: tf.Tensor, b: tf.Tensor): boolean {
  if (x.rank !== 2 || w.rank !== 2 || b.rank !== 1) return false;
  const [m, k] = x.shape as [number, number];
  const n = w.shape[1]!;
  const float32 = x.dtype === 'float32' && w.dtype === 'float32' && b.dtype === 'float32';
  return float32 && w.shape[0] === k && b.shape[0] === n && m > 0 && k > 0 && n > 0;
}

/** `x w + 1 bᵀ` in one pass, the bias added to each sum before it is stored (the same bits as `add(matMul(x, w), b)`). */
const affineKernel: tf.KernelFunc = ({ inputs, backend }) => {
  const { x, w, b } = inputs as Readonly<Record<'x' | 'w' | 'b', tf.TensorInfo>>;
  const out = heapProduct(backend as unknown as BackendLike, x, w, { transposeA: false, transposeB: false }, b);
  if (out === undefined) throw new Error(`${AFFINE_KERNEL}: operands [${x.shape.join(', ')}], [${w.shape.join(', ')}], [${b.shape.join(', ')}] do not fit the kernel (check affineFits first).`);
  return out;
};

/**
 * Replace the wasm `BatchMatMul` kernel by the strategy above and register the
 * {@link AFFINE_KERNEL} (idempotent). Call after the wasm backend's kernels are registered;
 * returns whether it installed them.
 * @internal
 */
export function installWasmMatmul(): boolean {
  const installed = overrideWasmKernel('BatchMatMul', MARK, (original) => (args) => {
    const direct = heapProduct(args.backend as unknown as BackendLike, args.inputs.a!, args.inputs.b!, args.attrs as unknown as MatMulAttrs);
    return direct ?? original(args);
  });
  if (installed && gemmSupported()) tf.registerKernel({ kernelName: AFFINE_KERNEL, backendName: 'wasm', kernelFunc: affineKernel });
  return installed;
}
