/**
 * Parallel chains in Node's `worker_threads`, with a synchronous `run`: the main thread starts
 * one worker per CPU (at most one per chain), hands each its chains (keys and initial points,
 * drawn here with the kernel's init strategy), then sleeps on shared memory (`Atomics.wait`)
 * until every worker is done, waking to redraw the progress line and to collect results with
 * `receiveMessageOnPort` (the pattern of synckit). A worker imports the model from
 * `workerModel.module` (functions cannot cross threads) and runs the same code as a sequential
 * run, on the same backend, so the draws are bit-identical.
 *
 * Node only: in a browser (no `worker_threads`, and the main thread may not block) `runAsync`
 * runs parallel chains in Web Workers (`chain-web-workers.ts`).
 *
 * @module
 */
import { currentBackend } from '../../backend.js';
import { ignisError } from '../../core/errors.js';
import { isValidationEnabled } from '../../distributions/util.js';
import type { ChainResult } from './chain.js';
import type { ChainJob } from './chain-setup.js';
import type { WorkerInput, WorkerMessage } from './chain-worker.js';
import {
  type NodeModuleBuiltin,
  type NodeMessagePort,
  type NodeOsBuiltin,
  type NodeUrlBuiltin,
  type NodeWorker,
  type NodeWorkerThreads,
  nodeProcess,
} from './node-builtins.js';
import { toTransferable } from './worker-data.js';

/**
 * Where a worker finds the model: an ES module URL (e.g. `import.meta.url`) and the name of the
 * export holding the model function.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface WorkerModel {
  readonly module: string | URL;
  readonly name: string;
}

const nodeWorkerThreads = (): NodeWorkerThreads | undefined => nodeProcess()?.getBuiltinModule?.('node:worker_threads') as NodeWorkerThreads | undefined;

/** Whether Node's `worker_threads` are reachable (Node ≥ 20.16). @internal */
export const hasWorkerThreads = (): boolean => nodeWorkerThreads() !== undefined;

function workerThreads(): NodeWorkerThreads {
  const module = nodeWorkerThreads();
  if (module === undefined) {
    throw ignisError('NotImplemented', {
      fn: 'MCMC',
      what: "run with chainMethod 'parallel' needs Node's worker_threads (Node ≥ 20.16)",
      hint: "In a browser, use `await mcmc.runAsync(key, args)` (Web Workers); elsewhere chainMethod 'sequential'.",
    });
  }
  return module;
}

type Builtin = <T>(id: string) => T;
const builtin: Builtin = <T>(id: string): T => nodeProcess()?.getBuiltinModule?.(id) as T;

const isTypeScript = (url: string): boolean => /\.[cm]?tsx?$/.test(new URL(url).pathname);

/**
 * tsx's ESM API (`register()`), for a worker that must import TypeScript (this library's
 * sources, or a model module in `.ts`): resolved from this module, then from the working
 * directory; `undefined` when not installed (the import then fails with Node's error).
 */
function tsxApi(): string | undefined {
  const { createRequire } = builtin<NodeModuleBuiltin>('node:module');
  const { pathToFileURL } = builtin<NodeUrlBuiltin>('node:url');
  for (const from of [import.meta.url, pathToFileURL(`${nodeProcess()?.cwd() ?? '.'}/`).href]) {
    try {
      return pathToFileURL(createRequire(from).resolve('tsx/esm/api').replace(/index\.cjs$/, 'index.mjs')).href;
    } catch {
      // not resolvable from here
    }
  }
  return undefined;
}

/**
 * The worker's bootstrap (plain CommonJS, run with `eval`): registers tsx when needed, imports the
 * model module (and checks the export), then the worker body, and runs it; a failure to start is
 * posted like any other, since the main thread, blocked in `Atomics.wait`, cannot see a worker's
 * `error` event.
 */
const BOOTSTRAP = `
const { workerData } = require('node:worker_threads');
(async () => {
  const input = workerData.input;
  let run;
  try {
    if (workerData.tsx !== undefined) (await import(workerData.tsx)).register();
    // the model first: a wrong workerModel fails before the library loads
    const model = (await import(input.moduleUrl))[input.exportName];
    if (typeof model !== 'function') throw new Error('the module ' + input.moduleUrl + " has no function export '" + input.exportName + "'");
    run = (await import(workerData.entry)).runWorker;
  } catch (e) {
    input.port.postMessage({ error: 'the chain worker could not start: ' + ((e && e.stack) || e) });
    input.port.close();
    const signal = input.progress.length - 1;
    Atomics.add(input.progress, signal, 1);
    Atomics.notify(input.progress, signal);
    return;
  }
  await run(input);
})();
`;

/**
 * Run `jobs` (each with its initial point) in worker threads; `tick(chain, done)` reports progress.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function runChainsInWorkers(model: WorkerModel, jobs: readonly ChainJob[], tick: (chain: number, done: number) => void): readonly ChainResult[] {
  const wt = workerThreads();
  const os = builtin<NodeOsBuiltin>('node:os');
  const numChains = jobs.length;
  const numWorkers = Math.max(1, Math.min(numChains, os.availableParallelism()));
  const progress = new Int32Array(new SharedArrayBuffer(4 * (numChains + 1)));
  const args = toTransferable(jobs[0]!.args, 'args');
  const moduleUrl = model.module instanceof URL ? model.module.href : model.module;
  const entry = new URL(import.meta.url.endsWith('.ts') ? './chain-worker.ts' : './chain-worker.js', import.meta.url).href;
  const tsx = isTypeScript(entry) || isTypeScript(moduleUrl) ? tsxApi() : undefined;
  const ports: NodeMessagePort[] = [];
  const workers: NodeWorker[] = [];
  const results = new Array<ChainResult | undefined>(numChains);
  const errors: string[] = [];
  const collect = (): void => {
    for (const port of ports) {
      for (let m = wt.receiveMessageOnPort(port); m !== undefined; m = wt.receiveMessageOnPort(port)) {
        const message = m.message as WorkerMessage;
        if ('error' in message) errors.push(message.error);
        else results[message.chain] = message.result;
      }
    }
  };
  try {
    for (let w = 0; w < numWorkers; w++) {
      const { port1, port2 } = new wt.MessageChannel();
      ports.push(port1);
      const mine = jobs.flatMap((job, c) => (c % numWorkers === w ? [{ chain: c, key: job.key, init: job.init! }] : []));
      const input: WorkerInput = {
        moduleUrl,
        exportName: model.name,
        backend: currentBackend(),
        validation: isValidationEnabled(),
        args,
        jobs: mine,
        settings: jobs[0]!.settings,
        numWarmup: jobs[0]!.numWarmup,
        numSamples: jobs[0]!.numSamples,
        progress,
        port: port2,
      };
      workers.push(new wt.Worker(BOOTSTRAP, { eval: true, workerData: { input, entry, tsx }, transferList: [port2] }));
    }
    while (Atomics.load(progress, numChains) < numWorkers) {
      Atomics.wait(progress, numChains, Atomics.load(progress, numChains), 100);
      for (let c = 0; c < numChains; c++) tick(c, Atomics.load(progress, c));
      collect();
    }
    collect();
  } finally {
    for (const worker of workers) void worker.terminate();
  }
  if (errors.length > 0 || results.some((r) => r === undefined)) {
    throw ignisError('InvalidArgument', {
      fn: 'MCMC',
      what: "a chain worker failed (chainMethod 'parallel')",
      detail: errors[0] ?? 'a worker ended without a result',
      hint: `Check that ${moduleUrl} exports '${model.name}' and can be imported without side effects.`,
    });
  }
  return results as ChainResult[];
}
