/**
 * A few hundred bytes of WebAssembly, assembled in-process: the encoder for the small SIMD
 * modules Ignis runs on the wasm backend's heap (no toolchain, no binary in the repository).
 *
 * A module here imports the backend's `WebAssembly.Memory` as `env.memory`, so its functions
 * read and write tensors where they live, at the byte offsets the backend reports. Each function
 * takes `i32` byte offsets and a byte count, then `f32` scalars, and walks the arrays 16 bytes
 * (four float32 lanes) at a time.
 *
 * Encoding: the WebAssembly core binary format (sections 1 type, 2 import, 3 function, 7 export,
 * 10 code) with the fixed-width SIMD opcodes (`0xfd` prefix, LEB128 opcode).
 *
 * @module
 */

/** Unsigned LEB128. @internal */
export const uleb = (n: number): number[] => {
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

/** Value types. @internal */
export const I32 = 0x7f;
/** @internal */
export const F32 = 0x7d;
/** @internal */
export const V128 = 0x7b;

/** `local.get i`. @internal */
export const get = (i: number): number[] => [0x20, ...uleb(i)];
/** `local.set i`. @internal */
export const set = (i: number): number[] => [0x21, ...uleb(i)];
/** `local.tee i`. @internal */
export const tee = (i: number): number[] => [0x22, ...uleb(i)];
const simd = (op: number): number[] => [0xfd, ...uleb(op)];

/** `i32.add`. @internal */
export const I32_ADD = [0x6a];
/** `i32.sub`. @internal */
export const I32_SUB = [0x6b];
/** `v128.load` / `v128.store` with alignment 2⁰ (any address) and offset 0. @internal */
export const LOAD = [...simd(0x00), 0, 0];
/** @internal */
export const STORE = [...simd(0x0b), 0, 0];
/** `v128.load` / `v128.store` at a constant byte `offset` past the address on the stack. @internal */
export const loadAt = (offset: number): number[] => [...simd(0x00), 0, ...uleb(offset)];
/** @internal */
export const storeAt = (offset: number): number[] => [...simd(0x0b), 0, ...uleb(offset)];
/** `v128.load32_splat`: one float32 from memory in all four lanes. @internal */
export const LOAD32_SPLAT = [...simd(0x09), 0, 0];
/** `f32x4.splat` of an `f32` on the stack. @internal */
export const SPLAT = simd(0x13);
/** `v128.bitselect(a, b, mask)`: bits of `a` where `mask` is set, else of `b`. @internal */
export const BITSELECT = simd(0x52);
/** `f32x4` lane-wise operations. @internal */
export const F32X4 = {
  lt: simd(0x43),
  abs: simd(0xe0),
  sqrt: simd(0xe3),
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  min: simd(0xe8),
  max: simd(0xe9),
  /** `b < a ? b : a` per lane (one x86 instruction; `min` is several, for its NaN rules). */
  pmin: simd(0xea),
  /** `a < b ? b : a` per lane. */
  pmax: simd(0xeb),
} as const;

/** `f32x4` rounding to the nearest integer (ties to even) and `i32x4` lane-wise integer operations. @internal */
export const F32X4_NEAREST = simd(0x6a);
/** @internal */
export const I32X4 = {
  /** Each `f32` lane to `i32`, truncated (saturating; NaN gives 0). */
  truncSatF32: simd(0xf8),
  add: simd(0xae),
  sub: simd(0xb1),
  /** Shift left by an `i32` count on the stack. */
  shl: simd(0xab),
  /** Arithmetic shift right by an `i32` count on the stack. */
  shrS: simd(0xac),
  /** An `i32` on the stack in all four lanes. */
  splat: simd(0x11),
} as const;
/** `i32.const v` (signed LEB128). @internal */
export const i32 = (v: number): number[] => {
  const out: number[] = [0x41];
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
};

/** `f32.const v` (little-endian IEEE single). @internal */
export const f32 = (v: number): number[] => [0x43, ...new Uint8Array(new Float32Array([v]).buffer)];
/** `v128.const` with `v` in all four `f32` lanes. @internal */
export const f32x4 = (v: number): number[] => [...simd(0x0c), ...[0, 1, 2, 3].flatMap(() => [...new Uint8Array(new Float32Array([v]).buffer)])];

/**
 * `for (o = 0; o < bytes; o += step) { body }` with the byte cursor in local `cursor` and the byte
 * count (a multiple of `step`) in local `bytes`.
 * @internal
 */
export const loopStep = (cursor: number, bytes: number, step: number, body: readonly number[]): number[] => [
  0x02, 0x40, 0x03, 0x40, // block, loop
  ...get(cursor), ...get(bytes), 0x4f, 0x0d, 1, // if cursor ≥ bytes (unsigned): break
  ...body,
  ...get(cursor), ...i32(step), ...I32_ADD, ...set(cursor), // cursor += step
  0x0c, 0, 0x0b, 0x0b, // br loop, end loop, end block
];

/** `for (o = 0; o < bytes; o += 16) { body }`: the loop every kernel here runs, 16 bytes at a time. @internal */
export const loop16 = (cursor: number, bytes: number, body: readonly number[]): number[] => loopStep(cursor, bytes, 16, body);

/** How many 16-byte blocks an {@link interleaved} loop handles per iteration. @internal */
export const LANES = 4;

/**
 * `for (o = 0; o < bytes; o += 16·LANES) { … }` over {@link LANES} independent 16-byte blocks at
 * `o, o + 16, …`, emitted stage by stage (`stage(0) … stage(LANES − 1)` for each stage in turn),
 * so the processor overlaps the blocks' dependency chains: V8 does not unroll wasm loops, and a
 * long chain per block (a polynomial by Horner's rule) otherwise leaves most of each iteration
 * waiting. Each stage must use locals of its own block (`lane`) and address memory at the
 * cursor plus `16 · lane`. Measured on the tanh kernel over 16 Ki floats: 31 µs one block per
 * iteration, 21 µs two, 16 µs four; the same bits.
 * @internal
 */
export const interleaved = (cursor: number, bytes: number, stages: readonly ((lane: number) => number[])[]): number[] =>
  loopStep(cursor, bytes, 16 * LANES, stages.flatMap((stage) => Array.from({ length: LANES }, (_, lane) => stage(lane)).flat()));

/**
 * `do { body } while (--counter !== 0)`: `body` runs `counter` times (which must be ≥ 1 on
 * entry), counting the local `counter` down to zero.
 * @internal
 */
export const countdown = (counter: number, body: readonly number[]): number[] => [
  0x03, 0x40, // loop
  ...body,
  ...get(counter), 0x41, 1, ...I32_SUB, ...tee(counter), 0x0d, 0, // br_if loop while counter − 1 ≠ 0
  0x0b, // end loop
];

/** `base + cursor`: the address of the current 16 bytes of the array at byte offset `base`. @internal */
export const at = (base: number, cursor: number): number[] => [...get(base), ...get(cursor), ...I32_ADD];

/** One exported function: its parameter types, extra locals (type, count) and body. @internal */
export interface WasmFunction {
  readonly name: string;
  readonly params: readonly number[];
  readonly locals: readonly (readonly [type: number, count: number])[];
  readonly body: readonly number[];
}

/** The bytes of a module exporting `functions` (no results), memory imported as `env.memory`. @internal */
export function moduleBytes(functions: readonly WasmFunction[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]);
  const codes = functions.map((f) => {
    const code = [...vec(f.locals.map(([type, count]) => [...uleb(count), type])), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 0x01]])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(codes)),
  ]);
}

/** The parts of the WebAssembly JS API used here (the project's `lib` has no DOM types). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: Readonly<Record<string, unknown>> };
  validate(bytes: Uint8Array): boolean;
}
const wasmApi = (globalThis as unknown as { readonly WebAssembly?: WasmApi }).WebAssembly;

/** Whether this runtime accepts `bytes` (Node ≥ 16.4 has wasm SIMD). @internal */
export function validates(bytes: Uint8Array): boolean {
  try {
    return wasmApi?.validate(bytes) === true;
  } catch {
    return false;
  }
}

/** An exported kernel function: byte offsets, byte counts and scalars in, nothing out. @internal */
export type KernelExport = (...args: number[]) => void;

const instances = new WeakMap<Uint8Array, WeakMap<object, Readonly<Record<string, KernelExport>>>>();

/**
 * The exports of the module `bytes` instantiated on `memory` (a `WebAssembly.Memory`), made once
 * per module and memory.
 * @internal
 */
export function exportsOn(bytes: Uint8Array, memory: object): Readonly<Record<string, KernelExport>> {
  let byMemory = instances.get(bytes);
  if (byMemory === undefined) instances.set(bytes, (byMemory = new WeakMap()));
  const known = byMemory.get(memory);
  if (known !== undefined) return known;
  const instance = new wasmApi!.Instance(new wasmApi!.Module(bytes), { env: { memory } });
  const made = instance.exports as Readonly<Record<string, KernelExport>>;
  byMemory.set(memory, made);
  return made;
}
