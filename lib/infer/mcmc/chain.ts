/**
 * One Markov chain: warmup with adaptation, then sampling, over a potential given as a plain
 * function of `Float64Array`s. The chain's randomness is one key; its results are typed arrays
 * (so a worker can send them back without copying tensors), in unconstrained space.
 *
 * @module
 */
import { ignisError } from '../../core/errors.js';
import type { Key } from '../../core/key.js';
import { warmupAdapter } from './adapter.js';
import { hmcTransition } from './hmc-transition.js';
import { type PotentialFn, phasePoint } from './integrator.js';
import type { KernelSettings } from './kernels.js';
import { identityInverse, massMatrix } from './mass-matrix.js';
import { nutsTransition } from './nuts-transition.js';
import { randomStream } from './random-stream.js';
import { findReasonableStepSize } from './step-size-search.js';
import { type IterationStats, iterationStats } from './transition.js';

/**
 * What one chain produced (plain typed arrays).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface ChainResult {
  readonly dim: number;
  readonly numSamples: number;
  /** The draws in unconstrained space, row-major `[numSamples, dim]`. */
  readonly draws: Float64Array;
  /** Per draw: the acceptance statistic. */
  readonly acceptProb: Float64Array;
  /** Per draw: 1 if its trajectory diverged. */
  readonly divergent: Uint8Array;
  /** Per draw: the tree depth (Stan's convention; 0 for HMC). */
  readonly treeDepth: Uint8Array;
  /** Per draw: leapfrog steps. */
  readonly numSteps: Int32Array;
  /** Per draw: the potential energy `U` of the draw. */
  readonly potentialEnergy: Float64Array;
  /** Per draw: the Hamiltonian at the start of its iteration. */
  readonly energy: Float64Array;
  /** The step size after warmup. */
  readonly stepSize: number;
  /** The inverse mass matrix after warmup (`[dim]` or `[dim · dim]`). */
  readonly inverseMassMatrix: Float64Array;
  /** Divergent warmup iterations. */
  readonly warmupDivergences: number;
  /** Per warmup iteration: the acceptance statistic and the step size it used. */
  readonly warmupAcceptProb: Float64Array;
  readonly warmupStepSize: Float64Array;
  /** Gradient evaluations during warmup (with initialization and step-size searches) and sampling. */
  readonly gradsWarmup: number;
  readonly gradsSampling: number;
  /** Wall-clock milliseconds of warmup (from the chain's start) and of sampling. */
  readonly msWarmup: number;
  readonly msSampling: number;
  /** Process CPU milliseconds of sampling (Node; NaN elsewhere): on a busy machine, the cost without the waiting. */
  readonly cpuMsSampling: number;
}

/** The typed arrays' buffers of a chain's result, for a worker to transfer rather than copy. @internal */
export const chainResultBuffers = (r: ChainResult): ArrayBuffer[] =>
  [r.draws, r.acceptProb, r.divergent, r.treeDepth, r.numSteps, r.potentialEnergy, r.energy, r.inverseMassMatrix, r.warmupAcceptProb, r.warmupStepSize].map(
    (a) => a.buffer as ArrayBuffer,
  );

/** The process's CPU time in milliseconds (user + system; NaN outside Node). */
function cpuMs(): number {
  const usage = (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } }).process?.cpuUsage?.();
  return usage === undefined ? NaN : (usage.user + usage.system) / 1000;
}

/** What a chain needs besides its potential. */
export interface ChainSpec {
  readonly settings: KernelSettings;
  readonly numWarmup: number;
  readonly numSamples: number;
  /** The initial unconstrained point. */
  readonly init: Float64Array;
  readonly key: Key;
  /** Called after each iteration with the number done and the total (warmup + samples). */
  readonly onIteration?: (done: number, total: number) => void;
  /** The kernel's name in errors. */
  readonly caller: string;
}

/**
 * Run one chain of `spec.numWarmup + spec.numSamples` iterations over `potential`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function runChain(potential: PotentialFn, spec: ChainSpec): ChainResult {
  const start = performance.now();
  const { settings, numWarmup, numSamples, init, caller } = spec;
  const dim = init.length;
  let grads = 0;
  const counted: PotentialFn = (q, g) => {
    grads += 1;
    return potential(q, g);
  };
  const transition = settings.kind === 'NUTS' ? nutsTransition(counted, dim, settings.maxTreeDepth) : hmcTransition(counted, dim, settings.trajectoryLength);
  const rng = randomStream(spec.key);
  const point = phasePoint(dim);
  point.q.set(init);
  point.potential = counted(point.q, point.grad);
  if (!Number.isFinite(point.potential) || !point.grad.every(Number.isFinite)) {
    throw ignisError('InvalidArgument', {
      fn: caller,
      what: 'the potential energy or its gradient is not finite at the initial point',
      detail: `U = ${point.potential}`,
      hint: 'Use another initStrategy (e.g. initToValue with a point of finite log-density).',
    });
  }
  const inverse = settings.inverseMassMatrix === undefined ? identityInverse(dim, settings.fullMass) : Float64Array.from(settings.inverseMassMatrix);
  if (inverse.length !== (settings.fullMass ? dim * dim : dim)) {
    throw ignisError('InvalidArgument', {
      fn: caller,
      what: "option 'inverseMassMatrix' has the wrong size",
      detail: `${inverse.length} numbers for ${dim} unconstrained coordinates (${settings.fullMass ? 'dense' : 'diagonal'})`,
      hint: settings.fullMass ? `Give ${dim * dim} numbers (row-major).` : `Give ${dim} numbers.`,
    });
  }
  const search = (eps: number, mass: ReturnType<typeof massMatrix>): number => {
    const found = findReasonableStepSize(counted, mass, point, eps, rng);
    return found.stepSize;
  };
  const adapter = warmupAdapter(
    { adaptStepSize: settings.adaptStepSize, adaptMassMatrix: settings.adaptMassMatrix, dense: settings.fullMass, targetAcceptProb: settings.targetAcceptProb },
    numWarmup,
    settings.stepSize,
    massMatrix(inverse, dim, settings.fullMass, caller),
    caller,
  );
  if (settings.adaptStepSize && numWarmup > 0) adapter.restart(search(settings.stepSize, adapter.mass()));
  const total = numWarmup + numSamples;
  const stats: IterationStats = iterationStats();
  let warmupDivergences = 0;
  const warmupAcceptProb = new Float64Array(numWarmup);
  const warmupStepSize = new Float64Array(numWarmup);
  for (let t = 0; t < numWarmup; t++) {
    warmupStepSize[t] = adapter.stepSize();
    transition(point, warmupStepSize[t]!, adapter.mass(), rng, stats);
    warmupAcceptProb[t] = stats.acceptProb;
    if (stats.divergent) warmupDivergences += 1;
    adapter.step(t, point.q, stats.acceptProb, search);
    spec.onIteration?.(t + 1, total);
  }
  const gradsWarmup = grads;
  const afterWarmup = performance.now();
  const cpuBefore = cpuMs();
  const stepSize = adapter.stepSize();
  const mass = adapter.mass();
  const draws = new Float64Array(numSamples * dim);
  const acceptProb = new Float64Array(numSamples);
  const divergent = new Uint8Array(numSamples);
  const treeDepth = new Uint8Array(numSamples);
  const numSteps = new Int32Array(numSamples);
  const potentialEnergy = new Float64Array(numSamples);
  const energy = new Float64Array(numSamples);
  for (let i = 0; i < numSamples; i++) {
    transition(point, stepSize, mass, rng, stats);
    draws.set(point.q, i * dim);
    acceptProb[i] = stats.acceptProb;
    divergent[i] = stats.divergent ? 1 : 0;
    treeDepth[i] = stats.treeDepth;
    numSteps[i] = stats.numSteps;
    potentialEnergy[i] = point.potential;
    energy[i] = stats.energy;
    spec.onIteration?.(numWarmup + i + 1, total);
  }
  const end = performance.now();
  const cpuSampling = cpuMs() - cpuBefore;
  return {
    dim,
    numSamples,
    draws,
    acceptProb,
    divergent,
    treeDepth,
    numSteps,
    potentialEnergy,
    energy,
    stepSize,
    inverseMassMatrix: Float64Array.from(mass.inverse),
    warmupDivergences,
    warmupAcceptProb,
    warmupStepSize,
    gradsWarmup,
    gradsSampling: grads - gradsWarmup,
    msWarmup: afterWarmup - start,
    msSampling: end - afterWarmup,
    cpuMsSampling: cpuSampling,
  };
}
