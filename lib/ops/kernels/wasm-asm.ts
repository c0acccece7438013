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
/** `i32.mul`. @internal */
export const I32_MUL = [0x6c];
/** `i32.lt_u`, `i32.ge_u`, `i32.eqz`. @internal */
export const I32_LT_U = [0x49];
/** @internal */
export const I32_GE_U = [0x4f];
/** @internal */
export const I32_EQZ = [0x45];
/** `f32` scalar arithmetic. @internal */
export const F32_OP = { add: [0x92], sub: [0x93], mul: [0x94] } as const;
/** `f64` scalar arithmetic and conversions. @internal */
export const F64_OP = { add: [0xa0], sub: [0xa1], mul: [0xa2], div: [0xa3], promoteF32: [0xbb], demoteF64: [0xb6] } as const;
/** `if … end` on the i32 on the stack (no result). @internal */
export const ifThen = (body: readonly number[]): number[] => [0x04, 0x40, ...body, 0x0b];
/** `if … else … end` on the i32 on the stack (no result). @internal */
export const ifElse = (then: readonly number[], otherwise: readonly number[]): number[] => [0x04, 0x40, ...then, 0x05, ...otherwise, 0x0b];
/** `call f` (a function index of the same module). @internal */
export const call = (f: number): number[] => [0x10, ...uleb(f)];
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
/** `v128.load32_splat` at a constant byte `offset` past the address on the stack. @internal */
export const load32SplatAt = (offset: number): number[] => [...simd(0x09), 0, ...uleb(offset)];
/** `f32.load` / `f32.store` (alignment 2⁰) at a constant byte `offset`. @internal */
export const f32LoadAt = (offset: number): number[] => [0x2a, 0, ...uleb(offset)];
/** @internal */
export const f32StoreAt = (offset: number): number[] => [0x38, 0, ...uleb(offset)];
/** `f64.load` / `f64.store` (alignment 2⁰) at a constant byte `offset`. @internal */
export const f64LoadAt = (offset: number): number[] => [0x2b, 0, ...uleb(offset)];
/** @internal */
export const f64StoreAt = (offset: number): number[] => [0x39, 0, ...uleb(offset)];
/** `f32x4.extract_lane` / `f64x2.extract_lane`. @internal */
export const f32x4Extract = (lane: number): number[] => [...simd(0x1f), lane];
/** @internal */
export const f64x2Extract = (lane: number): number[] => [...simd(0x21), lane];
/** `i8x16.shuffle` of the two vectors on the stack by 16 byte indices (0–15 the first, 16–31 the second). @internal */
export const shuffle = (bytes: readonly number[]): number[] => [...simd(0x0d), ...bytes];
/** `i8x16.shuffle` picking four 32-bit lanes (0–3 the first vector, 4–7 the second). @internal */
export const shuffle32 = (lanes: readonly number[]): number[] => shuffle(lanes.flatMap((l) => [4 * l, 4 * l + 1, 4 * l + 2, 4 * l + 3]));
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

/**
 * The bytes of a module exporting `functions` (no results; a function may call another by its
 * index in `functions`), memory imported as `env.memory` — a shared memory (with the maximum
 * of tfjs's heap, 65536 pages) when `shared`.
 * @internal
 */
export function moduleBytes(functions: readonly WasmFunction[], shared = false): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), 0]);
  const codes = functions.map((f) => {
    const code = [...vec(f.locals.map(([type, count]) => [...uleb(count), type])), ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec(types)),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, ...(shared ? [0x03, 0x01, ...uleb(65536)] : [0x00, 0x01])]])),
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
const sharedBytes = new WeakMap<Uint8Array, Uint8Array>();

/** Whether `memory` (a `WebAssembly.Memory`) is shared (its buffer a `SharedArrayBuffer`). @internal */
export function isShared(memory: object): boolean {
  const buffer = (memory as { readonly buffer?: unknown }).buffer;
  return typeof SharedArrayBuffer !== 'undefined' && buffer instanceof SharedArrayBuffer;
}

/**
 * The bytes of a {@link moduleBytes} module importing a SHARED memory instead (a module must
 * declare a shared import to link to a shared memory): the import section rewritten.
 * @internal
 */
export function sharedVariant(bytes: Uint8Array): Uint8Array {
  const known = sharedBytes.get(bytes);
  if (known !== undefined) return known;
  const out: number[] = [...bytes.subarray(0, 8)];
  let p = 8;
  const readUleb = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[p++]!;
      result += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (p < bytes.length) {
    const id = bytes[p++]!;
    const length = readUleb();
    const body = id === 2 ? vec([[...name('env'), ...name('memory'), 0x02, 0x03, 0x01, ...uleb(65536)]]) : [...bytes.subarray(p, p + length)];
    out.push(...section(id, body));
    p += length;
  }
  const made = new Uint8Array(out);
  sharedBytes.set(bytes, made);
  return made;
}

/** The bytes to instantiate on `memory`: `bytes` itself, or its {@link sharedVariant}. @internal */
export const bytesFor = (bytes: Uint8Array, memory: object): Uint8Array => (isShared(memory) ? sharedVariant(bytes) : bytes);

/**
 * The exports of the module `bytes` instantiated on `memory` (a `WebAssembly.Memory`, shared or
 * not), made once per module and memory.
 * @internal
 */
export function exportsOn(bytes: Uint8Array, memory: object): Readonly<Record<string, KernelExport>> {
  let byMemory = instances.get(bytes);
  if (byMemory === undefined) instances.set(bytes, (byMemory = new WeakMap()));
  const known = byMemory.get(memory);
  if (known !== undefined) return known;
  const instance = new wasmApi!.Instance(new wasmApi!.Module(bytesFor(bytes, memory)), { env: { memory } });
  const made = instance.exports as Readonly<Record<string, KernelExport>>;
  byMemory.set(memory, made);
  return made;
}
