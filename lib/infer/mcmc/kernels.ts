/**
 * The MCMC kernels `HMC(model, options)` and `NUTS(model, options)` (Pyro's names and
 * defaults). A kernel is a value: the model and its resolved options; `MCMC` runs it. Both
 * sample the model's continuous latents in unconstrained space (`bijectTo` of each support,
 * with the log-Jacobian in the potential) and adapt, during warmup, the step size by dual
 * averaging and a diagonal (default) or dense (`fullMass: true`) inverse mass matrix over
 * Stan's windows.
 *
 * @module
 */
import type { AnyModel } from '../../core/effect.js';
import { invalidArgument } from '../../core/errors.js';
import { type InitStrategy, initToUniform } from '../autoguide/init-strategies.js';

/**
 * Options shared by {@link HMC} and {@link NUTS}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface HMCBaseOptions {
  /** The initial step size (default 1; searched from, then adapted, when `adaptStepSize`). */
  readonly stepSize?: number;
  /** Adapt the step size by dual averaging during warmup (default true). */
  readonly adaptStepSize?: boolean;
  /** Adapt the inverse mass matrix over Stan's windows during warmup (default true). */
  readonly adaptMassMatrix?: boolean;
  /** A dense mass matrix instead of a diagonal one (Pyro's `full_mass`; default false). */
  readonly fullMass?: boolean;
  /** The mean acceptance statistic step-size adaptation aims at (default 0.8). */
  readonly targetAcceptProb?: number;
  /** Where chains start (default `initToUniform()`: uniform on (−2, 2) in unconstrained space). */
  readonly initStrategy?: InitStrategy;
  /** The initial inverse mass matrix (`[d]` diagonal or `[d·d]` dense, row-major; default identity). */
  readonly inverseMassMatrix?: readonly number[] | Float64Array;
  /**
   * Compile the potential energy to JavaScript (default true; Pyro's `jit_compile`, on by default
   * here): the model's operations on the latents are recorded once and replayed in float64 without
   * tfjs. Models it cannot compile (custom ops, value-dependent control flow, unsupported kernels)
   * keep the tfjs potential automatically; `false` forces tfjs.
   */
  readonly jitCompile?: boolean;
}

/**
 * Options of {@link HMC}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface HMCOptions extends HMCBaseOptions {
  /** Leapfrog steps per iteration; with `stepSize` it fixes the trajectory length `stepSize · numSteps`. */
  readonly numSteps?: number;
  /** The trajectory length (default 2π, Stan's); the steps per iteration are `max(1, ⌊length / ε⌋)`. */
  readonly trajectoryLength?: number;
}

/**
 * Options of {@link NUTS}.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface NUTSOptions extends HMCBaseOptions {
  /** At most this many trajectory doublings per iteration (default 10: up to 1023 steps). */
  readonly maxTreeDepth?: number;
}

/** Kernel settings as plain data (what a chain worker receives). */
export interface KernelSettings {
  readonly kind: 'HMC' | 'NUTS';
  readonly stepSize: number;
  readonly adaptStepSize: boolean;
  readonly adaptMassMatrix: boolean;
  readonly fullMass: boolean;
  readonly targetAcceptProb: number;
  readonly trajectoryLength: number;
  readonly maxTreeDepth: number;
  readonly inverseMassMatrix: readonly number[] | undefined;
  readonly jitCompile: boolean;
}

/**
 * An MCMC kernel: the model, the init strategy and the settings.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface MCMCKernel<M extends AnyModel = AnyModel> {
  readonly model: M;
  readonly initStrategy: InitStrategy;
  readonly settings: KernelSettings;
}

function positive(fn: string, name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(v > 0 && Number.isFinite(v))) throw invalidArgument(fn, name, 'must be a finite number > 0', String(value));
  return v;
}

function base(fn: string, o: HMCBaseOptions): Omit<KernelSettings, 'kind' | 'trajectoryLength' | 'maxTreeDepth'> {
  const target = o.targetAcceptProb ?? 0.8;
  if (!(target > 0 && target < 1)) throw invalidArgument(fn, 'targetAcceptProb', 'must be in (0, 1)', String(o.targetAcceptProb));
  return {
    stepSize: positive(fn, 'stepSize', o.stepSize, 1),
    adaptStepSize: o.adaptStepSize ?? true,
    adaptMassMatrix: o.adaptMassMatrix ?? true,
    fullMass: o.fullMass ?? false,
    targetAcceptProb: target,
    inverseMassMatrix: o.inverseMassMatrix === undefined ? undefined : Array.from(o.inverseMassMatrix),
    jitCompile: o.jitCompile ?? true,
  };
}

/**
 * Hamiltonian Monte Carlo with a fixed trajectory length (Pyro's `HMC`).
 *
 * @example
 * ```ts
 * const mcmc = MCMC(HMC(model, { numSteps: 10 }), { numWarmup: 500, numSamples: 1000 });
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function HMC<M extends AnyModel>(model: M, options: HMCOptions = {}): MCMCKernel<M> {
  const settings = base('HMC', options);
  let trajectoryLength = 2 * Math.PI;
  if (options.trajectoryLength !== undefined) trajectoryLength = positive('HMC', 'trajectoryLength', options.trajectoryLength, 1);
  else if (options.numSteps !== undefined) {
    if (!Number.isInteger(options.numSteps) || options.numSteps < 1) throw invalidArgument('HMC', 'numSteps', 'must be a positive integer', String(options.numSteps));
    trajectoryLength = settings.stepSize * options.numSteps;
  }
  return { model, initStrategy: options.initStrategy ?? initToUniform(), settings: { ...settings, kind: 'HMC', trajectoryLength, maxTreeDepth: 0 } };
}

/**
 * The No-U-Turn Sampler, multinomial variant (Pyro's `NUTS`, Stan's and NumPyro's algorithm):
 * HMC whose trajectory doubles until it turns back on itself.
 *
 * @example
 * ```ts
 * const mcmc = MCMC(NUTS(model, { targetAcceptProb: 0.9 }), { numWarmup: 500, numSamples: 1000, numChains: 4 });
 * const result = mcmc.run(prngKey(0), data);
 * console.log(result.summary());
 * ```
 * @category mcmc
 * @since 0.2.0
 */
export function NUTS<M extends AnyModel>(model: M, options: NUTSOptions = {}): MCMCKernel<M> {
  const settings = base('NUTS', options);
  const maxTreeDepth = options.maxTreeDepth ?? 10;
  if (!Number.isInteger(maxTreeDepth) || maxTreeDepth < 1 || maxTreeDepth > 30) {
    throw invalidArgument('NUTS', 'maxTreeDepth', 'must be an integer in [1, 30]', String(options.maxTreeDepth));
  }
  return { model, initStrategy: options.initStrategy ?? initToUniform(), settings: { ...settings, kind: 'NUTS', trajectoryLength: 0, maxTreeDepth } };
}
