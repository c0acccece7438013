/**
 * `MCMC(kernel, options)`: the driver (Pyro's `MCMC`, NumPyro's functional `run(key, ...)`).
 *
 * `run(key, ...args)` splits `key` into one key per chain; chain `c` draws its initial point
 * and every random choice of its sampler from its own key, so its draws depend on nothing else:
 * the same key gives the same draws, bit for bit, whether the chains run one after another
 * (`chainMethod: 'sequential'`, the default) or at once in worker threads (`'parallel'`, see
 * `chain-workers.ts`; in a browser `runAsync` uses Web Workers, `chain-web-workers.ts`). Each chain adapts on its own (nothing is carried over between chains).
 * The result holds the draws of every latent site in constrained space, per-draw statistics
 * and the summary table.
 *
 * @module
 */
import type { AnyModel, ModelArgs } from '../../core/effect.js';
import { type IgnisError, ignisError, invalidArgument } from '../../core/errors.js';
import { type Key, splitKey } from '../../core/key.js';
import type { ChainResult } from './chain.js';
import { type ChainJob, chainInit, runModelChain } from './chain-setup.js';
import type { AbortSignalLike } from '../svi-run.js';
import { runChainsInWebWorkers, webWorkerConstructor } from './chain-web-workers.js';
import { type WorkerModel, hasWorkerThreads, runChainsInWorkers } from './chain-workers.js';
import type { MCMCKernel } from './kernels.js';
import { potentialEnergy } from './potential.js';
import { chainProgress } from './progress.js';
import { type MCMCResult, makeResult } from './result.js';

/**
 * Options of {@link MCMC}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface MCMCOptions {
  /** Warmup (adaptation) iterations per chain, discarded. */
  readonly numWarmup: number;
  /** Draws kept per chain. */
  readonly numSamples: number;
  /** Independent chains (default 1). */
  readonly numChains?: number;
  /**
   * `'sequential'` (default): chains one after another in this thread. `'parallel'`: chains in
   * `worker_threads` (Node) or Web Workers (a browser, with `runAsync`), as many at once as there
   * are CPUs; needs `workerModel`.
   */
  readonly chainMethod?: 'sequential' | 'parallel';
  /**
   * Where a worker finds the model (functions cannot be sent to a thread): the URL of an ES module
   * (e.g. `import.meta.url`) and the name of its export. The module is imported in each worker, so
   * it must not run a program on import (guard it with `isMainThread`).
   */
  readonly workerModel?: WorkerModel;
  /**
   * In a browser, the URL of Ignis's chain-worker module (`@ignis-ppl/core/chain-worker`, the
   * package's `dist/infer/mcmc/web-chain-worker.js`) for `runAsync` with `'parallel'`: needed when
   * a bundle does not keep it beside Ignis's modules (build it as an entry point of the bundle).
   */
  readonly workerEntry?: string | URL;
  /** Draw a progress line on a terminal (default false). */
  readonly progressBar?: boolean;
}

/**
 * The MCMC operations for one kernel.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface MCMCRunner<Args extends readonly unknown[]> {
  /**
   * Run every chain and return their draws. Synchronous for both chain methods (with
   * `'parallel'` this thread waits for the workers).
   */
  run(key: Key, ...args: Args): MCMCResult;
  /**
   * Run every chain without blocking this thread: with `'parallel'`, in Web Workers (a browser;
   * in Node, where there are none, in `worker_threads` as `run` does), with `'sequential'`, one
   * chain after another, yielding to the event loop between chains. Same draws as `run` for the
   * same key. Rejects with an `IgnisError` tagged `Cancelled` when `signal` aborts (the workers
   * are terminated).
   */
  runAsync(key: Key, args: Args, options?: MCMCAsyncOptions): Promise<MCMCResult>;
}

/**
 * Progress of one chain: `done` of `total` iterations (the first `numWarmup` are warmup).
 *
 * @category mcmc
 * @since 0.2.0
 */
export type MCMCProgress = (chain: number, done: number, total: number) => void;

/**
 * Options of {@link MCMCRunner.runAsync}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface MCMCAsyncOptions {
  /** Cancels the run (between chains when sequential; at once in workers). */
  readonly signal?: AbortSignalLike;
  /** Called as chains progress (about ten times a second per chain in workers). */
  readonly onProgress?: MCMCProgress;
}

/** A macrotask's pause, so a page can repaint and handle input. */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

function cancelled(reason: unknown, chain: number): IgnisError {
  const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
  return ignisError('Cancelled', { fn: 'MCMC.runAsync', what: `cancelled before chain ${chain}`, ...(why === '' ? {} : { detail: why }), hint: 'No draws are returned.' }, reason);
}

function count(name: string, value: number | undefined, fallback: number | undefined, min: number): number {
  const v = value ?? fallback;
  if (v === undefined || !Number.isInteger(v) || v < min) throw invalidArgument('MCMC', name, `must be an integer ≥ ${min}`, String(value));
  return v;
}

/**
 * Markov chain Monte Carlo with `kernel` (`NUTS` or `HMC`).
 *
 * @example
 * ```ts
 * const mcmc = MCMC(NUTS(model), { numWarmup: 500, numSamples: 1000, numChains: 4 });
 * const result = mcmc.run(prngKey(0), data);
 * console.log(result.summary());
 * const predictions = Predictive(model, { posteriorSamples: result.samples })(prngKey(1), undefined);
 * result.dispose();
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function MCMC<M extends AnyModel>(kernel: MCMCKernel<M>, options: MCMCOptions): MCMCRunner<ModelArgs<M>> {
  const numWarmup = count('numWarmup', options.numWarmup, undefined, 0);
  const numSamples = count('numSamples', options.numSamples, undefined, 1);
  const numChains = count('numChains', options.numChains, 1, 1);
  const chainMethod = options.chainMethod ?? 'sequential';
  if (chainMethod !== 'sequential' && chainMethod !== 'parallel') {
    throw invalidArgument('MCMC', 'chainMethod', "must be 'sequential' or 'parallel'", String(chainMethod));
  }
  if (chainMethod === 'parallel' && options.workerModel === undefined) {
    throw invalidArgument('MCMC', 'workerModel', "is required with chainMethod 'parallel'", 'undefined', "Export the model from a module and pass { module: import.meta.url, name: 'model' }.");
  }
  const model = kernel.model as AnyModel;
  /** The chains' jobs with their initial points, drawn on this thread whatever the chain method. */
  const prepare = (key: Key, args: readonly unknown[]) => {
    const keys = splitKey(key, numChains);
    // this thread's potential (tfjs: no compilation) draws the initial points and constrains the draws
    const potential = potentialEnergy(model, args, kernel.settings.kind, { compile: false });
    const jobs: ChainJob[] = keys.map((k) => {
      const job: ChainJob = { model, args, settings: kernel.settings, numWarmup, numSamples, key: k };
      return { ...job, init: chainInit(potential, job, kernel.initStrategy) };
    });
    const assemble = (results: readonly ChainResult[]): MCMCResult => {
      const draws = new Float64Array(numChains * numSamples * potential.dim);
      results.forEach((r, c) => draws.set(r.draws, c * numSamples * potential.dim));
      return makeResult(results, potential.constrain(draws, numChains * numSamples));
    };
    return { jobs, assemble };
  };
  const reporter = (onProgress?: MCMCProgress) => {
    const total = numWarmup + numSamples;
    const bar = chainProgress(numChains, total, numWarmup, options.progressBar === true);
    return {
      tick: (c: number, done: number) => {
        bar.tick(c, done);
        onProgress?.(c, done, total);
      },
      done: () => bar.done(),
    };
  };
  return {
    run(key, ...args) {
      const { jobs, assemble } = prepare(key, args);
      const progress = reporter();
      let results: readonly ChainResult[];
      try {
        if (chainMethod === 'parallel') {
          results = runChainsInWorkers(options.workerModel!, jobs, progress.tick);
        } else {
          results = jobs.map((job, c) => runModelChain({ ...job, onIteration: (done) => progress.tick(c, done) }));
        }
      } finally {
        progress.done();
      }
      return assemble(results);
    },
    async runAsync(key, args, runOptions = {}) {
      const { jobs, assemble } = prepare(key, args);
      const progress = reporter(runOptions.onProgress);
      const { signal } = runOptions;
      let results: readonly ChainResult[];
      try {
        if (chainMethod === 'parallel' && (webWorkerConstructor() !== undefined || !hasWorkerThreads())) {
          const entry = options.workerEntry;
          results = await runChainsInWebWorkers(options.workerModel!, jobs, { tick: progress.tick, ...(signal === undefined ? {} : { signal }), ...(entry === undefined ? {} : { entry }) });
        } else if (chainMethod === 'parallel') {
          results = runChainsInWorkers(options.workerModel!, jobs, progress.tick);
        } else {
          const done: ChainResult[] = [];
          for (const [c, job] of jobs.entries()) {
            await yieldToEventLoop();
            if (signal?.aborted === true) throw cancelled(signal.reason, c);
            done.push(runModelChain({ ...job, onIteration: (d) => progress.tick(c, d) }));
          }
          results = done;
        }
      } finally {
        progress.done();
      }
      return assemble(results);
    },
  };
}
