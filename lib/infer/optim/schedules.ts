/**
 * Learning-rate schedules: functions `(step) => lr` of the SVI step (counting from 1), to pass
 * as any optimizer's `lr`. Each starts at its `initial` rate at step 1.
 *
 * - `exponentialDecay`: `lr(t) = initial · rate^((t − 1) / decaySteps)` (with `staircase`,
 *   the exponent is floored: a drop every `decaySteps` steps).
 * - `stepDecay` (torch's `StepLR`): `lr(t) = initial · γ^⌊(t − 1) / stepSize⌋`.
 * - `cosineDecay` (optax's, SGDR without restarts): with `s = min(t − 1, decaySteps)`,
 *   `lr(t) = initial · ((1 − α) · ½ (1 + cos(π s / decaySteps)) + α)`; it stays at
 *   `α · initial` after `decaySteps` steps.
 * - `warmup`: a linear ramp `lr(t) = base(t) · min(1, t / warmupSteps)` in front of a
 *   constant or a schedule (evaluated at the absolute step, not shifted).
 *
 * @module
 */
import { invalidArgument } from '../../core/errors.js';
import { type LearningRate, learningRateAt } from './optimizer.js';

function positive(fn: string, arg: string, value: number): void {
  if (!(value > 0 && Number.isFinite(value))) throw invalidArgument(fn, arg, 'must be a positive finite number', String(value));
}

/** Options of {@link exponentialDecay}. */
export interface ExponentialDecayOptions {
  readonly initial: number;
  /** The factor applied every `decaySteps` steps. */
  readonly decayRate: number;
  /** Steps over which the rate is multiplied by `decayRate` (default 1). */
  readonly decaySteps?: number;
  /** Drop in discrete steps rather than continuously (default false). */
  readonly staircase?: boolean;
}

/**
 * Exponential decay: `lr(t) = initial · decayRate^((t − 1) / decaySteps)`.
 *
 * @example
 * ```ts
 * const optim = Adam({ lr: exponentialDecay({ initial: 0.01, decayRate: 0.1, decaySteps: 1000 }) });
 * ```
 * @category optimizers
 * @since 0.1.0
 */
export function exponentialDecay(options: ExponentialDecayOptions): (step: number) => number {
  const { initial, decayRate, decaySteps = 1, staircase = false } = options;
  positive('exponentialDecay', 'initial', initial);
  positive('exponentialDecay', 'decayRate', decayRate);
  positive('exponentialDecay', 'decaySteps', decaySteps);
  return (step) => {
    const exponent = (step - 1) / decaySteps;
    return initial * decayRate ** (staircase ? Math.floor(exponent) : exponent);
  };
}

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  readonly initial: number;
  /** Steps between two drops. */
  readonly stepSize: number;
  /** The factor of each drop (default 0.1). */
  readonly gamma?: number;
}

/**
 * Step decay (torch's `StepLR`): `lr(t) = initial · gamma^⌊(t − 1) / stepSize⌋`.
 *
 * @category optimizers
 * @since 0.1.0
 */
export function stepDecay(options: StepDecayOptions): (step: number) => number {
  const { initial, stepSize, gamma = 0.1 } = options;
  positive('stepDecay', 'initial', initial);
  if (!Number.isInteger(stepSize) || stepSize < 1) throw invalidArgument('stepDecay', 'stepSize', 'must be a positive integer', String(stepSize));
  positive('stepDecay', 'gamma', gamma);
  return (step) => initial * gamma ** Math.floor((step - 1) / stepSize);
}

/** Options of {@link cosineDecay}. */
export interface CosineDecayOptions {
  readonly initial: number;
  /** Steps from `initial` down to `alpha · initial`. */
  readonly decaySteps: number;
  /** The final rate as a fraction of `initial` (default 0). */
  readonly alpha?: number;
}

/**
 * Cosine decay from `initial` to `alpha · initial` over `decaySteps` steps, then constant.
 *
 * @category optimizers
 * @since 0.1.0
 */
export function cosineDecay(options: CosineDecayOptions): (step: number) => number {
  const { initial, decaySteps, alpha = 0 } = options;
  positive('cosineDecay', 'initial', initial);
  positive('cosineDecay', 'decaySteps', decaySteps);
  if (!(alpha >= 0 && alpha <= 1)) throw invalidArgument('cosineDecay', 'alpha', 'must lie in [0, 1]', String(alpha));
  return (step) => {
    const s = Math.min(Math.max(step - 1, 0), decaySteps);
    return initial * ((1 - alpha) * 0.5 * (1 + Math.cos((Math.PI * s) / decaySteps)) + alpha);
  };
}

/**
 * A linear warm-up over the first `warmupSteps` steps in front of `lr` (a constant or a
 * schedule): `lr(t) = base(t) · min(1, t / warmupSteps)`.
 *
 * @example
 * ```ts
 * const lr = warmup(cosineDecay({ initial: 0.01, decaySteps: 5000 }), 100);
 * ```
 * @category optimizers
 * @since 0.1.0
 */
export function warmup(lr: LearningRate, warmupSteps: number): (step: number) => number {
  if (!Number.isInteger(warmupSteps) || warmupSteps < 1) throw invalidArgument('warmup', 'warmupSteps', 'must be a positive integer', String(warmupSteps));
  return (step) => learningRateAt(lr, step) * Math.min(1, step / warmupSteps);
}
