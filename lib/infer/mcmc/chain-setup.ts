/**
 * One chain from a model, in whichever thread runs it: build the potential, find (or take) the
 * initial point, run the chain with distribution validation off inside the trajectory (the
 * initial point is checked with validation as configured; inside a trajectory a value far in
 * the tails is a divergence, not an error — Pyro does the same during warmup).
 *
 * @module
 */
import type { AnyModel } from '../../core/effect.js';
import { type Key, splitKey } from '../../core/key.js';
import { setValidation } from '../../distributions/util.js';
import type { InitStrategy } from '../autoguide/init-strategies.js';
import { type ChainResult, runChain } from './chain.js';
import { initialUnconstrained } from './init.js';
import type { PotentialFn } from './integrator.js';
import type { KernelSettings } from './kernels.js';
import { type Potential, potentialEnergy } from './potential.js';

/** `fn` with validation off while it runs. */
export function withoutValidation(fn: PotentialFn): PotentialFn {
  return (q, g) => {
    const previous = setValidation(false);
    try {
      return fn(q, g);
    } finally {
      setValidation(previous);
    }
  };
}

/** The two keys of a chain: its initial point's and its sampler's. */
export const chainKeys = (key: Key): { readonly init: Key; readonly run: Key } => {
  const [init, run] = splitKey(key, 2) as [Key, Key];
  return { init, run };
};

/** What one chain needs. */
export interface ChainJob {
  readonly model: AnyModel;
  readonly args: readonly unknown[];
  readonly settings: KernelSettings;
  readonly numWarmup: number;
  readonly numSamples: number;
  readonly key: Key;
  /** The initial point (else drawn with the init strategy). */
  readonly init?: Float64Array;
  readonly initStrategy?: InitStrategy;
  readonly onIteration?: (done: number, total: number) => void;
}

/** The initial point of a chain (with validation as configured). */
export function chainInit(potential: Potential, job: ChainJob, strategy: InitStrategy): Float64Array {
  return initialUnconstrained(job.model, job.args, potential.prototype, strategy, potential.valueAndGrad, chainKeys(job.key).init, job.settings.kind);
}

/**
 * Run one chain of `job`; the setup time counts as warmup (MCMC.md's `wall_warmup_s`).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function runModelChain(job: ChainJob): ChainResult {
  const start = performance.now();
  const caller = job.settings.kind;
  const potential = potentialEnergy(job.model, job.args, caller, { compile: job.settings.jitCompile });
  const init = job.init ?? chainInit(potential, job, job.initStrategy!);
  const result = runChain(withoutValidation(potential.valueAndGrad), {
    settings: job.settings,
    numWarmup: job.numWarmup,
    numSamples: job.numSamples,
    init,
    key: chainKeys(job.key).run,
    caller,
    ...(job.onIteration === undefined ? {} : { onIteration: job.onIteration }),
  });
  const setup = performance.now() - start - result.msWarmup - result.msSampling;
  return { ...result, msWarmup: result.msWarmup + setup };
}
