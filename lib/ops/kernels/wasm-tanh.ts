/**
 * `tanh` and its gradient as wasm SIMD functions on the wasm backend's heap: four float32 lanes
 * per instruction, reading the input where it lives and writing a new tensor there.
 *
 *     tanh x ≈ x · P(x²) / Q(x²)   on x clamped to ±7.9053 (where float32 tanh is ±1),
 *     tanh x = x                   for |x| < 4e-4,
 *     ∂/∂x:  dx = dy (1 − y²)      from the output y.
 *
 * `P` (degree 6 in x²) and `Q` (degree 3) are Eigen's float32 `ptanh_float` rational, evaluated
 * here in float32 by Horner's rule as Eigen does: within a few float32 ulps of `tanh` (the
 * JavaScript path evaluates the same rational in float64 and rounds once). Estrin's scheme
 * measured no faster here and left saturated values 3 ulps below ±1; `pmin`/`pmax` clamp in one
 * instruction each where `min`/`max` take several (35 against 47 µs on `[256, 64]`). Arrays of
 * 16 elements or more run four 16-byte blocks per iteration, interleaved (`tanhWide`: 31 → 16 µs
 * on `[256, 64]`, the same bits); constants are inline `v128.const`s.
 *
 * Why: the JavaScript path (its loop, a copy out of the heap and one back in) took ~120 µs
 * forward and ~40 µs backward on a `[256, 64]` hidden layer; these take 16 µs and 5 µs.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { BITSELECT, F32X4, I32, LANES, LOAD, SPLAT, STORE, V128, at, exportsOn, f32, f32x4, get, interleaved, loadAt, loop16, moduleBytes, set, storeAt, tee, validates, type WasmFunction } from './wasm-asm.js';
import { type WasmBackendLike, activeWasmBackend, offsetOf, overElements, tensorOf } from './wasm-heap.js';

const { abs: ABS, add: ADD, sub: SUB, mul: MUL, div: DIV, pmin: MIN, pmax: MAX, lt: LT } = F32X4;

/** Numerator coefficients α₁₃ … α₁ (highest first), denominator β₆ … β₀, clamp and tiny bound. */
const ALPHA = [-2.76076847742355e-16, 2.00018790482477e-13, -8.60467152213735e-11, 5.12229709037114e-8, 1.48572235717979e-5, 6.37261928875436e-4, 4.89352455891786e-3];
const BETA = [1.19825839466702e-6, 1.18534705686654e-4, 2.26843463243900e-3, 4.89352518554385e-3];
const CLAMP = 7.90531110763549805;
const TINY = 4e-4;

// tanh — params: 0 x, 1 y (byte offsets), 2 bytes; locals: 3 cursor, then per block: x, c, x²
const [IN, OUT, BYTES, O] = [0, 1, 2, 3];
const [XV, CV, X2] = [0, 1, 2].map((k) => (lane: number): number => 4 + 3 * lane + k) as [(lane: number) => number, (lane: number) => number, (lane: number) => number];
const horner = (lane: number, coefficients: readonly number[]): number[] => [
  ...f32x4(coefficients[0]!),
  ...coefficients.slice(1).flatMap((k) => [...get(X2(lane)), ...MUL, ...f32x4(k), ...ADD]),
];

/** The steps of one 16-byte block at `x + o + 16·lane` (see {@link interleaved}). */
const TANH_STAGES: readonly ((lane: number) => number[])[] = [
  (lane) => [
    ...at(IN, O), ...loadAt(16 * lane), ...tee(XV(lane)), ...f32x4(CLAMP), ...MIN, ...f32x4(-CLAMP), ...MAX, ...tee(CV(lane)),
    ...get(CV(lane)), ...MUL, ...set(X2(lane)),
  ],
  (lane) => [...horner(lane, ALPHA), ...get(CV(lane)), ...MUL, ...horner(lane, BETA), ...DIV, ...set(CV(lane))], // y = c·P(x²) / Q(x²)
  (lane) => [
    ...at(OUT, O),
    ...get(XV(lane)), ...get(CV(lane)), ...get(XV(lane)), ...ABS, ...f32x4(TINY), ...LT, ...BITSELECT, // |x| < tiny ? x : y
    ...storeAt(16 * lane),
  ],
];

const TANH: WasmFunction = {
  name: 'tanh',
  params: [I32, I32, I32],
  locals: [[I32, 1], [V128, 3]],
  body: loop16(O, BYTES, TANH_STAGES.flatMap((stage) => stage(0))),
};

/** {@link TANH} over `16 · LANES`-byte blocks, interleaved. */
const TANH_WIDE: WasmFunction = { name: 'tanhWide', params: [I32, I32, I32], locals: [[I32, 1], [V128, 3 * LANES]], body: interleaved(O, BYTES, TANH_STAGES) };

// tanhGrad — params: 0 y, 1 dy, 2 dx (byte offsets), 3 bytes; locals: 4 cursor, 5 y, 6 one
const [Y, DY, DX, GRAD_BYTES, GO, YV, ONE] = [0, 1, 2, 3, 4, 5, 6];
const TANH_GRAD: WasmFunction = {
  name: 'tanhGrad',
  params: [I32, I32, I32, I32],
  locals: [[I32, 1], [V128, 2]],
  body: [
    ...f32(1), ...SPLAT, ...set(ONE),
    ...loop16(GO, GRAD_BYTES, [
      ...at(DX, GO), ...at(DY, GO), ...LOAD, ...get(ONE), ...at(Y, GO), ...LOAD, ...tee(YV), ...get(YV), ...MUL, ...SUB, ...MUL, ...STORE,
    ]),
  ],
};

/** The module's bytes: `tanh`, `tanhWide` and `tanhGrad`, memory imported as `env.memory`. @internal */
export const TANH_MODULE_BYTES = moduleBytes([TANH, TANH_WIDE, TANH_GRAD]);

let supported: boolean | undefined;

/** Whether this runtime runs the module (wasm SIMD). */
const tanhSupported = (): boolean => (supported ??= validates(TANH_MODULE_BYTES));

/** The name of the wasm `tanh` kernel and of its gradient kernel (registered by {@link installWasmTanh}). @internal */
export const TANH_KERNEL = 'IgnisTanh';
/** @internal */
export const TANH_GRAD_KERNEL = 'IgnisTanhGrad';

/** `tanh(x)` on the heap of `b` (float32, at least 4 elements). */
function tanhOn(b: WasmBackendLike, x: tf.TensorInfo): tf.TensorInfo {
  const out = b.makeOutput(x.shape, 'float32');
  const fns = exportsOn(TANH_MODULE_BYTES, b.wasm.asm.memory);
  overElements(fns.tanh!, [offsetOf(b, x), offsetOf(b, out)], sizeOf(x.shape), [], fns.tanhWide);
  return out;
}

/** `dy (1 − y²)` on the heap of `b` (float32, the same shape, at least 4 elements). */
function tanhGradOn(b: WasmBackendLike, y: tf.TensorInfo, dy: tf.TensorInfo): tf.TensorInfo {
  const out = b.makeOutput(y.shape, 'float32');
  overElements(exportsOn(TANH_MODULE_BYTES, b.wasm.asm.memory).tanhGrad!, [offsetOf(b, y), offsetOf(b, dy), offsetOf(b, out)], sizeOf(y.shape));
  return out;
}

/** Whether `x` (and `dy`) are what the kernels take: float32, at least 4 elements, the same size. @internal */
export const tanhFits = (x: tf.TensorInfo, dy: tf.TensorInfo = x): boolean =>
  sizeOf(x.shape) >= 4 && x.dtype === 'float32' && dy.dtype === 'float32' && sizeOf(dy.shape) === sizeOf(x.shape);

/**
 * Register {@link TANH_KERNEL} (input `x`) and {@link TANH_GRAD_KERNEL} (inputs `y`, `dy`) for the
 * wasm backend (idempotent; their gradient wiring is in `lib/ops/special/tanh.ts`); returns whether
 * they are registered. Call after the wasm backend is initialized.
 * @internal
 */
export function installWasmTanh(): boolean {
  if (tf.getKernel(TANH_KERNEL, 'wasm') !== undefined) return true;
  if (!tanhSupported()) return false;
  const backendOf = (backend: unknown): WasmBackendLike => backend as WasmBackendLike;
  tf.registerKernel({ kernelName: TANH_KERNEL, backendName: 'wasm', kernelFunc: ({ inputs, backend }) => tanhOn(backendOf(backend), inputs.x!) });
  tf.registerKernel({ kernelName: TANH_GRAD_KERNEL, backendName: 'wasm', kernelFunc: ({ inputs, backend }) => tanhGradOn(backendOf(backend), inputs.y!, inputs.dy!) });
  return true;
}

/**
 * `tanh(x)` computed on the wasm heap (see the module notes), or `undefined` when the active
 * backend is not wasm or `x` is not a float32 tensor of at least 4 elements. Not recorded on a
 * gradient tape.
 * @internal
 */
export function heapTanh(x: tf.Tensor): tf.Tensor | undefined {
  const b = activeWasmBackend();
  return b === undefined || !tanhSupported() || !tanhFits(x) ? undefined : tensorOf(tanhOn(b, x));
}

/**
 * `dy (1 − y²)` computed on the wasm heap, or `undefined` as for {@link heapTanh} (`y` and `dy`
 * must have the same size).
 * @internal
 */
export function heapTanhGrad(y: tf.Tensor, dy: tf.Tensor): tf.Tensor | undefined {
  const b = activeWasmBackend();
  return b === undefined || !tanhSupported() || !tanhFits(y, dy) ? undefined : tensorOf(tanhGradOn(b, y, dy));
}
