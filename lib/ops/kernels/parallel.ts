/**
 * Running call lists (`kernel-table.ts`) on the wasm backend's heap on several threads: tfjs's
 * wasm backend runs one thread in Node, so a large product or elementwise kernel would leave the
 * machine's other cores idle. {@link startThreads} starts worker threads (Node `worker_threads`)
 * that instantiate Ignis's kernel modules on the same SHARED heap (`shared-heap.ts`); then
 * {@link runParts} runs part 0 of a kernel on the calling thread and the others on the workers,
 * and returns when all are done.
 *
 * Protocol, per worker: an `Int32Array` of control words (job number posted, job number done,
 * error flag, modules posted) and a `Float64Array` holding the job's call list. The caller
 * writes the call list, bumps the job number and `Atomics.notify`s; the worker runs the calls
 * and stores the number back. Both sides spin briefly before `Atomics.wait` (a sleeping thread
 * takes ~15–40 µs to wake here). New kernel modules reach a worker as compiled
 * `WebAssembly.Module`s over a `MessageChannel`, read synchronously (`receiveMessageOnPort`)
 * before the job that needs them.
 *
 * Parts must be independent (they write disjoint memory), so the result never depends on the
 * number of threads; splitting decisions (`partsFor`) only weigh the work against the wake-up.
 * Without threads (a browser, a heap that is not shared, `IGNIS_THREADS=1`) everything runs on
 * the calling thread, the same bits.
 *
 * @module
 */
import { type RegisteredModule, kernelTable, moduleBytesFor, registeredModules, runCalls } from './kernel-table.js';
import { isShared } from './wasm-asm.js';

/** Doubles in one job's call list. */
const JOB_CAPACITY = 1 << 14;
/** Spin iterations before sleeping (a few microseconds). */
const SPIN = 4000;
/** A worker that has not finished after this many milliseconds is considered lost. */
const TIMEOUT_MS = 120_000;

const [POSTED, DONE, FAILED, MODULES] = [0, 1, 2, 3];

interface WorkerLike {
  unref(): void;
  terminate(): Promise<number>;
  once(event: 'online' | 'error', listener: (e?: unknown) => void): void;
}
interface PortLike {
  postMessage(message: unknown): void;
  unref?(): void;
}
interface ThreadsApi {
  readonly Worker: new (source: string, options: { eval: true; workerData: unknown; transferList?: unknown[] }) => WorkerLike;
  readonly MessageChannel: new () => { readonly port1: PortLike; readonly port2: unknown };
}

interface Thread {
  readonly worker: WorkerLike;
  readonly ctrl: Int32Array;
  readonly job: Float64Array;
  readonly port: PortLike;
  modules: number;
  jobs: number;
}

interface Pool {
  readonly memory: object;
  readonly threads: readonly Thread[];
}

/** The pool of each memory kernels run on (the wasm backend's heap, the cpu backend's kernel heap). */
const pools = new Map<object, Pool>();

/** The worker's program (CommonJS, evaluated by `new Worker(source, { eval: true })`). */
const WORKER_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const { memory, ctrl, job, port } = workerData;
const table = [];
let modules = 0;
let seen = 0;
const args = [];
for (;;) {
  let spins = 0;
  while (Atomics.load(ctrl, ${POSTED}) === seen) {
    if (++spins > ${SPIN}) { Atomics.wait(ctrl, ${POSTED}, seen); spins = 0; }
  }
  seen = Atomics.load(ctrl, ${POSTED});
  if (seen < 0) break;
  try {
    const want = Atomics.load(ctrl, ${MODULES});
    while (modules < want) {
      const received = receiveMessageOnPort(port);
      if (received === undefined) continue;
      const instance = new WebAssembly.Instance(received.message.module, { env: { memory } });
      for (const name of received.message.names) table.push(instance.exports[name]);
      modules++;
    }
    const length = job[0];
    for (let p = 1; p < 1 + length; ) {
      const fn = table[job[p]];
      const argc = job[p + 1];
      args.length = argc;
      for (let i = 0; i < argc; i++) args[i] = job[p + 2 + i];
      fn(...args);
      p += 2 + argc;
    }
  } catch (e) {
    Atomics.store(ctrl, ${FAILED}, 1);
  }
  Atomics.store(ctrl, ${DONE}, seen);
  Atomics.notify(ctrl, ${DONE});
}
`;

/** The number of threads kernels on `memory` may use: 1 + its pool's workers (1 without a pool). @internal */
export function partsAvailable(memory: object): number {
  return 1 + (pools.get(memory)?.threads.length ?? 0);
}

/** Estimated single-thread microseconds below which a kernel is not split (waking a worker costs ~15–40 µs). */
const SPLIT_FROM_US = 150;

/** The parts to split a kernel on `memory` estimated at `micros` single-thread microseconds into. @internal */
export function partsFor(micros: number, memory: object): number {
  return micros < SPLIT_FROM_US ? 1 : partsAvailable(memory);
}

/** Post the modules registered since `thread` last got any. */
function sendModules(thread: Thread, memory: object, modules: readonly RegisteredModule[]): void {
  const api = (globalThis as unknown as { readonly WebAssembly: { readonly Module: new (b: Uint8Array) => object } }).WebAssembly;
  for (; thread.modules < modules.length; thread.modules++) {
    const m = modules[thread.modules]!;
    thread.port.postMessage({ module: new api.Module(moduleBytesFor(m, memory)), names: m.names });
  }
  Atomics.store(thread.ctrl, MODULES, thread.modules);
}

/** Block until `thread` reports job `job` done (spin, then wait). */
function awaitDone(thread: Thread, job: number): void {
  let spins = 0;
  const started = Date.now();
  while (Atomics.load(thread.ctrl, DONE) !== job) {
    if (++spins > SPIN) {
      Atomics.wait(thread.ctrl, DONE, job - 1, 1000);
      spins = 0;
      if (Date.now() - started > TIMEOUT_MS) throw new Error('runParts: a worker thread did not finish its kernel (lost worker); threads are disabled from now on.');
    }
  }
}

/**
 * Run every call list of `parts` on `memory` (they must be independent): part 0 on the calling
 * thread, the next ones on the workers when `memory` is the pool's, the rest on the calling
 * thread too.
 * @internal
 */
export function runParts(memory: object, parts: readonly (readonly number[])[]): void {
  const table = kernelTable(memory);
  const threads = pools.get(memory)?.threads ?? [];
  const posted: [Thread, number][] = [];
  const modules = registeredModules();
  for (let i = 1; i < parts.length && i - 1 < threads.length; i++) {
    const calls = parts[i]!;
    if (calls.length + 1 > JOB_CAPACITY) continue; // too long to post: runs here
    const thread = threads[i - 1]!;
    if (thread.modules < modules.length) sendModules(thread, memory, modules);
    thread.job[0] = calls.length;
    thread.job.set(calls, 1);
    const job = ++thread.jobs;
    Atomics.store(thread.ctrl, POSTED, job);
    Atomics.notify(thread.ctrl, POSTED);
    posted.push([thread, i]);
  }
  const elsewhere = new Set(posted.map(([, i]) => i));
  for (let i = 0; i < parts.length; i++) if (!elsewhere.has(i)) runCalls(table, parts[i]!);
  let failed = false;
  try {
    for (const [thread] of posted) {
      awaitDone(thread, thread.jobs);
      if (Atomics.exchange(thread.ctrl, FAILED, 0) !== 0) failed = true;
    }
  } catch (e) {
    void stopThreads(memory);
    throw e;
  }
  if (failed) throw new Error('runParts: a kernel failed on a worker thread.');
}

/**
 * Start `count` worker threads running Ignis's kernels on `memory` (a shared
 * `WebAssembly.Memory`), replacing its pool; resolves when they are up. Does nothing (and
 * resolves to 0) outside Node, for a memory that is not shared, or for `count < 1`.
 * @internal
 */
export async function startThreads(memory: object, count: number): Promise<number> {
  await stopThreads(memory);
  if (count < 1 || !isShared(memory)) return 0;
  const specifier = 'node:worker_threads';
  const api = (await import(/* @vite-ignore */ specifier)) as ThreadsApi;
  const threads = await Promise.all(
    Array.from({ length: count }, async (): Promise<Thread> => {
      const ctrl = new Int32Array(new SharedArrayBuffer(16));
      const job = new Float64Array(new SharedArrayBuffer(8 * JOB_CAPACITY));
      const channel = new api.MessageChannel();
      const worker = new api.Worker(WORKER_SOURCE, { eval: true, workerData: { memory, ctrl, job, port: channel.port2 }, transferList: [channel.port2] });
      await new Promise<void>((resolve, reject) => {
        worker.once('online', () => resolve());
        worker.once('error', reject);
      });
      worker.unref();
      channel.port1.unref?.();
      return { worker, ctrl, job, port: channel.port1, modules: 0, jobs: 0 };
    }),
  );
  pools.set(memory, { memory, threads });
  return count;
}

/** Stop the worker threads of `memory` (kernels there then run on the calling thread). @internal */
export async function stopThreads(memory: object): Promise<void> {
  const current = pools.get(memory);
  pools.delete(memory);
  if (current === undefined) return;
  for (const t of current.threads) {
    Atomics.store(t.ctrl, POSTED, -1);
    Atomics.notify(t.ctrl, POSTED);
  }
  await Promise.all(current.threads.map((t) => t.worker.terminate()));
}

/**
 * The default number of kernel threads: `IGNIS_THREADS` if set (1 = none), else the number of
 * cores Node reports, at most 4. @internal
 */
export async function defaultThreadCount(): Promise<number> {
  const env = (globalThis as { readonly process?: { readonly env?: Readonly<Record<string, string | undefined>> } }).process?.env?.IGNIS_THREADS;
  if (env !== undefined && env !== '') {
    const n = Number.parseInt(env, 10);
    return Number.isInteger(n) && n >= 1 ? n : 1;
  }
  const specifier = 'node:os';
  const os = (await import(/* @vite-ignore */ specifier)) as { availableParallelism?: () => number; cpus: () => readonly unknown[] };
  return Math.min(4, Math.max(1, os.availableParallelism?.() ?? os.cpus().length));
}

/**
 * Start the default kernel threads on `memory` (the wasm backend's heap) unless they run there
 * already: `defaultThreadCount() − 1` workers beside the calling thread. Resolves to the number
 * of threads kernels can use.
 * @internal
 */
export async function ensureThreads(memory: object): Promise<number> {
  if (pools.has(memory)) return partsAvailable(memory);
  if (!isShared(memory)) return 1;
  await startThreads(memory, (await defaultThreadCount()) - 1);
  return partsAvailable(memory);
}
