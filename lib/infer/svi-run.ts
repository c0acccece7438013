/**
 * `SVI.run` and `SVI.runAsync`: the step loop, with the same failure semantics for both.
 *
 * A run that fails at step `k` — any error of the step, or of an `onStep`/`onSkip` callback —
 * throws an {@link SVIRunError}: the step's error (same tag and message, plus a line saying where
 * the run stopped), carrying the last good state and the losses up to it
 * (`losses.length === state.step − start`). A cancelled `runAsync` (its `AbortSignal` aborted;
 * checked between steps) rejects with the same error tagged `Cancelled`, carrying the state and
 * losses at that point. Nothing else is left behind: apart from that state,
 * `tf.memory().numTensors` is what it was before the run.
 *
 * The last good state: when step `k` fails because the model, guide or loss cannot be evaluated
 * at the state it started from (an error while running them, a non-finite loss), that state is
 * the product of step `k − 1`'s update — e.g. a divergent step that left every param finite but
 * sent a latent's transform to infinity — so the run undoes step `k − 1` and hands back the state
 * before it (the loop keeps the previous state alive for one step for this: two states' worth
 * of tensors). When step `k` evaluated fine but its update was refused (`NonFiniteGradient`),
 * the state it started from is handed back.
 *
 * `runAsync` yields to the event loop whenever `yieldEveryMs` (default 16, about a frame) have
 * passed since the last yield, so a page stays responsive and `onStep` can draw.
 *
 * @module
 */
import { IgnisError, type ErrorTag, invalidArgument } from '../core/errors.js';
import type { Key } from '../core/key.js';
import type { ParamValues } from './params.js';
import { type ProgressOptions, type ProgressReporter, progressReporter } from './progress.js';
import { type SVIState, disposeOutside } from './svi-state.js';
import type { SkippedStep, StepOutcome } from './svi-step.js';

/** Options of `SVI.run`. */
export interface RunOptions extends ProgressOptions {
  /** Called after every step with the step number (from 1), the loss and the new state. */
  readonly onStep?: (step: number, loss: number, state: SVIState) => void;
  /**
   * Skip a step whose loss or update is not finite instead of failing (NumPyro's
   * `stable_update`): the state keeps its params and slots; the skip is reported to `onSkip` and
   * listed in `RunResult.skipped`. Default false.
   */
  readonly stableUpdate?: boolean;
  /** Called for every step `stableUpdate` skipped. */
  readonly onSkip?: (skipped: SkippedStep) => void;
  /**
   * Start from this state (e.g. an `SVIRunError`'s, with a gentler optimizer) instead of
   * `init(key)` — the key argument is then unused, as NumPyro's `init_state`. The run consumes it.
   */
  readonly initState?: SVIState;
}

/** The part of an `AbortSignal` a run reads (structural: no DOM types needed). */
export interface AbortSignalLike {
  readonly aborted: boolean;
  readonly reason?: unknown;
}

/** Options of `SVI.runAsync`. */
export interface AsyncRunOptions extends RunOptions {
  /** Cancels the run between two steps (the promise rejects with an `SVIRunError` tagged `Cancelled`). */
  readonly signal?: AbortSignalLike;
  /** Yield to the event loop once this many milliseconds have passed since the last yield (default 16). */
  readonly yieldEveryMs?: number;
}

/** What `SVI.run` returns. */
export interface RunResult {
  /** The constrained parameters at the end (owned by the caller: dispose when done). */
  readonly params: ParamValues;
  readonly state: SVIState;
  /** The loss of every step. */
  readonly losses: Float64Array;
  /** The steps `stableUpdate` skipped (empty without it). */
  readonly skipped: readonly SkippedStep[];
}

/**
 * A run that stopped early: the error of the step that failed (its tag, message and `cause`), or
 * `Cancelled`, with what the run had achieved.
 *
 * @example
 * ```ts
 * try {
 *   svi.run(prngKey(0), 5000, [data]);
 * } catch (e) {
 *   if (!(e instanceof SVIRunError)) throw e;
 *   console.log(e.message, e.losses.length);
 *   const resumed = SVI(model, guide, Adam({ lr: 1e-3 }), TraceELBO()); // a gentler optimizer
 *   let [state] = resumed.update(e.state, data);                    // from the last good state
 * }
 * ```
 * @category inference
 * @since 0.2.0
 */
export class SVIRunError extends IgnisError {
  /** The last good state (owned by the caller: resume from it, or release it with `disposeState`). */
  readonly state: SVIState;
  /** The loss of every step completed before the failure. */
  readonly losses: Float64Array;
  /** The steps `stableUpdate` skipped before the failure. */
  readonly skipped: readonly SkippedStep[];

  constructor(tag: ErrorTag, message: string, site: string | undefined, cause: unknown, run: { state: SVIState; losses: Float64Array; skipped: readonly SkippedStep[] }) {
    super(tag, message, site, { cause });
    this.state = run.state;
    this.losses = run.losses;
    this.skipped = run.skipped;
  }
}

/** The operations a run loop drives. */
export interface RunDriver {
  init(key: Key): SVIState;
  /** One step that keeps its input state intact (the loop releases it). */
  step(state: SVIState, stable: boolean): StepOutcome;
  getParams(state: SVIState): ParamValues;
  assertLive(state: SVIState): void;
}

/** The step loop, advanced one step at a time by `run` and `runAsync`. */
class RunLoop {
  private readonly fn: string;
  private readonly driver: RunDriver;
  private readonly steps: number;
  private readonly options: RunOptions;
  /** The input of the last step that succeeded (kept alive: see the module notes). */
  private previous: SVIState | undefined;
  private state: SVIState;
  private readonly losses: Float64Array;
  private readonly skipped: SkippedStep[] = [];
  private done = 0;
  private readonly progress: ProgressReporter;

  constructor(fn: string, driver: RunDriver, key: Key, steps: number, options: RunOptions) {
    if (!Number.isInteger(steps) || steps < 0) throw invalidArgument(fn, 'steps', 'must be a non-negative integer', String(steps));
    this.fn = fn;
    this.driver = driver;
    this.steps = steps;
    this.options = options;
    this.losses = new Float64Array(steps);
    if (options.initState !== undefined) driver.assertLive(options.initState);
    this.state = options.initState ?? driver.init(key);
    this.progress = progressReporter(steps, options);
  }

  get finished(): boolean {
    return this.done >= this.steps;
  }

  /** Take the next step (throws an {@link SVIRunError} on failure). */
  next(): void {
    const step = this.done + 1;
    let outcome: StepOutcome;
    try {
      outcome = this.driver.step(this.state, this.options.stableUpdate === true);
    } catch (e) {
      throw this.stop(e, step, e instanceof IgnisError && e.tag === 'NonFiniteGradient' ? 'rejected' : 'evaluation');
    }
    if (this.previous !== undefined) disposeOutside(this.previous, this.state, outcome.state);
    this.previous = this.state;
    this.state = outcome.state;
    this.losses[this.done] = outcome.loss;
    this.done = step;
    try {
      if (outcome.skipped !== undefined) {
        this.skipped.push(outcome.skipped);
        this.options.onSkip?.(outcome.skipped);
      }
      this.progress.tick(step, outcome.loss);
      this.options.onStep?.(step, outcome.loss, this.state);
    } catch (e) {
      throw this.stop(e, step, 'callback');
    }
  }

  /** The result of a finished run. */
  result(): RunResult {
    this.progress.done();
    this.keepCurrent();
    return { params: this.driver.getParams(this.state), state: this.state, losses: this.losses, skipped: this.skipped };
  }

  /** Release the previous state (what the current one does not share). */
  private keepCurrent(): void {
    if (this.previous !== undefined) disposeOutside(this.previous, this.state);
    this.previous = undefined;
  }

  /**
   * The error of a run stopped at `step` by `e`: a step that could not be evaluated at its state
   * (that state is undone when there is an older one), a refused update, or a callback's error.
   */
  stop(e: unknown, step: number, kind: 'evaluation' | 'rejected' | 'callback'): SVIRunError {
    this.progress.done();
    const undo = kind === 'evaluation' && this.previous !== undefined;
    if (undo) {
      disposeOutside(this.state, this.previous!);
      this.state = this.previous!;
      this.previous = undefined;
      this.done -= 1;
    } else {
      this.keepCurrent();
    }
    const kept = this.done;
    const summary =
      `${this.fn} stopped at step ${step} of ${this.steps}. The error's state is the last good state, after ${kept} step${kept === 1 ? '' : 's'}` +
      `${undo ? ` (the update of step ${kept + 1} led to a state this step could not be evaluated at, and is undone)` : ''}; ` +
      `its losses are the ${kept} loss${kept === 1 ? '' : 'es'} up to it. Release the state with disposeState when done.`;
    const run = { state: this.state, losses: this.losses.slice(0, kept), skipped: this.skipped.filter((s) => s.step <= this.state.step) };
    if (kind !== 'callback' && e instanceof IgnisError) return new SVIRunError(e.tag, `${e.message}\n${summary}`, e.site, e, run);
    const message = e instanceof Error ? e.message : String(e);
    const what = kind === 'callback' ? 'a callback (onStep or onSkip) raised an error' : 'a step raised an error';
    return new SVIRunError('UserError', `${this.fn}: ${what} at step ${step}: ${message}\n${summary}`, undefined, e, run);
  }

  /** The error of a run cancelled by its signal. */
  cancel(reason: unknown): SVIRunError {
    this.progress.done();
    this.keepCurrent();
    const why = reason instanceof Error ? reason.message : typeof reason === 'string' ? reason : '';
    const message =
      `${this.fn}: cancelled after ${this.done} of ${this.steps} steps${why === '' ? '' : `: ${why}`}. ` +
      `The error's state is the last state (release it with disposeState when done) and its losses the ${this.done} losses up to it.`;
    return new SVIRunError('Cancelled', message, undefined, reason, { state: this.state, losses: this.losses.slice(0, this.done), skipped: [...this.skipped] });
  }
}

/** `steps` steps from `init(key)`, synchronously. */
export function runSync(driver: RunDriver, key: Key, steps: number, options: RunOptions = {}): RunResult {
  const loop = new RunLoop('SVI.run', driver, key, steps, options);
  while (!loop.finished) loop.next();
  return loop.result();
}

/** One turn of the event loop (a macrotask, so timers, I/O and rendering get their turn). */
const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/** `steps` steps from `init(key)`, yielding to the event loop every `yieldEveryMs` (see the module notes). */
export async function runAsync(driver: RunDriver, key: Key, steps: number, options: AsyncRunOptions = {}): Promise<RunResult> {
  const every = options.yieldEveryMs ?? 16;
  if (!(every >= 0)) throw invalidArgument('SVI.runAsync', 'yieldEveryMs', 'must be a non-negative number', String(every));
  const loop = new RunLoop('SVI.runAsync', driver, key, steps, options);
  let lastYield = performance.now();
  for (;;) {
    if (options.signal?.aborted === true) throw loop.cancel(options.signal.reason);
    if (loop.finished) return loop.result();
    loop.next();
    if (performance.now() - lastYield >= every) {
      await yieldToEventLoop();
      lastYield = performance.now();
    }
  }
}
