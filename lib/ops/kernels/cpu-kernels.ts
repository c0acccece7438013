/**
 * The wasm backend's SIMD kernels for the `cpu` backend too, on the cpu kernel heap
 * (`cpu-heap.ts`): tfjs-backend-cpu multiplies matrices with scalar JavaScript loops (~1 GFLOP/s
 * against ~40 for the SIMD tiles) and computes `softplus`/`σ` at ~10 ns per element, which made
 * a VAE step 25–50× slower on cpu than on wasm. Per-op strategies:
 *
 * - `BatchMatMul` (and the `IgnisAffine` kernel of `affine`) for float32 products of at least
 *   {@link MIN_FLOPS} operations: operands copied to the heap, `runProduct` (`wasm-matmul.ts`:
 *   the same plan, kernels and threads, hence the same bits as on wasm), the result copied out;
 * - `Softplus` and `Sigmoid` for float32 tensors of at least {@link MIN_ELEMENTS} elements;
 * - `Sum` over leading axes (a dense layer's bias gradient): column sums in one pass, where
 *   tfjs-backend-cpu transposes first (`[128, 784]` over axis 0 took ~3 ms).
 *
 * Smaller cases keep tfjs's kernels (copies and dispatch would cost more than they save).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { cpuHeap, cpuHeapMemory, layout } from './cpu-heap.js';
import { CHUNK } from './gemm-plan.js';
import { exportsOn, validates } from './wasm-asm.js';
import { overElements } from './wasm-heap.js';
import { AFFINE_KERNEL, type MatMulAttrs, productShape, runProduct } from './wasm-matmul.js';
import { overrideKernel } from './wasm-override.js';
import { SOFTPLUS_MODULE_BYTES } from './wasm-softplus.js';
import { type SumAttrs, leadingAxes } from './wasm-sum.js';

/** Products below this many floating-point operations stay with tfjs-backend-cpu. */
const MIN_FLOPS = 1 << 15;
/** Elementwise functions below this many elements stay with tfjs-backend-cpu. */
const MIN_ELEMENTS = 1024;

/** The parts of tfjs-backend-cpu's backend used here. */
interface CpuBackendLike {
  readonly data: { get(dataId: object): { readonly values?: unknown } | undefined };
  makeTensorInfo(shape: readonly number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

/** The float32 values of `t` on the cpu backend, if they are a Float32Array. */
const valuesOf = (b: CpuBackendLike, t: tf.TensorInfo): Float32Array | undefined => {
  const v = b.data.get(t.dataId)?.values;
  return v instanceof Float32Array ? v : undefined;
};

/** `op(a) op(b) (+ bias)` on the cpu kernel heap, or `undefined` when not this strategy's case. */
function cpuProduct(b: CpuBackendLike, a: tf.TensorInfo, bt: tf.TensorInfo, attrs: MatMulAttrs, bias?: tf.TensorInfo): tf.TensorInfo | undefined {
  const g = productShape(a, bt, attrs);
  if (g === undefined || 2 * g.m * g.n * g.k * Math.max(g.batchA, g.batchB) < MIN_FLOPS) return undefined;
  const [av, bv, biasv] = [valuesOf(b, a), valuesOf(b, bt), bias === undefined ? undefined : valuesOf(b, bias)];
  if (av === undefined || bv === undefined || (bias !== undefined && biasv === undefined)) return undefined;
  const outSize = sizeOf(g.outShape);
  const { offsets, end } = layout([4 * av.length, 4 * bv.length, 4 * outSize, 4 * (biasv?.length ?? 0)]);
  const [ao, bo, co, biaso] = offsets as [number, number, number, number];
  // scratch after the operands, one region per part (a part needs at most panels and a tile)
  const perPart = 32 * g.k * (Math.ceil(g.n / 8) + 1) + 32 * g.m + 4 * Math.max(g.m, g.n) * Math.ceil(g.k / CHUNK) + 256;
  const { memory, f32 } = cpuHeap(end + 8 * perPart);
  f32.set(av, ao / 4);
  f32.set(bv, bo / 4);
  if (biasv !== undefined) f32.set(biasv, biaso / 4);
  runProduct(memory, () => new Float32Array(memory.buffer), g, { a: ao, b: bo, c: co, ...(biasv === undefined ? {} : { bias: biaso }) }, attrs, (part) => end + part * perPart);
  return b.makeTensorInfo(g.outShape, 'float32', f32.slice(co / 4, co / 4 + outSize));
}

/** `name` (a function of the softplus module) of a float32 tensor on the cpu kernel heap, or `undefined`. */
function cpuUnary(b: CpuBackendLike, x: tf.TensorInfo, name: 'softplus' | 'sigmoid'): tf.TensorInfo | undefined {
  const n = sizeOf(x.shape);
  const xv = x.dtype === 'float32' && n >= MIN_ELEMENTS ? valuesOf(b, x) : undefined;
  if (xv === undefined) return undefined;
  const { offsets, end } = layout([4 * n, 4 * n]);
  const [xo, yo] = offsets as [number, number];
  const { memory, f32 } = cpuHeap(end);
  f32.set(xv, xo / 4);
  const fns = exportsOn(SOFTPLUS_MODULE_BYTES, memory);
  overElements(fns[name]!, [xo, yo], n, [], fns[`${name}Wide`]);
  return b.makeTensorInfo(x.shape, 'float32', f32.slice(yo / 4, yo / 4 + n));
}

/**
 * `Σ` over leading axes of a float32 tensor: column sums in float64, rows in order (the sums
 * tfjs-backend-cpu computes after its transpose, bit for bit, without the transpose), or
 * `undefined`.
 */
function cpuColumnSums(b: CpuBackendLike, x: tf.TensorInfo, attrs: SumAttrs): tf.TensorInfo | undefined {
  const r = x.dtype === 'float32' ? leadingAxes(tf.util.parseAxisParam(attrs.axis, x.shape), x.shape.length) : undefined;
  const xv = r === undefined || sizeOf(x.shape) < MIN_ELEMENTS ? undefined : valuesOf(b, x);
  if (r === undefined || xv === undefined) return undefined;
  const kept = x.shape.slice(r);
  const m = sizeOf(kept);
  const n = xv.length / m;
  const acc = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    const row = i * m;
    for (let j = 0; j < m; j++) acc[j]! += xv[row + j]!;
  }
  return b.makeTensorInfo(attrs.keepDims ? [...x.shape.slice(0, r).map(() => 1), ...kept] : kept, 'float32', Float32Array.from(acc));
}

/** A kernel's one output. */
const single = (out: tf.TensorInfo | tf.TensorInfo[]): tf.TensorInfo => (Array.isArray(out) ? out[0]! : out);

const MARKS = { matmul: Symbol('ignis.cpuMatmul'), softplus: Symbol('ignis.cpuSoftplus'), sigmoid: Symbol('ignis.cpuSigmoid'), sum: Symbol('ignis.cpuSum') } as const;

/**
 * Install the strategies above on the `cpu` backend and register `IgnisAffine` for it
 * (idempotent); returns whether anything was installed. Its gradient is registered by
 * `lib/ops/linalg/affine.ts`.
 * @internal
 */
export function installCpuKernels(): boolean {
  cpuHeapMemory();
  const cpu = (backend: unknown): CpuBackendLike => backend as CpuBackendLike;
  const matmul = overrideKernel('cpu', 'BatchMatMul', MARKS.matmul, (original) => (args) =>
    cpuProduct(cpu(args.backend), args.inputs.a!, args.inputs.b!, args.attrs as unknown as MatMulAttrs) ?? original(args),
  );
  const unary = (name: 'softplus' | 'sigmoid') => (original: tf.KernelFunc): tf.KernelFunc => (args) => cpuUnary(cpu(args.backend), args.inputs.x!, name) ?? original(args);
  // without wasm SIMD (old browsers) the products fall back by themselves (`productShape`)
  const simd = validates(SOFTPLUS_MODULE_BYTES);
  const softplus = simd && overrideKernel('cpu', 'Softplus', MARKS.softplus, unary('softplus'));
  const sigmoid = simd && overrideKernel('cpu', 'Sigmoid', MARKS.sigmoid, unary('sigmoid'));
  const sum = overrideKernel('cpu', 'Sum', MARKS.sum, (original) => (args) => cpuColumnSums(cpu(args.backend), args.inputs.x!, args.attrs as unknown as SumAttrs) ?? original(args));
  if (tf.getKernel(AFFINE_KERNEL, 'cpu') === undefined) {
    tf.registerKernel({
      kernelName: AFFINE_KERNEL,
      backendName: 'cpu',
      kernelFunc: ({ inputs, backend }) => {
        const { x, w, b } = inputs as Readonly<Record<'x' | 'w' | 'b', tf.TensorInfo>>;
        const attrs = { transposeA: false, transposeB: false };
        const direct = cpuProduct(cpu(backend), x, w, attrs, b);
        if (direct !== undefined) return direct;
        // small: tfjs's kernels, the bias added after the product (the same bits as add(matMul))
        const product = single(tf.getKernel('BatchMatMul', 'cpu').kernelFunc({ inputs: { a: x, b: w }, backend, attrs }));
        const total = single(tf.getKernel('Add', 'cpu').kernelFunc({ inputs: { a: product, b }, backend, attrs: {} }));
        (backend as { disposeData(id: object): void }).disposeData(product.dataId);
        return total;
      },
    });
  }
  return matmul || softplus || sigmoid || sum;
}
