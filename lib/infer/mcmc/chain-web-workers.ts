/**
 * Parallel chains in a browser's Web Workers, asynchronously (a page's main thread may not
 * block): one module worker (`new Worker(entry, { type: 'module' })`) per core, at most one per
 * chain, each given its chains (keys and initial points drawn on the page, as a sequential run
 * draws them). A worker loads Ignis's chain-worker entry (`web-chain-worker.ts`), imports the
 * model from `workerModel.module`, runs its chains with the code of a sequential run on the same
 * backend, and posts back progress, results and errors (`web-worker-protocol.ts`): the draws are
 * bit-identical to `'sequential'`. Every worker is terminated when the run settles — done,
 * failed or aborted — and the page creates no tensors here (the arguments cross as plain data).
 *
 * @module
 */
import { currentBackend, wasmPathsInUse } from '../../backend.js';
import type { WasmPaths } from '../../backend-init.js';
import { type IgnisError, ignisError } from '../../core/errors.js';
import { isValidationEnabled } from '../../distributions/util.js';
import type { AbortSignalLike } from '../svi-run.js';
import type { ChainResult } from './chain.js';
import type { ChainJob } from './chain-setup.js';
import type { WorkerModel } from './chain-workers.js';
import type { FromWorker, ToWorker, WebWorkerInput, WorkerStage } from './web-worker-protocol.js';
import { toTransferable } from './worker-data.js';

/** The members of a DOM `Worker` used here (structural: no DOM types needed). */
export interface WebWorkerLike {
  onmessage: ((event: { readonly data: unknown }) => void) | null;
  onerror: ((event: { readonly message?: string; preventDefault?(): void }) => void) | null;
  onmessageerror: ((event: unknown) => void) | null;
  postMessage(message: ToWorker): void;
  terminate(): void;
}

/** The DOM `Worker` constructor, as far as it is used here. */
export type WebWorkerConstructor = new (url: string, options: { readonly type: 'module'; readonly name?: string }) => WebWorkerLike;

/** An `AbortSignal` with its event (structural). */
interface AbortSignalEvents extends AbortSignalLike {
  addEventListener?(type: 'abort', listener: () => void): void;
  removeEventListener?(type: 'abort', listener: () => void): void;
}

/** Options of {@link runChainsInWebWorkers}. */
export interface WebChainOptions {
  /** The URL of the chain-worker entry (default: `web-chain-worker.js` beside this module). */
  readonly entry?: string | URL;
  /** Aborts the run (an `AbortSignal`: its `abort` event terminates the workers at once). */
  readonly signal?: AbortSignalLike;
  /** Chain `chain` has done `done` iterations (warmup included). */
  readonly tick: (chain: number, done: number) => void;
  /** The least time between two progress messages of a chain (default 100 ms). */
  readonly progressEveryMs?: number;
}

const FN = 'MCMC.runAsync';
const ENTRY_FILE = import.meta.url.endsWith('.ts') ? './web-chain-worker.ts' : './web-chain-worker.js';
const ENTRY_HINT =
  "Serve Ignis's chain-worker module (@ignis-ppl/core/chain-worker, the package's dist/infer/mcmc/web-chain-worker.js; a bundled page builds it as one more entry point) and pass its URL as MCMC's workerEntry.";

/** The page's `Worker` constructor, or `undefined` (Node, old browsers). */
export const webWorkerConstructor = (): WebWorkerConstructor | undefined => {
  const ctor = (globalThis as { readonly Worker?: unknown }).Worker;
  return typeof ctor === 'function' ? (ctor as WebWorkerConstructor) : undefined;
};

/** `url` made absolute against the page (a worker would resolve it against its own script). */
const absolute = (url: string | URL): string => new URL(String(url), (globalThis as { readonly location?: { readonly href: string } }).location?.href).href;

const absolutePaths = (paths: WasmPaths | undefined): WasmPaths | undefined =>
  paths === undefined ? undefined : typeof paths === 'string' ? absolute(paths) : (Object.fromEntries(Object.entries(paths).map(([k, v]) => [k, absolute(v)])) as WasmPaths);

const coreCount = (): number => (globalThis as { readonly navigator?: { readonly hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;

const chainList = (chains: readonly number[]): string => `${chains.length === 1 ? 'chain' : 'chains'} ${chains.join(', ')}`;

/**
 * Run `jobs` (each with its initial point) in Web Workers. Resolves with one result per chain,
 * in chain order; rejects with an `IgnisError` naming the chains and the fix.
 * @internal
 */
export function runChainsInWebWorkers(model: WorkerModel, jobs: readonly ChainJob[], options: WebChainOptions): Promise<readonly ChainResult[]> {
  const Worker = webWorkerConstructor();
  if (Worker === undefined) {
    return Promise.reject(
      ignisError('NotImplemented', {
        fn: FN,
        what: "chainMethod 'parallel' needs Web Workers, and this environment has no Worker",
        hint: "Use chainMethod 'sequential'.",
      }),
    );
  }
  const numChains = jobs.length;
  const numWorkers = Math.max(1, Math.min(numChains, coreCount()));
  const entry = absolute(options.entry ?? new URL(ENTRY_FILE, import.meta.url));
  const moduleUrl = absolute(model.module);
  const wasmPaths = absolutePaths(wasmPathsInUse());
  const args = toTransferable(jobs[0]!.args, 'args');
  const signal = options.signal as AbortSignalEvents | undefined;
  const workers: WebWorkerLike[] = [];
  const results = new Array<ChainResult | undefined>(numChains);
  return new Promise<readonly ChainResult[]>((resolve, reject) => {
    let settled = false;
    let finished = 0;
    const onAbort = (): void => {
      const reason = signal?.reason;
      const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
      fail(ignisError('Cancelled', { fn: FN, what: 'cancelled', ...(why === '' ? {} : { detail: why }), hint: 'The chain workers were terminated; no draws are returned.' }, reason));
    };
    const settle = (): void => {
      settled = true;
      for (const worker of workers) worker.terminate();
      signal?.removeEventListener?.('abort', onAbort);
    };
    function fail(error: IgnisError): void {
      if (settled) return;
      settle();
      reject(error);
    }
    const stageError = (chains: readonly number[], stage: WorkerStage, chain: number | undefined, message: string): IgnisError => {
      if (stage === 'model') {
        return ignisError('InvalidArgument', {
          fn: FN,
          what: `the worker of ${chainList(chains)} could not load the model from ${moduleUrl}`,
          detail: message,
          hint: `workerModel.module must be the URL of an ES module the page can fetch (a bundled page builds it as its own entry point) that exports the function '${model.name}', runs nothing on import and shares its copy of Ignis with the chain worker.`,
        });
      }
      if (stage === 'backend') {
        return ignisError('BackendUnavailable', {
          fn: FN,
          what: `the worker of ${chainList(chains)} could not select the '${currentBackend()}' backend`,
          detail: message,
          hint: "Serve the backend's files where the page's useBackend says (wasmPaths), or use useBackend('cpu').",
        });
      }
      return ignisError('UserError', { fn: FN, what: `${chainList([chain ?? chains[0]!])} failed in its worker`, detail: message });
    };
    if (signal?.aborted === true) {
      onAbort();
      return;
    }
    signal?.addEventListener?.('abort', onAbort);
    for (let w = 0; w < numWorkers && !settled; w++) {
      const mine = jobs.flatMap((job, c) => (c % numWorkers === w ? [{ chain: c, key: job.key, init: job.init! }] : []));
      const chains = mine.map((j) => j.chain);
      let worker: WebWorkerLike;
      try {
        worker = new Worker(entry, { type: 'module', name: `ignis ${chainList(chains)}` });
      } catch (e) {
        fail(
          ignisError('NotImplemented', {
            fn: FN,
            what: `the worker of ${chainList(chains)} could not be created from ${entry}`,
            detail: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
            hint: "Module workers ({ type: 'module' }) need Chrome 80, Firefox 114 or Safari 15, and a script of the page's origin; elsewhere use chainMethod 'sequential'.",
          }),
        );
        return;
      }
      workers.push(worker);
      let ready = false;
      worker.onmessage = (event) => {
        if (settled) return;
        const message = event.data as FromWorker;
        if (message.type === 'ready') ready = true;
        else if (message.type === 'progress') options.tick(message.chain, message.done);
        else if (message.type === 'result') {
          results[message.chain] = message.result;
          options.tick(message.chain, jobs[message.chain]!.numWarmup + jobs[message.chain]!.numSamples);
        } else if (message.type === 'error') fail(stageError(chains, message.stage, message.chain, message.message));
        else if (message.type === 'done') {
          worker.terminate(); // its chains are done: free its memory now
          const missing = chains.filter((c) => results[c] === undefined);
          if (missing.length > 0) fail(ignisError('UserError', { fn: FN, what: `the worker of ${chainList(chains)} ended without the result of ${chainList(missing)}` }));
          else if (++finished === numWorkers) {
            settle();
            resolve(results as ChainResult[]);
          }
        }
      };
      worker.onerror = (event) => {
        event.preventDefault?.(); // reported through the rejection, not also as an uncaught error
        const detail = event.message === undefined || event.message === '' ? 'the browser gave no reason (a 404, a MIME type other than JavaScript, or a syntax error)' : event.message;
        fail(
          ready
            ? ignisError('UserError', { fn: FN, what: `the worker of ${chainList(chains)} failed`, detail })
            : ignisError('InvalidArgument', { fn: FN, what: `the worker of ${chainList(chains)} could not load its script ${entry}`, detail, hint: ENTRY_HINT }),
        );
      };
      worker.onmessageerror = () => fail(ignisError('UserError', { fn: FN, what: `a message of the worker of ${chainList(chains)} could not be read` }));
      const input: WebWorkerInput = {
        moduleUrl,
        exportName: model.name,
        backend: currentBackend(),
        ...(wasmPaths === undefined ? {} : { wasmPaths }),
        validation: isValidationEnabled(),
        args,
        jobs: mine,
        settings: jobs[0]!.settings,
        numWarmup: jobs[0]!.numWarmup,
        numSamples: jobs[0]!.numSamples,
        progressEveryMs: options.progressEveryMs ?? 100,
      };
      worker.postMessage({ type: 'run', input });
    }
  });
}
