/**
 * Running call lists (`kernel-table.ts`) on the wasm backend's heap: `runParts` runs independent
 * parts — on the calling thread, one after the other, until worker threads are added.
 *
 * @module
 */
import { kernelTable, runCalls } from './kernel-table.js';

/** How many parts a large kernel may be split into (the threads that would run them). @internal */
export function partsAvailable(): number {
  return 1;
}

/** Run every call list of `parts` on `memory` (in any order: they must be independent). @internal */
export function runParts(memory: object, parts: readonly (readonly number[])[]): void {
  const table = kernelTable(memory);
  for (const calls of parts) runCalls(table, calls);
}

/** The parts to split a kernel of `flops` floating-point operations into. @internal */
export function partsFor(_flops: number): number {
  return partsAvailable();
}
