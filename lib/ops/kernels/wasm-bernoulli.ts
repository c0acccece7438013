/**
 * The Bernoulli log-mass with logits as a wasm SIMD kernel on the heap, for the density kernel
 * of large likelihoods (`distributions/density/glm.ts`: a logistic regression's `[N]` logits, a
 * VAE's `[B, 784]` decoder output):
 *
 *     Σᵢ xᵢ ℓᵢ − softplus ℓᵢ   (float64 sum),      gᵢ = xᵢ − σ(ℓᵢ)   (float32, the ∂/∂ℓᵢ),
 *
 * with `e = exp(−|ℓ|)`, `softplus ℓ = max(ℓ, 0) + log1p(e)`, `σ(ℓ) = ℓ ≥ 0 ? 1/(1 + e) : e/(1 + e)`
 * (`wasm-math.ts`). Each term is computed in float32 (a few ulps) and added in float64; four
 * 16-byte blocks per iteration, interleaved, each with its own float64 accumulators, combined in
 * a fixed order. The array is cut into chunks of {@link BERNOULLI_CHUNK} elements whose partial
 * sums are added in chunk order, so the result does not depend on how many threads ran the
 * chunks (`parallel.ts`).
 *
 * @module
 */
import { BITSELECT, F32, F32X4, I32, LANES, SPLAT, V128, at, get, i32, interleaved, loadAt, loop16, moduleBytes, set, shuffle32, storeAt, validates, type WasmFunction } from './wasm-asm.js';
import { kernelIds } from './kernel-table.js';
import { MATH_CONSTANTS, expFragment, loadMathConstants, log1pFragment, mathConstant } from './wasm-math.js';
import { partsFor, runParts } from './parallel.js';
import type { WasmBackendLike } from './wasm-heap.js';

const { add: ADD, sub: SUB, mul: MUL, div: DIV, abs: ABS, lt: LT, pmax: MAX } = F32X4;
const F64X2_ADD = [0xfd, 0xf0, 0x01];
const F64X2_PROMOTE_LOW = [0xfd, 0x5f];
const F64X2_EXTRACT = (lane: number): number[] => [0xfd, 0x21, lane];
const F64_ADD = [0xa0];
const F64_STORE = [0x39, 0, 0];

/** Elements per chunk (a multiple of 16): the unit of the float64 partial sums. @internal */
export const BERNOULLI_CHUNK = 16384;

// params: 0 x, 1 ℓ, 2 g (byte offsets), 3 bytes (a multiple of 16), 4 out (byte offset of the float64 sum), 5 weight (f32)
// i32 locals: 6 cursor, 7 wide bytes; v128: 8… constants, then per lane x, ℓ, e, n, r, half, s, s², σ-scale, lp, acc lo, acc hi; then the weight
const [X, L, G, BYTES, OUT, W, O, WIDE] = [0, 1, 2, 3, 4, 5, 6, 7];
const C0 = 8;
const c = mathConstant(C0);
const PER_LANE = 12;
const v = (lane: number, k: number): number => C0 + MATH_CONSTANTS.length + PER_LANE * lane + k;
const [XV, LV, EV, NV, RV, HALF, SV, S2, QV, LP, LO, HI] = Array.from({ length: PER_LANE }, (_, k) => (lane: number) => v(lane, k));
const WV = v(LANES, 0);

const STAGES: readonly ((lane: number) => number[])[] = [
  (l) => [
    ...at(X, O), ...loadAt(16 * l), ...set(XV!(l)), ...at(L, O), ...loadAt(16 * l), ...set(LV!(l)),
    ...c(0), ...get(LV!(l)), ...ABS, ...SUB, ...set(EV!(l)), ...expFragment(EV!(l), NV!(l), RV!(l), HALF!(l), c), ...set(EV!(l)),
  ],
  (l) => [
    ...c(1), ...c(1), ...get(EV!(l)), ...ADD, ...DIV, ...set(QV!(l)), // 1 / (1 + e)
    ...at(G, O), ...get(XV!(l)), ...get(EV!(l)), ...get(QV!(l)), ...MUL, ...get(QV!(l)), ...get(LV!(l)), ...c(0), ...LT, ...BITSELECT, ...SUB, ...get(WV), ...MUL, ...storeAt(16 * l),
  ],
  (l) => [
    ...get(XV!(l)), ...get(LV!(l)), ...MUL, ...get(LV!(l)), ...c(0), ...MAX, ...log1pFragment(EV!(l), SV!(l), S2!(l), c), ...ADD, ...SUB, ...set(LP!(l)),
    ...get(LO!(l)), ...get(LP!(l)), ...F64X2_PROMOTE_LOW, ...F64X2_ADD, ...set(LO!(l)),
    ...get(HI!(l)), ...get(LP!(l)), ...get(LP!(l)), ...shuffle32([2, 3, 0, 1]), ...F64X2_PROMOTE_LOW, ...F64X2_ADD, ...set(HI!(l)),
  ],
];

/** The lanes' accumulators summed in a fixed order, onto the stack as one f64. */
const total = (): number[] => {
  const lanes = Array.from({ length: LANES }, (_, l) => l);
  return [
    ...get(LO!(0)), ...get(HI!(0)), ...F64X2_ADD,
    ...lanes.slice(1).flatMap((l) => [...get(LO!(l)), ...get(HI!(l)), ...F64X2_ADD, ...F64X2_ADD]),
    ...set(LP!(0)), ...get(LP!(0)), ...F64X2_EXTRACT(0), ...get(LP!(0)), ...F64X2_EXTRACT(1), ...F64_ADD,
  ];
};

const BERNOULLI: WasmFunction = {
  name: 'bernoulliLogits',
  params: [I32, I32, I32, I32, I32, F32],
  locals: [[I32, 2], [V128, MATH_CONSTANTS.length + PER_LANE * LANES + 1]],
  body: [
    ...loadMathConstants(C0),
    ...get(W), ...SPLAT, ...set(WV),
    ...Array.from({ length: LANES }, (_, l) => [...c(0), ...set(LO!(l)), ...c(0), ...set(HI!(l))]).flat(), // f32 zeros are f64 zeros
    ...get(BYTES), ...i32(-16 * LANES), 0x71, ...set(WIDE), // bytes & −64
    ...i32(0), ...set(O),
    ...interleaved(O, WIDE, STAGES),
    ...loop16(O, BYTES, STAGES.flatMap((stage) => stage(0))),
    ...get(OUT), ...total(), ...F64_STORE,
  ],
};

/** The module's bytes: one function `bernoulliLogits`, memory imported as `env.memory`. @internal */
export const BERNOULLI_MODULE_BYTES = moduleBytes([BERNOULLI]);

/** Whether this runtime runs the module. @internal */
export const bernoulliSupported = (): boolean => validates(BERNOULLI_MODULE_BYTES);

/** Scratch bytes {@link bernoulliLogitsOnHeap} needs for `n` elements: the chunks' partial sums. @internal */
export const bernoulliScratchBytes = (n: number): number => 8 * Math.ceil(n / BERNOULLI_CHUNK) + 16;

/**
 * `Σ xᵢ ℓᵢ − softplus ℓᵢ` over the first `n − n mod 4` elements of the float32 arrays at heap
 * offsets `x` and `l`, in float64, writing `gᵢ = weight · (xᵢ − σ(ℓᵢ))` (float32) at heap offset
 * `g` and the chunks' partial sums at `scratch`; returns the sum. The caller handles the last
 * `n mod 4`. (`weight` is ±1 in an ELBO, an exact product; `g` may be a tensor's own memory.)
 * @internal
 */
export function bernoulliLogitsOnHeap(b: WasmBackendLike, x: number, l: number, g: number, scratch: number, n: number, weight: number): number {
  const id = kernelIds(BERNOULLI_MODULE_BYTES).bernoulliLogits!;
  const whole = n - (n % 4);
  const chunks = Math.ceil(whole / BERNOULLI_CHUNK);
  const partials = (scratch + 15) & ~15;
  const calls = Array.from({ length: chunks }, (_, k) => {
    const from = k * BERNOULLI_CHUNK;
    const count = Math.min(BERNOULLI_CHUNK, whole - from);
    return [id, 6, x + 4 * from, l + 4 * from, g + 4 * from, 4 * count, partials + 8 * k, weight];
  });
  const parts = Math.min(partsFor(whole / 1500, b.wasm.asm.memory), chunks);
  const grouped = Array.from({ length: parts }, (_, p) => calls.slice(Math.floor((p * chunks) / parts), Math.floor(((p + 1) * chunks) / parts)).flat());
  runParts(b.wasm.asm.memory, grouped);
  const sums = new Float64Array(b.wasm.HEAPF32.buffer, partials, chunks);
  let s = 0;
  for (let k = 0; k < chunks; k++) s += sums[k]!;
  return s;
}
