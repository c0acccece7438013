/**
 * Parallel chains (stub; see the next commit).
 *
 * @module
 */
import { ignisError } from '../../core/errors.js';
import type { ChainResult } from './chain.js';
import type { ChainJob } from './chain-setup.js';

/**
 * Where a worker finds the model: an ES module URL and the name of its export.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface WorkerModel {
  readonly module: string | URL;
  readonly name: string;
}

/** Run the jobs in worker threads. */
export function runChainsInWorkers(_model: WorkerModel, _jobs: readonly ChainJob[], _tick: (chain: number, done: number) => void): readonly ChainResult[] {
  throw ignisError('NotImplemented', { fn: 'MCMC', what: "chainMethod 'parallel' is not available yet" });
}
