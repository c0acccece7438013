/**
 * Adam's elementwise update as a wasm SIMD kernel (`IgnisAdam`) on the wasm backend's own heap:
 * four float32 lanes per instruction, reading `θ, g, m, v` where the tensors live and writing
 * three new tensors there, with no copy out to JavaScript and none back.
 *
 *     m' = β₁ m + (1 − β₁) g,   v' = β₂ v + (1 − β₂) g²,   θ' = θ − s m' / (√(v' c) + ε)
 *
 * with `s = lr / (1 − β₁ᵗ)` and `c = 1 / (1 − β₂ᵗ)`, in float32 arithmetic (as torch's Adam; the
 * JavaScript loop it replaces rounds float64 results to float32, so the two agree to a few ulps).
 *
 * Why: Adam on the hierarchical workload's two 10,000-element parameters spent ~95 µs per step in
 * its JavaScript loop (~4.5 ns per element) plus six 40 kB allocations and uploads. The module is
 * a few hundred bytes assembled by `wasm-asm.ts` (no toolchain) and imports the backend's
 * `WebAssembly.Memory`, so it sees every tensor at its heap offset. A size that is not a multiple
 * of 4 ends with an overlapping block of the last four elements (`overElements`).
 *
 * While it writes, the kernel also summarizes each parameter (`AdamSummary`: whether `θ', m', v'`
 * are all finite, and `[min θ', max θ']`, three SIMD accumulators in a 48-byte slot on the heap):
 * SVI refuses a poisoned or divergent step from it without a single extra kernel.
 *
 * A large dispatch (a VAE's 635k parameters: seven 2.5 MB streams) is cut into parts over the
 * kernel threads (`parallel.ts`), each with its own summary slots, merged by `min`/`max` (exact,
 * order-free); every element is computed by the same instructions, so the bits do not depend on
 * the number of threads.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { F32, F32X4, I32, LOAD, SPLAT, STORE, V128, at as atCursor, get, loadAt, loop16, moduleBytes, set, storeAt, tee, validates, type WasmFunction } from './wasm-asm.js';
import { heapScratch, offsetOf, type WasmBackendLike } from './wasm-heap.js';
import { kernelIds, pushCall } from './kernel-table.js';
import { partsFor, runParts } from './parallel.js';

/** The name the kernel is registered under (wasm backend only). @internal */
export const ADAM_KERNEL = 'IgnisAdam';

const { add: ADD, sub: SUB, mul: MUL, div: DIV, sqrt: SQRT, abs: ABS, max: MAX, min: MIN } = F32X4;

// params: 0 θ, 1 g, 2 m, 3 v, 4 θ', 5 m', 6 v' (byte offsets), 7 bytes; 8 β₁, 9 β₂, 10 1−β₁, 11 1−β₂, 12 s, 13 c, 14 ε;
// 15 the byte offset of a 48-byte summary slot
// locals: 16 o (byte cursor), 17 g, 18 m', 19 v', 20–26 the seven scalars splatted, 27 θ', 28–30 the running summary
const [X, G, M, V, XO, MO, VO, BYTES, SUMMARY] = [0, 1, 2, 3, 4, 5, 6, 7, 15];
const [O, GV, MV, VV, XV, XMIN, XMAX, SMAX] = [16, 17, 18, 19, 27, 28, 29, 30];
const splat = (k: number): number[] => get(20 + k);
const at = (base: number): number[] => atCursor(base, O);

/**
 * The summary, lane by lane: `min θ'`, `max θ'` and `max(v', |m'|)`, with `f32x4.min`/`max`, which
 * return NaN when either operand is NaN — so it is finite exactly when every value written is
 * (a NaN or infinite gradient always reaches `v'`), and it gives the new parameter's range.
 * Read by {@link adamKernel} after each parameter.
 */
const ADAM: WasmFunction = {
  name: 'adam',
  params: [...Array<number>(8).fill(I32), ...Array<number>(7).fill(F32), I32],
  locals: [[I32, 1], [V128, 14]],
  body: [
    ...Array.from({ length: 7 }, (_, k) => [...get(8 + k), ...SPLAT, ...set(20 + k)]).flat(),
    ...get(SUMMARY), ...LOAD, ...set(XMIN),
    ...get(SUMMARY), ...loadAt(16), ...set(XMAX),
    ...get(SUMMARY), ...loadAt(32), ...set(SMAX),
    ...loop16(O, BYTES, [
      ...at(G), ...LOAD, ...set(GV),
      ...at(MO), ...splat(0), ...at(M), ...LOAD, ...MUL, ...splat(2), ...get(GV), ...MUL, ...ADD, ...tee(MV), ...STORE,
      ...at(VO), ...splat(1), ...at(V), ...LOAD, ...MUL, ...splat(3), ...get(GV), ...MUL, ...get(GV), ...MUL, ...ADD, ...tee(VV), ...STORE,
      ...at(XO), ...at(X), ...LOAD, ...splat(4), ...get(MV), ...MUL, ...get(VV), ...splat(5), ...MUL, ...SQRT, ...splat(6), ...ADD, ...DIV, ...SUB, ...tee(XV), ...STORE,
      ...get(XMIN), ...get(XV), ...MIN, ...set(XMIN),
      ...get(XMAX), ...get(XV), ...MAX, ...set(XMAX),
      ...get(SMAX), ...get(VV), ...MAX, ...get(MV), ...ABS, ...MAX, ...set(SMAX),
    ]),
    ...get(SUMMARY), ...get(XMIN), ...STORE,
    ...get(SUMMARY), ...get(XMAX), ...storeAt(16),
    ...get(SUMMARY), ...get(SMAX), ...storeAt(32),
  ],
};

/** The module's bytes: one function `adam`, memory imported as `env.memory`. @internal */
export const ADAM_MODULE_BYTES = moduleBytes([ADAM]);

/** One parameter's scalars for {@link ADAM_KERNEL}: `β₁, β₂, s, c, ε` as above. @internal */
export interface AdamAttrs {
  readonly b1: number;
  readonly b2: number;
  readonly step: number;
  readonly invC2: number;
  readonly eps: number;
}

/** One parameter's update: its value, gradient, moments and scalars. @internal */
export interface AdamEntry {
  readonly x: tf.Tensor;
  readonly g: tf.Tensor;
  readonly m: tf.Tensor;
  readonly v: tf.Tensor;
  readonly attrs: AdamAttrs;
}

/** Elements per microsecond of the kernel on one thread (~2.5 ns per element: seven streams, a square root and a division per lane). */
const ELEMENTS_PER_US = 400;
/** What one parameter's update wrote: whether all of it is finite, and the new value's range. @internal */
export interface AdamSummary {
  readonly finite: boolean;
  /** `[min θ', max θ']` (NaN when an element is NaN). */
  readonly range: [number, number];
}

/** The summaries of the last {@link ADAM_KERNEL} dispatch, per parameter. */
let lastSummaries: readonly AdamSummary[] = [];

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * The kernel: inputs `x0, g0, m0, v0, x1, …` and attribute `groups` (one {@link AdamAttrs} per
 * parameter); outputs `θ'₀, m'₀, v'₀, θ'₁, …`. Every output is allocated before any update runs
 * (an allocation may grow the heap; offsets stay valid). Records each parameter's
 * {@link AdamSummary} in {@link lastSummaries} (its summary slot, reset before and read after).
 */
const adamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const { groups } = attrs as unknown as { readonly groups: readonly AdamAttrs[] };
  const outs = groups.flatMap((_, i) => {
    const shape = inputs[`x${i}`]!.shape;
    return [b.makeOutput(shape, 'float32'), b.makeOutput(shape, 'float32'), b.makeOutput(shape, 'float32')];
  });
  const sizes = groups.map((_, i) => sizeOf(inputs[`x${i}`]!.shape));
  const memory = b.wasm.asm.memory;
  const parts = partsFor(sizes.reduce((a, n) => a + n, 0) / ELEMENTS_PER_US, memory);
  const slots = heapScratch(b, 0, 48 * groups.length * parts); // one summary slot per parameter and part
  const id = kernelIds(ADAM_MODULE_BYTES).adam!;
  const summary = b.wasm.HEAPF32.subarray(slots / 4, slots / 4 + 12 * groups.length * parts); // no allocation from here on
  const calls = adamCalls(
    groups.map((g, i) => ({
      offsets: [inputs[`x${i}`]!, inputs[`g${i}`]!, inputs[`m${i}`]!, inputs[`v${i}`]!, outs[3 * i]!, outs[3 * i + 1]!, outs[3 * i + 2]!].map((t) => offsetOf(b, t)),
      n: sizes[i]!,
      scalars: [g.b1, g.b2, 1 - g.b1, 1 - g.b2, g.step, g.invC2, g.eps],
    })),
    parts,
    (group, part) => slots + 48 * (group * parts + part),
    id,
  );
  for (let k = 0; k < summary.length; k += 12) {
    summary.fill(Infinity, k, k + 4);
    summary.fill(-Infinity, k + 4, k + 8);
    summary.fill(0, k + 8, k + 12);
  }
  runParts(memory, calls);
  lastSummaries = groups.map((_, i) => {
    // min/max are exact and order-free: the same summary whatever the split
    let [lo, hi, big] = [Infinity, -Infinity, 0];
    for (let part = 0; part < parts; part++) {
      const k = 12 * (i * parts + part);
      lo = Math.min(lo, summary[k]!, summary[k + 1]!, summary[k + 2]!, summary[k + 3]!);
      hi = Math.max(hi, summary[k + 4]!, summary[k + 5]!, summary[k + 6]!, summary[k + 7]!);
      big = Math.max(big, summary[k + 8]!, summary[k + 9]!, summary[k + 10]!, summary[k + 11]!);
    }
    const range: [number, number] = [lo, hi];
    return { finite: Number.isFinite(lo) && Number.isFinite(hi) && big <= FLOAT32_MAX, range };
  });
  return outs;
};

/** One parameter's update for {@link adamCalls}: its seven byte offsets, element count and scalars. */
interface AdamJob {
  readonly offsets: readonly number[];
  readonly n: number;
  readonly scalars: readonly number[];
}

/**
 * The call lists of the updates of `jobs` cut into `parts` near-equal runs of whole 4-element
 * blocks over all parameters in turn; a parameter's overlapping last block (when its size is not
 * a multiple of 4) runs in the part that has its last whole block, so no two parts write the same
 * element. Parameter `i`'s calls in part `p` accumulate into the summary slot `slot(i, p)`.
 * Every element is computed by the same instructions whatever the split: the same bits.
 * @internal
 */
export function adamCalls(jobs: readonly AdamJob[], parts: number, slot: (job: number, part: number) => number, id: number): number[][] {
  const blocks = jobs.map((j) => Math.floor(j.n / 4));
  const total = blocks.reduce((a, n) => a + n, 0);
  const lists: number[][] = Array.from({ length: parts }, () => []);
  let start = 0; // first block of the current parameter in the global numbering
  jobs.forEach((job, i) => {
    for (let p = 0; p < parts; p++) {
      const [from, to] = [Math.floor((p * total) / parts), Math.floor(((p + 1) * total) / parts)];
      const [b0, b1] = [Math.max(from, start) - start, Math.min(to, start + blocks[i]!) - start];
      if (b1 > b0) pushCall(lists[p]!, id, ...job.offsets.map((o) => o + 16 * b0), 16 * (b1 - b0), ...job.scalars, slot(i, p));
      if (job.n % 4 !== 0 && b1 === blocks[i]! && b1 > b0) pushCall(lists[p]!, id, ...job.offsets.map((o) => o + 4 * (job.n - 4)), 16, ...job.scalars, slot(i, p));
    }
    start += blocks[i]!;
  });
  return lists.filter((l) => l.length > 0);
}

/**
 * Register {@link ADAM_KERNEL} for the wasm backend (idempotent); returns whether it is
 * registered. Call after the wasm backend is initialized.
 * @internal
 */
export function installWasmAdam(): boolean {
  if (tf.getKernel(ADAM_KERNEL, 'wasm') !== undefined) return true;
  if (!validates(ADAM_MODULE_BYTES)) return false;
  tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamKernel });
  return true;
}

/** Whether the active backend has {@link ADAM_KERNEL}. @internal */
export const hasAdamKernel = (): boolean => tf.getKernel(ADAM_KERNEL, tf.getBackend()) !== undefined;

/** Whether {@link ADAM_KERNEL} takes this parameter: float32 tensors of 4 elements or more. @internal */
export const adamFits = ({ x, g, m, v }: AdamEntry): boolean =>
  x.size >= 4 && x.dtype === 'float32' && g.dtype === 'float32' && m.dtype === 'float32' && v.dtype === 'float32';

/**
 * Adam's update of every entry by ONE {@link ADAM_KERNEL} dispatch: `[θ', m', v']` per entry, or
 * `undefined` when the active backend has no such kernel. Entries must {@link adamFits}. When
 * `summaries` is given, it receives one {@link AdamSummary} per entry.
 * @internal
 */
export function wasmAdamUpdates(entries: readonly AdamEntry[], summaries?: AdamSummary[]): readonly (readonly tf.Tensor[])[] | undefined {
  if (!hasAdamKernel()) return undefined;
  if (entries.length === 0) return [];
  const inputs: Record<string, tf.Tensor> = {};
  entries.forEach(({ x, g, m, v }, i) => Object.assign(inputs, { [`x${i}`]: x, [`g${i}`]: g, [`m${i}`]: m, [`v${i}`]: v }));
  const outs = tf.engine().runKernel<tf.Tensor[]>(ADAM_KERNEL, inputs, { groups: entries.map((e) => e.attrs) } as unknown as tf.NamedAttrMap);
  summaries?.push(...lastSummaries);
  return entries.map((_, i) => outs.slice(3 * i, 3 * i + 3));
}

/**
 * Adam's update of one parameter by {@link ADAM_KERNEL}: `[θ', m', v']`, or `undefined` when
 * the active backend has no such kernel or the parameter does not {@link adamFits}.
 * @internal
 */
export function wasmAdamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamAttrs): readonly tf.Tensor[] | undefined {
  const entry = { x, g, m, v, attrs };
  return adamFits(entry) ? wasmAdamUpdates([entry])?.[0] : undefined;
}
