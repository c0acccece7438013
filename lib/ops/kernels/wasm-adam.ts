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
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { sizeOf } from '../../core/shape.js';
import { F32, F32X4, I32, LOAD, SPLAT, STORE, V128, at as atCursor, exportsOn, get, loop16, moduleBytes, set, tee, validates, type WasmFunction } from './wasm-asm.js';
import { offsetOf, overElements, type WasmBackendLike } from './wasm-heap.js';

/** The name the kernel is registered under (wasm backend only). @internal */
export const ADAM_KERNEL = 'IgnisAdam';

const { add: ADD, sub: SUB, mul: MUL, div: DIV, sqrt: SQRT } = F32X4;

// params: 0 θ, 1 g, 2 m, 3 v, 4 θ', 5 m', 6 v' (byte offsets), 7 bytes; 8 β₁, 9 β₂, 10 1−β₁, 11 1−β₂, 12 s, 13 c, 14 ε
// locals: 15 o (byte cursor), 16 g, 17 m', 18 v', 19–25 the seven scalars splatted
const [X, G, M, V, XO, MO, VO, BYTES] = [0, 1, 2, 3, 4, 5, 6, 7];
const [O, GV, MV, VV] = [15, 16, 17, 18];
const splat = (k: number): number[] => get(19 + k);
const at = (base: number): number[] => atCursor(base, O);

const ADAM: WasmFunction = {
  name: 'adam',
  params: [...Array<number>(8).fill(I32), ...Array<number>(7).fill(F32)],
  locals: [[I32, 1], [V128, 10]],
  body: [
    ...Array.from({ length: 7 }, (_, k) => [...get(8 + k), ...SPLAT, ...set(19 + k)]).flat(),
    ...loop16(O, BYTES, [
      ...at(G), ...LOAD, ...set(GV),
      ...at(MO), ...splat(0), ...at(M), ...LOAD, ...MUL, ...splat(2), ...get(GV), ...MUL, ...ADD, ...tee(MV), ...STORE,
      ...at(VO), ...splat(1), ...at(V), ...LOAD, ...MUL, ...splat(3), ...get(GV), ...MUL, ...get(GV), ...MUL, ...ADD, ...tee(VV), ...STORE,
      ...at(XO), ...at(X), ...LOAD, ...splat(4), ...get(MV), ...MUL, ...get(VV), ...splat(5), ...MUL, ...SQRT, ...splat(6), ...ADD, ...DIV, ...SUB, ...STORE,
    ]),
  ],
};

/** The module's bytes: one function `adam`, memory imported as `env.memory`. @internal */
export const ADAM_MODULE_BYTES = moduleBytes([ADAM]);

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
  const outs = [b.makeOutput(x.shape, 'float32'), b.makeOutput(x.shape, 'float32'), b.makeOutput(x.shape, 'float32')];
  const n = sizeOf(x.shape);
  const adam = exportsOn(ADAM_MODULE_BYTES, b.wasm.asm.memory).adam!;
  overElements(adam, [x, g, m, v, ...outs].map((t) => offsetOf(b, t)), n, [b1, b2, 1 - b1, 1 - b2, step, invC2, eps]);
  return outs;
};

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

/**
 * Adam's update of one parameter by {@link ADAM_KERNEL}: `[θ', m', v']`, or `undefined` when
 * the active backend has no such kernel or the parameter has fewer than 4 elements.
 * @internal
 */
export function wasmAdamUpdate(x: tf.Tensor, g: tf.Tensor, m: tf.Tensor, v: tf.Tensor, attrs: AdamAttrs): readonly tf.Tensor[] | undefined {
  if (tf.getKernel(ADAM_KERNEL, tf.getBackend()) === undefined) return undefined;
  if (x.size < 4 || x.dtype !== 'float32' || g.dtype !== 'float32' || m.dtype !== 'float32' || v.dtype !== 'float32') return undefined;
  return tf.engine().runKernel<tf.Tensor[]>(ADAM_KERNEL, { x, g, m, v }, attrs as unknown as tf.NamedAttrMap);
}
