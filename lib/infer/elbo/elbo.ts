/**
 * The ELBO protocol shared by every estimator, and the particle machinery.
 *
 * An estimator turns (model, guide, constrained params, key, args) into a scalar *loss*:
 * its value is the Monte Carlo estimate of `−ELBO = −E_q[log p(x, z) − log q(z)]`, and its
 * gradient is the estimator's gradient (which may come from a surrogate, for the
 * score-function terms of non-reparameterizable sites).
 *
 * Particles: with `vectorizeParticles` the model and guide run once inside an extra plate
 * `num_particles_vectorized` at dim `−(maxPlateNesting + 1)`, so every site gains a leftmost
 * particle dim; otherwise they run `numParticles` times with keys `foldIn(key, i)`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import { IgnisError, invalidArgument } from '../../core/errors.js';
import { type RunOptions, run } from '../../core/interpret.js';
import { type Key, foldIn, splitKey } from '../../core/key.js';
import { plate } from '../../core/primitives.js';
import type { Trace } from '../../core/trace.js';
import { replay } from '../../handlers/replay.js';
import type { ParamValues } from '../params.js';
import { PARTICLE_PLATE, checkModelGuideMatch } from './check.js';
import { runLocated } from './locate.js';

/** What an estimator needs for one loss evaluation. */
export interface ElboInput {
  readonly model: AnyModel;
  readonly guide: AnyModel;
  /** Constrained parameter values by name (model and guide params together). */
  readonly params: ParamValues;
  readonly key: Key;
  readonly args: readonly unknown[];
  /** How many plates deep the model and guide nest (needed for vectorized particles). */
  readonly maxPlateNesting: number;
  /**
   * Called with every trace pair the estimator draws (by {@link particlePairs}): SVI reads the
   * param sites the model and guide reached from them.
   */
  readonly observe?: (pair: TracePair) => void;
  /**
   * The estimator's state from the previous SVI step (see {@link ElboState}); absent or `{}` at
   * the first step. Read only.
   */
  readonly elboState?: ElboState;
  /**
   * Called (at most once per evaluation, while a gradient is recorded) with the estimator's next
   * state. Its tensors are new, not differentiated, and owned by the caller (`tf.keep` them: they
   * are made inside the gradient's forward pass).
   */
  readonly setElboState?: (next: ElboState) => void;
}

/**
 * State an estimator carries from one SVI step to the next, tensors by key: `TraceGraphELBO`'s
 * decaying-average baselines (Pyro keeps them in the param store as
 * `__baseline_avg_downstream_cost_<site>`). SVI holds it in `SVIState.elboState`; it is never
 * differentiated. `{}` for every other estimator.
 *
 * @category inference
 * @since 0.3.0
 */
export type ElboState = Readonly<Record<string, tf.Tensor>>;

/**
 * A variational objective.
 *
 * @category inference
 * @since 0.1.0
 */
export interface ELBO {
  /** The estimator's name, e.g. `'TraceELBO'`. */
  readonly name: string;
  readonly numParticles: number;
  readonly vectorizeParticles: boolean;
  /** `−ELBO` as a scalar tensor whose gradient is the estimator's gradient. */
  loss(input: ElboInput): tf.Scalar;
}

/** Options common to the ELBOs. */
export interface ElboOptions {
  /** Monte Carlo particles per loss evaluation (default 1). */
  readonly numParticles?: number;
  /** Run the particles as one vectorized plate instead of a loop (default false). */
  readonly vectorizeParticles?: boolean;
}

export { PARTICLE_PLATE };

/** `model` run inside the particle plate at dim −(maxPlateNesting + 1). */
export function vectorized(model: AnyModel, numParticles: number, maxPlateNesting: number): AnyModel {
  return function* (...args: unknown[]) {
    return yield* plate(PARTICLE_PLATE, numParticles, { dim: -(maxPlateNesting + 1) }, function* () {
      return yield* (model as (...a: unknown[]) => Generator<never, unknown, unknown>)(...args);
    });
  };
}

/** A guide trace and the model trace replayed against it. */
export interface TracePair {
  readonly guide: Trace;
  readonly model: Trace;
}

/**
 * Run the guide, then the model replayed against the guide's trace. An error is located (see
 * `locate.ts`); a shape error in the model run is first checked against the model and guide
 * sites' shapes, since a guide value that does not fit its model site is usually the cause: the
 * model is traced on its own and a disagreeing latent is reported as the `ModelGuideMismatch`
 * it is, naming that latent (not the observed site downstream that its broadcast value broke).
 */
export function tracePair(model: AnyModel, guide: AnyModel, params: ParamValues, key: Key, args: readonly unknown[], caller = 'ELBO'): TracePair {
  const [guideKey, modelKey] = splitKey(key, 2) as [Key, Key];
  const guideTrace = runLocated('guide', guide, args, { key: guideKey, params, caller: `${caller} (guide)` });
  try {
    const modelTrace = runLocated('model', replay(model, guideTrace), args, { key: modelKey, params, caller: `${caller} (model)` }, guideTrace);
    return { guide: guideTrace, model: modelTrace };
  } catch (e) {
    if (e instanceof IgnisError && e.tag === 'ShapeMismatch') blameMismatchedLatent(model, guideTrace, args, { key: modelKey, params, caller: `${caller} (model)` }, caller);
    throw e;
  }
}

/** Throw the `ModelGuideMismatch` of a latent whose guide shape disagrees with the model's, if any. */
function blameMismatchedLatent(model: AnyModel, guideTrace: Trace, args: readonly unknown[], options: RunOptions, caller: string): void {
  let alone: Trace;
  try {
    alone = run(model, args as unknown[], options);
  } catch {
    return; // the model fails on its own too: its own error stands
  }
  checkModelGuideMatch(alone, guideTrace, caller);
}

/**
 * The trace pairs of one loss evaluation: one vectorized pair, or one pair per particle.
 */
export function particlePairs(
  input: ElboInput,
  options: { readonly numParticles: number; readonly vectorizeParticles: boolean },
  caller = 'ELBO',
): readonly TracePair[] {
  const { model, guide, params, key, args, maxPlateNesting } = input;
  const pairs =
    options.vectorizeParticles && options.numParticles > 1
      ? [tracePair(vectorized(model, options.numParticles, maxPlateNesting), vectorized(guide, options.numParticles, maxPlateNesting), params, key, args, caller)]
      : Array.from({ length: options.numParticles }, (_, i) => tracePair(model, guide, params, options.numParticles === 1 ? key : foldIn(key, i), args, caller));
  if (input.observe !== undefined) for (const pair of pairs) input.observe(pair);
  return pairs;
}

/** Validate ELBO options (positive integer particles). */
export function resolveElboOptions(name: string, options: ElboOptions): { numParticles: number; vectorizeParticles: boolean } {
  const numParticles = options.numParticles ?? 1;
  if (!Number.isInteger(numParticles) || numParticles < 1) {
    throw invalidArgument(name, 'numParticles', 'must be a positive integer', String(numParticles));
  }
  return { numParticles, vectorizeParticles: options.vectorizeParticles ?? false };
}
