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
 * Why: a JavaScript loop over typed arrays costs ~4.5 ns per element on this machine whatever the
 * arithmetic (a plain copy loop measured the same), so Adam on the hierarchical workload's two
 * 10,000-element parameters spent ~95 µs in its loop plus six 40 kB allocations and uploads per
 * step. The module is a few hundred bytes assembled here (`simd-module.ts` style: no toolchain)
 * and imports the backend's `WebAssembly.Memory`, so it sees every tensor at its heap offset.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** The name the kernel is registered under (wasm backend only). @internal */
export const ADAM_KERNEL = 'IgnisAdam';

/** The parts of the WebAssembly JS API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Readonly<Record<string, unknown>> };
  validate(bytes: Uint8Array): boolean;
}
/** A `WebAssembly.Memory` (an object identity here). */
type WasmMemory = object;
const wasmApi = (globalThis as unknown as { readonly WebAssembly?: WasmApi }).WebAssembly;

/** The parts of tfjs-backend-wasm 4.22's backend the kernel uses. */
interface WasmBackendLike {
  readonly wasm: { readonly asm: { readonly memory: WasmMemory }; readonly HEAPF32: Float32Array };
  readonly dataIdMap: { get(dataId: object): { readonly memoryOffset: number } | undefined };
  makeOutput(shape: readonly number[], dtype: 'float32'): tf.TensorInfo;
}

/** Unsigned LEB128. */
const uleb = (n: number): number[] => {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
};
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];
const vec = (items: readonly (readonly number[])[]): number[] => [...uleb(items.length), ...items.flat()];
const name = (s: string): number[] => vec([...s].map((c) => [c.charCodeAt(0)]));

const I32 = 0x7f;
const F32 = 0x7d;
const V128 = 0x7b;
const get = (i: number): number[] => [0x20, ...uleb(i)];
const set = (i: number): number[] => [0x21, ...uleb(i)];
const tee = (i: number): number[] => [0x22, ...uleb(i)];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];
const I32_ADD = [0x6a];
const LOAD = [...simd(0x00), 0, 0]; // v128.load, align 2⁰ (any address), offset 0
const STORE = [...simd(0x0b), 0, 0];
const SPLAT = simd(0x13);
const SQRT = simd(0xe3);
const ADD = simd(0xe4);
const SUB = simd(0xe5);
const MUL = simd(0xe6);
const DIV = simd(0xe7);

// params: 0 θ, 1 g, 2 m, 3 v, 4 θ', 5 m', 6 v' (byte offsets), 7 bytes; 8 β₁, 9 β₂, 10 1−β₁, 11 1−β₂, 12 s, 13 c, 14 ε
// locals: 15 o (byte cursor), 16 g, 17 m', 18 v', 19–25 the seven scalars splatted
const [X, G, M, V, XO, MO, VO, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
const [O, GV, MV, VV] = [15, 16, 17, 18];
const at = (base: number): number[] => [...get(base), ...get(O), ...I32_ADD];
const splat = (k: number): number[] => get(19 + k);

const body: number[] = [
  ...Array.from({ length: 7 }, (_, k) => [...get(8 + k), ...SPLAT, ...set(19 + k)]).flat(),
  0x02, 0x40, 0x03, 0x40, // block, loop
  ...get(O), ...get(BYTES), 0x4f, 0x0d, 1, // if o ≥ bytes: break
  ...at(G), ...LOAD, ...set(GV),
  ...at(MO), ...splat(0), ...at(M), ...LOAD, ...MUL, ...splat(2), ...get(GV), ...MUL, ...ADD, ...tee(MV), ...STORE,
  ...at(VO), ...splat(1), ...at(V), ...LOAD, ...MUL, ...splat(3), ...get(GV), ...MUL, ...get(GV), ...MUL, ...ADD, ...tee(VV), ...STORE,
  ...at(XO), ...at(X), ...LOAD, ...splat(4), ...get(MV), ...MUL, ...get(VV), ...splat(5), ...MUL, ...SQRT, ...splat(6), ...ADD, ...DIV, ...SUB, ...STORE,
  ...get(O), 0x41, 16, ...I32_ADD, ...set(O), // o += 16
  0x0c, 0, 0x0b, 0x0b, // br loop, end loop, end block
  0x0b, // end function
];
const locals = vec([[1, I32], [10, V128]]);
const code = [...locals, ...body];

/** The module's bytes: one function `adam`, memory imported as `env.memory`. @internal */
export const ADAM_MODULE_BYTES = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, vec([[0x60, ...vec([...Array<number[]>(8).fill([I32]), ...Array<number[]>(7).fill([F32])]), 0]])),
  ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
  ...section(3, vec([[0]])),
  ...section(7, vec([[...name('adam'), 0x00, 0]])),
  ...section(10, vec([[...uleb(code.length), ...code]])),
]);

type AdamExport = (...args: number[]) => void;

/** Instances by memory (one per wasm backend instance). */
const instances = new WeakMap<WasmMemory, AdamExport>();

function adamOf(memory: WasmMemory): AdamExport {
  const known = instances.get(memory);
  if (known !== undefined) return known;
  const instance = new wasmApi!.Instance(new wasmApi!.Module(ADAM_MODULE_BYTES), { env: { memory } });
  const adam = instance.exports.adam as AdamExport;
  instances.set(memory, adam);
  return adam;
}

/** Attributes of {@link ADAM_KERNEL}: `[β₁, β₂, s, c, ε]` as above. @internal */
export interface AdamAttrs {
  readonly b1: number;
  readonly b2: number;
  readonly step: number;
  readonly invC2: number;
  readonly eps: number;
}

const adamKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const b = backend as unknown as WasmBackendLike;
  const { b1, b2, step, invC2, eps } = attrs as unknown as AdamAttrs;
  const { x, g, m, v } = inputs as Readonly<Record<'x' | 'g' | 'm' | 'v', tf.TensorInfo>>;
  const outs = [b.makeOutput(x.shape, 'float32'), b.makeOutput(x.shape, 'float32'), b.makeOutput(x.shape, 'float32')] as const;
  const offset = (t: tf.TensorInfo): number => b.dataIdMap.get(t.dataId)!.memoryOffset;
  const n = x.shape.reduce((p, d) => p * d, 1);
  const simdCount = n - (n % 4);
  const ptrs = [x, g, m, v, ...outs].map(offset);
  adamOf(b.wasm.asm.memory)(...ptrs, simdCount * 4, b1, b2, 1 - b1, 1 - b2, step, invC2, eps);
  if (simdCount < n) {
    // the last n mod 4 elements, in JavaScript on the heap (float64, rounded on store)
    const heap = b.wasm.HEAPF32;
    const [xp, gp, mp, vp, xop, mop, vop] = ptrs.map((p) => p / 4) as [number, number, number, number, number, number, number];
    for (let i = simdCount; i < n; i++) {
      const gi = heap[gp + i]!;
      const mi = b1 * heap[mp + i]! + (1 - b1) * gi;
      const vi = b2 * heap[vp + i]! + (1 - b2) * gi * gi;
      heap[mop + i] = mi;
      heap[vop + i] = vi;
      heap[xop + i] = heap[xp + i]! - (step * mi) / (Math.sqrt(vi * invC2) + eps);
    }
  }
  return [...outs];
};

/** Whether this runtime has wasm SIMD (Node ≥ 16.4 does). */
const simdAvailable = (): boolean => {
  try {
    return wasmApi?.validate(ADAM_MODULE_BYTES) === true;
  } catch {
    return false;
  }
};

/**
 * Register {@link ADAM_KERNEL} for the wasm backend (idempotent); returns whether it is
 * registered. Call after the wasm backend is initialized.
 * @internal
 */
export function installWasmAdam(): boolean {
  if (tf.getKernel(ADAM_KERNEL, 'wasm') !== undefined) return true;
  if (!simdAvailable()) return false;
  tf.registerKernel({ kernelName: ADAM_KERNEL, backendName: 'wasm', kernelFunc: adamKernel });
  return true;
}

/**
 * Adam's update of one parameter by {@link ADAM_KERNEL}: `[θ', m', v']`, or `undefined` when
 * the active backend has no such kernel.
 * @internal
 */
export function wasmAdamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamAttrs): readonly tf.Tensor[] | undefined {
  if (tf.getKernel(ADAM_KERNEL, tf.getBackend()) === undefined) return undefined;
  if (x.dtype !== 'float32' || g.dtype !== 'float32' || m.dtype !== 'float32' || v.dtype !== 'float32') return undefined;
  return tf.engine().runKernel<tf.Tensor[]>(ADAM_KERNEL, { x, g, m, v }, attrs as unknown as tf.NamedAttrMap);
}
