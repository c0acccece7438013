/**
 * Kernel functions by number, so that work can be described as plain numbers — a *call list* —
 * and run by the main thread or a worker thread alike (`parallel.ts`): every exported function
 * of a registered module gets an id, and a call list is the flat sequence
 * `id, argc, arg₀ … arg_{argc−1}, id, argc, …` (byte offsets, counts and float32 scalars, all
 * exact as float64).
 *
 * @module
 */
import { type KernelExport, bytesFor, exportsOn } from './wasm-asm.js';

/** A registered module: its bytes, export names and the id of its first export. */
export interface RegisteredModule {
  readonly bytes: Uint8Array;
  readonly names: readonly string[];
  readonly firstId: number;
}

interface WasmModuleApi {
  readonly Module: { new (bytes: Uint8Array): object; exports(module: object): readonly { readonly name: string }[] };
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmModuleApi }).WebAssembly;

const modules: RegisteredModule[] = [];
const byBytes = new Map<Uint8Array, Readonly<Record<string, number>>>();
const tables = new WeakMap<object, KernelExport[]>();

/** Every registered module, in id order. @internal */
export const registeredModules = (): readonly RegisteredModule[] => modules;

/**
 * The ids of the exports of the module `bytes` (a {@link moduleBytes} module), registering it on
 * first use.
 * @internal
 */
export function kernelIds(bytes: Uint8Array): Readonly<Record<string, number>> {
  const known = byBytes.get(bytes);
  if (known !== undefined) return known;
  const names = wasm.Module.exports(new wasm.Module(bytes)).map((e) => e.name);
  const firstId = modules.reduce((n, m) => n + m.names.length, 0);
  modules.push({ bytes, names, firstId });
  const ids = Object.fromEntries(names.map((n, i) => [n, firstId + i]));
  byBytes.set(bytes, ids);
  return ids;
}

/** The functions of every registered module instantiated on `memory`, indexed by id. @internal */
export function kernelTable(memory: object): readonly KernelExport[] {
  let table = tables.get(memory);
  if (table === undefined) tables.set(memory, (table = []));
  for (const m of modules) {
    if (table.length > m.firstId) continue;
    const fns = exportsOn(m.bytes, memory);
    for (const name of m.names) table.push(fns[name]!);
  }
  return table;
}

/** The bytes a worker instantiates for module `m` on `memory` (see `bytesFor`). @internal */
export const moduleBytesFor = (m: RegisteredModule, memory: object): Uint8Array => bytesFor(m.bytes, memory);

/** Append the call `id(...args)` to `calls`. @internal */
export function pushCall(calls: number[], id: number, ...args: number[]): void {
  calls.push(id, args.length, ...args);
}

/** Run a call list on `table` (the functions of one memory). @internal */
export function runCalls(table: readonly KernelExport[], calls: ArrayLike<number>, length = calls.length): void {
  const args: number[] = [];
  for (let p = 0; p < length; ) {
    const fn = table[calls[p]!]!;
    const argc = calls[p + 1]!;
    args.length = argc;
    for (let i = 0; i < argc; i++) args[i] = calls[p + 2 + i]!;
    fn(...args);
    p += 2 + argc;
  }
}
