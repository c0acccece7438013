/**
 * Elementary functions as wasm SIMD code fragments (four float32 lanes), shared by the kernels
 * that need them (`wasm-softplus.ts`, the density kernels):
 *
 * - `exp`: as `wasm-exp.ts` — Cody–Waite reduction `x = n ln2 + r`, Cephes `expf`'s degree-5
 *   polynomial, `2ⁿ` from exponent bits in two halves (≤ 2 ulps over the normal range).
 * - `log1p(u)` for `u ∈ [0, 1]`: `2 atanh(s)` with `s = u / (2 + u) ∈ [0, ⅓]`, i.e.
 *   `2s (1 + s²/3 + s⁴/5 + … + s¹²/13)`: the series' first omitted term is below 1.4·10⁻⁸
 *   relative, so the float32 evaluation (a division, then Horner's rule) stays within a few ulps,
 *   and `log1p(u) ≈ u` keeps full relative accuracy for tiny `u`.
 *
 * A fragment reads its argument from a local, uses scratch locals it is given, needs the
 * {@link MATH_CONSTANTS} splatted into consecutive locals, and leaves its result on the stack.
 *
 * @module
 */
import { F32X4, F32X4_NEAREST, I32X4, f32, get, i32, set, tee, SPLAT } from './wasm-asm.js';

const { add: ADD, sub: SUB, mul: MUL, div: DIV, pmin: MIN, pmax: MAX } = F32X4;

/** Cephes `expf`'s polynomial, highest degree first: e^r ≈ 1 + r + r² P(r). */
const P = [1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1];
const LOG2E = Math.LOG2E;
const LN2_HI = 0.693359375;
const LN2_LO = -2.12194440e-4;
const [HI, LO] = [89, -104];
/** `1/13, 1/11, …, 1/3` (the atanh series in s², highest first). */
const ATANH = [13, 11, 9, 7, 5, 3].map((k) => 1 / k);

/** The constants the fragments read, in the order of their locals. @internal */
export const MATH_CONSTANTS: readonly number[] = [...P, LOG2E, LN2_HI, LN2_LO, HI, LO, 1, 2, 0, ...ATANH];

/** Code splatting {@link MATH_CONSTANTS} into locals `first …`. @internal */
export const loadMathConstants = (first: number): number[] => MATH_CONSTANTS.flatMap((v, k) => [...f32(v), ...SPLAT, ...set(first + k)]);

/** The constants' accessor for fragments: `get` of the local holding `v`. @internal */
export const mathConstant = (first: number) => (v: number): number[] => get(first + MATH_CONSTANTS.indexOf(v));

/** `2^e` for an `i32x4` exponent `e` on the stack (normal range): `(e + 127) << 23`. */
const powerOfTwo = [...i32(127), ...I32X4.splat, ...I32X4.add, ...i32(23), ...I32X4.shl];

/**
 * `exp(x)` of the local `x` onto the stack; `n`, `r`, `half` are scratch v128 locals, `c` the
 * constants' accessor.
 * @internal
 */
export function expFragment(x: number, n: number, r: number, half: number, c: (v: number) => number[]): number[] {
  return [
    ...get(x), ...c(HI), ...MIN, ...c(LO), ...MAX, ...tee(r), // r ← clamped x
    ...c(LOG2E), ...MUL, ...F32X4_NEAREST, ...set(n),
    ...get(r), ...get(n), ...c(LN2_HI), ...MUL, ...SUB, ...get(n), ...c(LN2_LO), ...MUL, ...SUB, ...set(r),
    ...c(P[0]!), ...P.slice(1).flatMap((k) => [...get(r), ...MUL, ...c(k), ...ADD]),
    ...get(r), ...get(r), ...MUL, ...MUL, ...get(r), ...ADD, ...c(1), ...ADD,
    ...get(n), ...I32X4.truncSatF32, ...tee(half), ...i32(1), ...I32X4.shrS, ...tee(half), ...powerOfTwo, ...MUL,
    ...get(n), ...I32X4.truncSatF32, ...get(half), ...I32X4.sub, ...powerOfTwo, ...MUL,
  ];
}

/** `log1p(u)` of the local `u ∈ [0, 1]` onto the stack; `s`, `s2` scratch v128 locals. @internal */
export function log1pFragment(u: number, s: number, s2: number, c: (v: number) => number[]): number[] {
  return [
    ...get(u), ...c(2), ...get(u), ...ADD, ...DIV, ...tee(s), ...get(s), ...MUL, ...set(s2),
    ...c(ATANH[0]!), ...ATANH.slice(1).flatMap((k) => [...get(s2), ...MUL, ...c(k), ...ADD]),
    ...get(s2), ...MUL, ...c(1), ...ADD, // 1 + s²/3 + … + s¹²/13
    ...get(s), ...MUL, ...c(2), ...MUL,
  ];
}
