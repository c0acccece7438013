/**
 * Where a model or guide failed: which of the two, the last site it reached and the plates it
 * was in, and which of the guide's values were not finite — so that an error raised by the
 * program's own code (a distribution rejecting an infinite scale, a `throw` of the user's, a
 * tfjs shape error) can be reported at a site and step by SVI.
 *
 * Nothing here runs on the happy path: only when a run throws is it repeated (same program,
 * arguments, key and params, so the same path) under a wrapper that remembers the last message
 * the program yielded. The location is attached to the error object (a weak map), not to its
 * message; SVI reads it with {@link locationOf}.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, Message } from '../../core/effect.js';
import { type RunOptions, run } from '../../core/interpret.js';
import { type Trace, sampleSites } from '../../core/trace.js';

/** Where a program failed. */
export interface Location {
  readonly program: 'model' | 'guide';
  /** The last sample, param or deterministic site the program reached before the error. */
  readonly lastSite: string | undefined;
  /** The plates (outermost first) the program was in when it failed. */
  readonly plates: readonly string[];
  /** Guide sites whose values were not finite (a model failure downstream of them). */
  readonly nonFiniteGuideValues: readonly string[];
}

const locations = new WeakMap<object, Location>();

/** The location attached to `e` by {@link runLocated}, if any. */
export const locationOf = (e: unknown): Location | undefined => (typeof e === 'object' && e !== null ? locations.get(e) : undefined);

/** `model` with every message it yields reported to `seen` first. */
function tracking(model: AnyModel, seen: (message: Message) => void): AnyModel {
  return function* (...args: unknown[]) {
    const inner = (model as (...a: unknown[]) => Generator<Message, unknown, unknown>)(...args);
    let step = inner.next();
    while (!step.done) {
      seen(step.value);
      step = inner.next(yield step.value);
    }
    return step.value;
  };
}

/** Re-run `model` to find the last site and plates it reached before failing. */
function lastPosition(model: AnyModel, args: readonly unknown[], options: RunOptions): Pick<Location, 'lastSite' | 'plates'> {
  let lastSite: string | undefined;
  let plates: readonly string[] = [];
  try {
    tf.tidy(() => {
      run(
        tracking(model, (m) => {
          const outer = m.plates.map((f) => f.name);
          plates = m.type === 'plate' ? [...outer, m.name] : outer;
          if (m.type !== 'plate') lastSite = m.name;
        }),
        args as unknown[],
        options,
      );
    });
  } catch {
    // the failure again, as expected: what was seen up to it is the answer
  }
  return { lastSite, plates };
}

/** Names of a trace's sample sites whose values hold a NaN or an infinity. */
export function nonFiniteValues(trace: Trace): readonly string[] {
  return tf.tidy(() => sampleSites(trace).filter((s) => s.value.dtype === 'float32' && tf.all(tf.isFinite(s.value)).dataSync()[0] !== 1).map((s) => s.name));
}

/**
 * `run(model, args, options)`, attaching to an error it throws where it happened (see the module
 * notes). `guideTrace` is the guide's trace when `model` is the model replayed on it.
 */
export function runLocated(program: 'model' | 'guide', model: AnyModel, args: readonly unknown[], options: RunOptions, guideTrace?: Trace): Trace {
  try {
    return run(model, args as unknown[], options);
  } catch (e) {
    if (typeof e === 'object' && e !== null && !locations.has(e)) {
      const nonFiniteGuideValues = guideTrace === undefined ? [] : nonFiniteValues(guideTrace);
      locations.set(e, { program, ...lastPosition(model, args, options), nonFiniteGuideValues });
    }
    throw e;
  }
}
