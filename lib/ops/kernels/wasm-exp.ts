/**
 * A per-op strategy for the wasm backend's `Exp` on float32 tensors: a SIMD function on the heap,
 * four lanes per instruction, instead of tfjs-backend-wasm's scalar `expf` loop.
 *
 *     x ← clamp(x, −104, 89),   n = round(x log₂e),   r = (x − n ln2_hi) − n ln2_lo,
 *     eˣ = 2ⁿ · e^r,   e^r ≈ 1 + r + r² P(r)   (|r| ≤ ln2 / 2),
 *
 * with Cody–Waite's two-part ln 2 (`ln2_hi` = 0.693359375 has few bits, so `n ln2_hi` is exact)
 * and Cephes `expf`'s degree-5 `P`. `2ⁿ` is built from exponent bits as `2^⌊n/2⌋ · 2^(n − ⌊n/2⌋)`,
 * so both factors are normal for every `n` the clamp allows: results overflow to `+∞` past 88.72,
 * fall gradually through the subnormals, reach 0 below −103.97, and NaN stays NaN (the clamp
 * is `pmin`/`pmax` with `x` first, which keep a NaN `x`).
 *
 * Accuracy: within 2 float32 ulps of `exp` in float64 for normal results (test: a dense grid over
 * [−87, 88]); a subnormal result is within 1 ulp of the smallest subnormal.
 *
 * Why: tfjs's kernel took 16 µs on `[256, 8]` (a guide's `exp(logScale)`); this takes ~1 µs
 * plus dispatch. Inputs of other dtypes or fewer than 4 elements use tfjs's kernel.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { F32X4, F32X4_NEAREST, I32, I32X4, LOAD, SPLAT, STORE, V128, at, exportsOn, f32, get, i32, loop16, moduleBytes, set, tee, validates, type WasmFunction } from './wasm-asm.js';
import { offsetOf, overElements, type WasmBackendLike } from './wasm-heap.js';
import { overrideWasmKernel } from './wasm-override.js';

const { add: ADD, sub: SUB, mul: MUL, pmin: MIN, pmax: MAX } = F32X4;

/** Cephes `expf`'s polynomial, highest degree first: e^r ≈ 1 + r + r² P(r). */
const P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const LOG2E = Math.LOG2E;
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
const [HI, LO] = [89, -104];

// params: 0 x, 1 y (byte offsets), 2 bytes; locals: 3 cursor, 4 x, 5 n, 6 r, 7 half exponent, 8… constants
const [IN, OUT, BYTES, O, XV, NV, RV, HALF] = [0, 1, 2, 3, 4, 5, 6, 7];
const CONSTANTS = [...P, LOG2E, LN2_HI, LN2_LO, HI, LO, 1];
const constant = (v: number): number[] => get(8 + CONSTANTS.indexOf(v));
/** `2^e` for an `i32x4` exponent `e` on the stack (normal range): `(e + 127) << 23`. */
const powerOfTwo = [...i32(127), ...I32X4.splat, ...I32X4.add, ...i32(23), ...I32X4.shl];

const EXP: WasmFunction = {
  name: 'exp',
  params: [I32, I32, I32],
  locals: [[I32, 1], [V128, 4 + CONSTANTS.length]],
  body: [
    ...CONSTANTS.flatMap((v, k) => [...f32(v), ...SPLAT, ...set(8 + k)]),
    ...loop16(O, BYTES, [
      ...at(IN, O), ...LOAD, ...constant(HI), ...MIN, ...constant(LO), ...MAX, ...tee(XV),
      ...constant(LOG2E), ...MUL, ...F32X4_NEAREST, ...set(NV),
      ...get(XV), ...get(NV), ...constant(LN2_HI), ...MUL, ...SUB, ...get(NV), ...constant(LN2_LO), ...MUL, ...SUB, ...set(RV),
      ...constant(P[0]!), ...P.slice(1).flatMap((k) => [...get(RV), ...MUL, ...constant(k), ...ADD]), // P(r)
      ...get(RV), ...get(RV), ...MUL, ...MUL, ...get(RV), ...ADD, ...constant(1), ...ADD, // 1 + r + r² P(r)
      ...get(NV), ...I32X4.truncSatF32, ...tee(HALF), ...i32(1), ...I32X4.shrS, ...tee(HALF), ...powerOfTwo, ...MUL,
      ...get(NV), ...I32X4.truncSatF32, ...get(HALF), ...I32X4.sub, ...powerOfTwo, ...MUL, // · 2^⌊n/2⌋ · 2^(n − ⌊n/2⌋)
      ...set(XV), ...at(OUT, O), ...get(XV), ...STORE,
    ]),
  ],
};

/** The module's bytes: one function `exp`, memory imported as `env.memory`. @internal */
export const EXP_MODULE_BYTES = moduleBytes([EXP]);

const MARK = Symbol('ignis.wasmExp');

/** The SIMD function for float32 inputs of at least 4 elements, `original` for the rest. */
const expStrategy = (original: tf.KernelFunc): tf.KernelFunc => (args) => {
  const x = args.inputs.x!;
  const n = sizeOf(x.shape);
  if (x.dtype !== 'float32' || n < 4) return original(args);
  const b = args.backend as unknown as WasmBackendLike;
  const out = b.makeOutput(x.shape, 'float32');
  overElements(exportsOn(EXP_MODULE_BYTES, b.wasm.asm.memory).exp!, [offsetOf(b, x), offsetOf(b, out)], n);
  return out;
};

/**
 * Replace the wasm `Exp` kernel by the SIMD function for float32 inputs of at least 4 elements
 * (idempotent); returns whether it installed it. Call after the wasm backend is initialized.
 * @internal
 */
export function installWasmExp(): boolean {
  return validates(EXP_MODULE_BYTES) && overrideWasmKernel('Exp', MARK, expStrategy);
}
