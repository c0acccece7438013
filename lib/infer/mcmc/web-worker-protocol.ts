/**
 * The messages between a page and its chain Web Workers, and the worker's side of them.
 *
 * A worker (the module `web-chain-worker.ts`) posts `ready` once it has loaded, then receives
 * one `run` message with its chains (keys, initial points, kernel settings, the model's module
 * URL and export name, the model arguments as plain data). It selects the page's backend,
 * imports the model module, and runs its chains one after another with the very code of a
 * sequential run (`runModelChain`), so the draws are bit-identical. It posts `progress`
 * (iterations done, at most every `progressEveryMs` and at the end of each chain), one
 * `result` per chain (its typed arrays transferred, not copied), and `done`; a failure is
 * posted as `error`, naming the stage (`backend`, `model` or `chain`) and the chain.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, useBackend } from '../../backend.js';
import type { WasmPaths } from '../../backend-init.js';
import type { AnyModel } from '../../core/effect.js';
import type { Key } from '../../core/key.js';
import { setValidation } from '../../distributions/util.js';
import { type ChainResult, chainResultBuffers } from './chain.js';
import { runModelChain } from './chain-setup.js';
import type { KernelSettings } from './kernels.js';
import { fromTransferable } from './worker-data.js';

/** The chains one worker runs, and all it needs to run them (structured-cloneable). */
export interface WebWorkerInput {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly backend: string;
  /** The page's `wasmPaths`, made absolute (a worker resolves relative URLs against its own script). */
  readonly wasmPaths?: WasmPaths;
  readonly validation: boolean;
  /** The model arguments as `toTransferable` made them. */
  readonly args: unknown;
  readonly jobs: readonly { readonly chain: number; readonly key: Key; readonly init: Float64Array }[];
  readonly settings: KernelSettings;
  readonly numWarmup: number;
  readonly numSamples: number;
  /** The least time between two progress messages of a chain. */
  readonly progressEveryMs: number;
}

/** What the page posts to a worker. */
export type ToWorker = { readonly type: 'run'; readonly input: WebWorkerInput };

/** Where in a worker a failure happened. */
export type WorkerStage = 'backend' | 'model' | 'chain';

/** What a worker posts to the page. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'progress'; readonly chain: number; readonly done: number }
  | { readonly type: 'result'; readonly chain: number; readonly result: ChainResult }
  | { readonly type: 'error'; readonly stage: WorkerStage; readonly chain?: number; readonly message: string }
  | { readonly type: 'done' };

/** Posts a message (with the buffers to transfer) to the page. */
export type PostToPage = (message: FromWorker, transfer?: readonly ArrayBuffer[]) => void;

const describe = (e: unknown): string => (e instanceof Error ? (e.stack?.includes(e.message) === true ? e.stack : `${e.name}: ${e.message}`) : String(e));

/** `import(url)` that bundlers leave to the browser (the model module is loaded by its URL at run time). */
const importByUrl = (url: string): Promise<Record<string, unknown>> => import(/* webpackIgnore: true */ /* @vite-ignore */ url) as Promise<Record<string, unknown>>;

/**
 * Run the chains of `input`, posting progress, results and `done` (or an `error`) with `post`.
 * Never rejects: every failure is posted. The model arguments are disposed at the end.
 * @internal
 */
export async function serveChainJobs(input: WebWorkerInput, post: PostToPage): Promise<void> {
  let stage: WorkerStage = 'backend';
  let chain: number | undefined;
  let args: unknown[] = [];
  try {
    await useBackend(input.backend as BackendName, input.wasmPaths === undefined ? {} : { wasmPaths: input.wasmPaths });
    setValidation(input.validation);
    stage = 'model';
    const model = (await importByUrl(input.moduleUrl))[input.exportName];
    if (typeof model !== 'function') throw new Error(`the module ${input.moduleUrl} has no function export '${input.exportName}'`);
    stage = 'chain';
    args = fromTransferable(input.args) as unknown[];
    for (const job of input.jobs) {
      chain = job.chain;
      let last = -Infinity;
      const result = runModelChain({
        model: model as AnyModel,
        args,
        settings: input.settings,
        numWarmup: input.numWarmup,
        numSamples: input.numSamples,
        key: job.key,
        init: job.init,
        onIteration: (done, total) => {
          const now = performance.now();
          if (now - last < input.progressEveryMs && done < total) return;
          last = now;
          post({ type: 'progress', chain: job.chain, done });
        },
      });
      post({ type: 'result', chain: job.chain, result }, chainResultBuffers(result));
    }
    post({ type: 'done' });
  } catch (e) {
    post({ type: 'error', stage, ...(chain === undefined ? {} : { chain }), message: describe(e) });
  } finally {
    tf.dispose(args as tf.TensorContainer);
  }
}
