/**
 * Per-op strategies for the wasm backend's `Softplus` and `Sigmoid` on float32 tensors: SIMD
 * functions on the heap (four lanes per instruction) instead of tfjs-backend-wasm's scalar
 * loops, which cost ~20 ns per element (a VAE's `[128, 784]` softplus ~2 ms):
 *
 *     softplus x = max(x, 0) + log1p(e),    σ(x) = x ≥ 0 ? 1 / (1 + e) : e / (1 + e),    e = exp(−|x|),
 *
 * with `exp` and `log1p` from `wasm-math.ts`. Both are exact in form for every `x` (no
 * thresholds): `softplus` keeps full relative accuracy where it is tiny (`x → −∞`: `log1p(e) ≈ e`)
 * and equals `x` to rounding where it is large; `σ` does not overflow. Accuracy (tests): within
 * 4 float32 ulps of the float64 functions. Softplus's gradient `dy σ(x)` is tfjs's (a `Sigmoid`,
 * then a `Multiply`), so it runs on the SIMD `Sigmoid` too. Inputs of other dtypes or fewer than
 * 4 elements use tfjs's kernels. Arrays of 16 elements or more run four 16-byte blocks per loop
 * iteration, interleaved (`interleaved` in `wasm-asm.ts`): 1·10⁶ elements 3.6 → 2.1 ms (softplus)
 * and 2.5 → 1.5 ms (σ), the same bits.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { BITSELECT, F32X4, I32, LANES, V128, at, exportsOn, get, interleaved, loadAt, loop16, moduleBytes, set, storeAt, validates, type WasmFunction } from './wasm-asm.js';
import { offsetOf, overElements, type WasmBackendLike } from './wasm-heap.js';
import { MATH_CONSTANTS, expFragment, loadMathConstants, log1pFragment, mathConstant } from './wasm-math.js';
import { overrideWasmKernel } from './wasm-override.js';

const { add: ADD, mul: MUL, div: DIV, abs: ABS, sub: SUB, lt: LT, pmax: MAX } = F32X4;


// params: 0 x, 1 y (byte offsets), 2 bytes; i32 local 3 cursor; v128 locals 4… constants, then per block
// (`interleaved` lane) x, e, n, r, half, s, s²
const [IN, OUT, BYTES, O, C0] = [0, 1, 2, 3, 4];
const c = mathConstant(C0);
const PER_LANE = 7;
const lane = (l: number, k: number): number => C0 + MATH_CONSTANTS.length + PER_LANE * l + k;
const [XV, EV, NV, RV, HALF, SV, S2] = [0, 1, 2, 3, 4, 5, 6].map((k) => (l: number) => lane(l, k)) as [(l: number) => number, (l: number) => number, (l: number) => number, (l: number) => number, (l: number) => number, (l: number) => number, (l: number) => number];
const locals = (lanes: number): WasmFunction['locals'] => [[I32, 1], [V128, MATH_CONSTANTS.length + PER_LANE * lanes]];
/** Stage 1 of block `l` (at the cursor + 16 l): x into local x, e = exp(−|x|) into local e. */
const expMinusAbs = (l: number): number[] => [
  ...at(IN, O), ...loadAt(16 * l), ...set(XV(l)), ...c(0), ...get(XV(l)), ...ABS, ...SUB, ...set(EV(l)),
  ...expFragment(EV(l), NV(l), RV(l), HALF(l), c), ...set(EV(l)),
];
const softplusStore = (l: number): number[] => [...at(OUT, O), ...get(XV(l)), ...c(0), ...MAX, ...log1pFragment(EV(l), SV(l), S2(l), c), ...ADD, ...storeAt(16 * l)];
const sigmoidStore = (l: number): number[] => [
  ...c(1), ...c(1), ...get(EV(l)), ...ADD, ...DIV, ...set(SV(l)), // 1 / (1 + e)
  ...at(OUT, O), ...get(EV(l)), ...get(SV(l)), ...MUL, ...get(SV(l)), ...get(XV(l)), ...c(0), ...LT, ...BITSELECT, ...storeAt(16 * l),
];
/** The function `name` over 16-byte blocks and its `…Wide` twin over `16 · LANES`-byte blocks, interleaved. */
const pair = (name: string, store: (l: number) => number[]): WasmFunction[] => [
  { name, params: [I32, I32, I32], locals: locals(1), body: [...loadMathConstants(C0), ...loop16(O, BYTES, [...expMinusAbs(0), ...store(0)])] },
  { name: `${name}Wide`, params: [I32, I32, I32], locals: locals(LANES), body: [...loadMathConstants(C0), ...interleaved(O, BYTES, [expMinusAbs, store])] },
];
const [SOFTPLUS, SOFTPLUS_WIDE] = pair('softplus', softplusStore);
const [SIGMOID, SIGMOID_WIDE] = pair('sigmoid', sigmoidStore);

/** The module's bytes: `softplus`, `sigmoid` and their `…Wide` twins, memory imported as `env.memory`. @internal */
export const SOFTPLUS_MODULE_BYTES = moduleBytes([SOFTPLUS!, SOFTPLUS_WIDE!, SIGMOID!, SIGMOID_WIDE!]);

const MARKS = { Softplus: Symbol('ignis.wasmSoftplus'), Sigmoid: Symbol('ignis.wasmSigmoid') } as const;

/** The SIMD function `name` for float32 inputs of at least 4 elements, `original` for the rest. */
const strategy = (name: 'softplus' | 'sigmoid') => (original: tf.KernelFunc): tf.KernelFunc => (args) => {
  const x = args.inputs.x!;
  const n = sizeOf(x.shape);
  if (x.dtype !== 'float32' || n < 4) return original(args);
  const b = args.backend as unknown as WasmBackendLike;
  const out = b.makeOutput(x.shape, 'float32');
  const fns = exportsOn(SOFTPLUS_MODULE_BYTES, b.wasm.asm.memory);
  overElements(fns[name]!, [offsetOf(b, x), offsetOf(b, out)], n, [], fns[`${name}Wide`]);
  return out;
};

/**
 * Replace the wasm `Softplus` and `Sigmoid` kernels by the SIMD functions (idempotent); returns
 * whether it installed them. Call after the wasm backend's kernels are registered.
 * @internal
 */
export function installWasmSoftplus(): boolean {
  if (!validates(SOFTPLUS_MODULE_BYTES)) return false;
  const softplus = overrideWasmKernel('Softplus', MARKS.Softplus, strategy('softplus'));
  const sigmoid = overrideWasmKernel('Sigmoid', MARKS.Sigmoid, strategy('sigmoid'));
  return softplus || sigmoid;
}
