/**
 * A per-op strategy for the wasm backend's `BatchMatMul`, chosen by shape:
 *
 * - **Small products** (float32, `N` a multiple of 4, a right operand of at most 64 Ki elements,
 *   batches equal or broadcast from one): Ignis's own SIMD kernel (`wasm-gemm.ts`) reads both
 *   operands on the heap in either layout. A transposed right operand is first copied to
 *   `[K, N]` (it is the small one in a network's backward pass: a weight matrix).
 * - **Everything else**: tfjs-backend-wasm's kernel, with a transposed operand transposed first
 *   (the `Transpose` kernel): tfjs 4.22 sends only the untransposed case to XNNPACK; the
 *   transposed cases take a scalar loop 7–10× slower.
 *
 * Measured per product, tfjs's kernel with a right operand new to it (as every weight matrix is
 * after an optimizer step, and every gradient product is) against the SIMD kernel:
 * `[256, 16] × [16, 64]` 32 against 15 µs; `[256, 64] × [64, 16]` 31 against 14 µs;
 * `[256, 16]ᵀ × [256, 64]` 83 (XNNPACK packs the `[256, 64]` operand into a new operator, ~50 µs)
 * against 18 µs; `[256, 64]ᵀ × [256, 16]` 59 against 15 µs. Results agree bit for bit (both
 * accumulate over `k` in order in float32). Beyond 64 Ki elements in the right operand (256 KB,
 * past L2), XNNPACK's cache blocking is kept.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { gemm, gemmSupported } from './wasm-gemm.js';
import { offsetOf, type WasmBackendLike } from './wasm-heap.js';
import { overrideWasmKernel } from './wasm-override.js';

/** The part of a wasm backend the strategy uses. */
interface BackendLike extends WasmBackendLike {
  disposeData(dataId: unknown): void;
}

interface MatMulAttrs {
  readonly transposeA: boolean;
  readonly transposeB: boolean;
}

const MARK = Symbol('ignis.wasmMatmul');

/** The largest right operand (elements) given to the SIMD kernel: 256 KB, the L2 of this machine kind. */
const MAX_RIGHT_OPERAND = 65536;

function lastTwoSwapped(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [rank - 1, rank - 2];
  return perm;
}

/** `[batch, rows, cols]` of a stored operand. */
const dims = (x: tf.TensorInfo): readonly [number, number, number] => {
  const r = x.shape.length;
  return [sizeOf(x.shape.slice(0, -2)), x.shape[r - 2]!, x.shape[r - 1]!];
};

/**
 * `op(a) op(b)` (plus the row `bias` of `N` floats, if given) by the SIMD kernel, or `undefined`
 * when the shapes are not its case (see the module notes).
 */
function heapProduct(backend: BackendLike, a: tf.TensorInfo, b: tf.TensorInfo, { transposeA, transposeB }: MatMulAttrs, bias?: tf.TensorInfo): tf.TensorInfo | undefined {
  if (a.dtype !== 'float32' || b.dtype !== 'float32' || !gemmSupported()) return undefined;
  const [batchA, rowsA, colsA] = dims(a);
  const [batchB, rowsB, colsB] = dims(b);
  const [m, k] = transposeA ? [colsA, rowsA] : [rowsA, colsA];
  const [kb, n] = transposeB ? [colsB, rowsB] : [rowsB, colsB];
  const batchesMatch = batchA === 1 || batchB === 1 || (a.shape.length === b.shape.length && a.shape.slice(0, -2).every((d, i) => d === b.shape[i]));
  if (k !== kb || k === 0 || m === 0 || n % 4 !== 0 || n === 0 || k * n > MAX_RIGHT_OPERAND || !batchesMatch) return undefined;
  const batchShape = tf.broadcast_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = backend.makeOutput([...batchShape, m, n], 'float32');
  const right = transposeB ? backend.makeOutput([batchB, k, n], 'float32') : b;
  const heap = backend.wasm.HEAPF32; // after every allocation
  const [aAt, bAt, outAt, rightAt] = [offsetOf(backend, a), offsetOf(backend, b), offsetOf(backend, out), offsetOf(backend, right)];
  const biasAt = bias === undefined ? undefined : offsetOf(backend, bias);
  if (transposeB) transposeInto(heap, bAt / 4, rightAt / 4, batchB, n, k);
  const batches = Math.max(batchA, batchB);
  for (let i = 0; i < batches; i++) {
    gemm(backend.wasm.asm.memory, {
      a: aAt + (batchA === 1 ? 0 : 4 * i * m * k),
      b: rightAt + (batchB === 1 ? 0 : 4 * i * k * n),
      c: outAt + 4 * i * m * n,
      m,
      n,
      k,
      aRow: transposeA ? 4 : 4 * k,
      aK: transposeA ? 4 * m : 4,
      bK: 4 * n,
      ...(biasAt === undefined ? {} : { bias: biasAt }),
    });
  }
  if (transposeB) backend.disposeData(right.dataId);
  return out;
}

/** Copy `batches` row-major `[rows, cols]` matrices at `from` to `[cols, rows]` at `to` (float offsets). */
function transposeInto(heap: Float32Array, from: number, to: number, batches: number, rows: number, cols: number): void {
  for (let s = 0; s < batches; s++) {
    const f = from + s * rows * cols;
    const t = to + s * rows * cols;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) heap[t + j * rows + i] = heap[f + i * cols + j]!;
  }
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
  return float32 && w.shape[0] === k && b.shape[0] === n && m > 0 && k > 0 && n > 0 && n % 4 === 0 && k * n <= MAX_RIGHT_OPERAND;
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
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (transpose === undefined) return false;
  const installed = overrideWasmKernel('BatchMatMul', MARK, (original) => (args) => {
    const attrs = args.attrs as unknown as MatMulAttrs;
    const backend = args.backend as unknown as BackendLike;
    const direct = heapProduct(backend, args.inputs.a!, args.inputs.b!, attrs);
    if (direct !== undefined) return direct;
    if (!attrs.transposeA && !attrs.transposeB) return original(args);
    const temporaries: tf.TensorInfo[] = [];
    const untransposed = (x: tf.TensorInfo, transposed: boolean): tf.TensorInfo => {
      if (!transposed) return x;
      const t = transpose.kernelFunc({ inputs: { x }, backend: args.backend, attrs: { perm: lastTwoSwapped(x.shape.length) } }) as tf.TensorInfo;
      temporaries.push(t);
      return t;
    };
    const a = untransposed(args.inputs.a!, attrs.transposeA);
    const b = untransposed(args.inputs.b!, attrs.transposeB);
    const out = original({ inputs: { a, b }, backend: args.backend, attrs: { ...args.attrs, transposeA: false, transposeB: false } });
    for (const t of temporaries) backend.disposeData(t.dataId);
    return out;
  });
  if (installed && gemmSupported()) tf.registerKernel({ kernelName: AFFINE_KERNEL, backendName: 'wasm', kernelFunc: affineKernel });
  return installed;
}
