/**
 * The body of a chain worker thread (loaded by the bootstrap of `chain-workers.ts`). It selects the same
 * backend and validation setting as the main thread, imports the user's model module, rebuilds
 * the model arguments, runs its chains one after another — the very code a sequential run uses,
 * so the draws are bit-identical — and posts each result back on its port (transferring the
 * arrays), publishing progress in shared memory. Every failure, including a failing import, is
 * posted as an error message: the main thread waits synchronously and must always hear back.
 *
 * @module
 */
import type { NodeMessagePort } from './node-builtins.js';
import * as tf from '@tensorflow/tfjs-core';
import { type BackendName, useBackend } from '../../backend.js';
import type { AnyModel } from '../../core/effect.js';
import type { Key } from '../../core/key.js';
import { setValidation } from '../../distributions/util.js';
import { type ChainResult, chainResultBuffers } from './chain.js';
import { runModelChain } from './chain-setup.js';
import type { KernelSettings } from './kernels.js';
import { fromTransferable } from './worker-data.js';

/** What the main thread sends a worker. */
export interface WorkerInput {
  readonly moduleUrl: string;
  readonly exportName: string;
  readonly backend: string;
  readonly validation: boolean;
  readonly args: unknown;
  readonly jobs: readonly { readonly chain: number; readonly key: Key; readonly init: Float64Array }[];
  readonly settings: KernelSettings;
  readonly numWarmup: number;
  readonly numSamples: number;
  /** `[chain]`: iterations done; `[numChains]`: workers finished. */
  readonly progress: Int32Array;
  readonly port: NodeMessagePort;
}

/** What a worker posts: one message per chain, or an error. */
export type WorkerMessage = { readonly chain: number; readonly result: ChainResult } | { readonly error: string };

/**
 * Run the chains of `input` and post their results (never throws: failures are posted).
 * @internal
 */
export async function runWorker(input: WorkerInput): Promise<void> {
  const signal = input.progress.length - 1;
  let args: unknown[] = [];
  try {
    await useBackend(input.backend as BackendName);
    setValidation(input.validation);
    const module = (await import(input.moduleUrl)) as Record<string, unknown>;
    const model = module[input.exportName];
    if (typeof model !== 'function') throw new Error(`the module ${input.moduleUrl} has no function export '${input.exportName}'`);
    args = fromTransferable(input.args) as unknown[];
    for (const job of input.jobs) {
      const result = runModelChain({
        model: model as AnyModel,
        args,
        settings: input.settings,
        numWarmup: input.numWarmup,
        numSamples: input.numSamples,
        key: job.key,
        init: job.init,
        onIteration: (done) => Atomics.store(input.progress, job.chain, done), // read by the main thread's 100 ms wake-ups
      });
      input.port.postMessage({ chain: job.chain, result } satisfies WorkerMessage, chainResultBuffers(result));
    }
  } catch (e) {
    input.port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerMessage);
  } finally {
    tf.dispose(args as tf.TensorContainer); // on failure too
    input.port.close();
    Atomics.add(input.progress, signal, 1);
    Atomics.notify(input.progress, signal);
  }
}

