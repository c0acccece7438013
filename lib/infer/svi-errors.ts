/**
 * The errors an SVI step raises, each naming the step and the site(s) or param(s) involved, and
 * saying that the state passed in is untouched (the last good state).
 *
 * - {@link stepFailure}: any error thrown while the step ran the guide, the model, the loss or
 *   its gradient, re-raised with the step and the place (the site in the error, or where the
 *   model or guide stopped, see `elbo/locate.ts`), the parameters and guide values that were
 *   not finite at that step, and the original as `cause`. The tag is the original's (a plain
 *   `Error` from user or tfjs code becomes `UserError`).
 * - {@link nonFiniteUpdate}: `NonFiniteGradient`, an optimizer step that would have written a
 *   NaN or an infinity, naming each parameter and what its gradient held.
 * - {@link foreignState}: `ParamMismatch`, a state none of whose params the model and guide read.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { IgnisError, formatError, ignisError } from '../core/errors.js';
import { locationOf } from './elbo/locate.js';
import { constrain } from './params.js';
import type { SVIState } from './svi-state.js';

/** What a failed step was doing. */
export interface FailureContext {
  /** The public function, e.g. `'SVI.update'`. */
  readonly fn: string;
  /** The step that failed (counting from 1; 0 for `init`). */
  readonly step: number;
  /** The state the step started from (its params are checked for non-finite values). */
  readonly state?: SVIState;
}

const located = new WeakSet<IgnisError>();

/** Mark an error built here as final: {@link stepFailure} passes it through unchanged. */
function final(e: IgnisError): IgnisError {
  located.add(e);
  return e;
}

/** What the hint says about the state. */
export function stateHint(fn: string): string {
  if (fn === 'SVI.init') return 'No state was created.';
  if (fn === 'SVI.evaluate') return 'The state is unchanged.';
  return 'The state passed to update() is unchanged and usable (the last good state).';
}

/** The params of `state` whose constrained values are not finite. */
function nonFiniteParams(state: SVIState | undefined): readonly string[] {
  if (state === undefined) return [];
  try {
    return tf.tidy(() =>
      Object.entries(constrain(state.params, state.specs))
        .filter(([, v]) => tf.all(tf.isFinite(v)).dataSync()[0] !== 1)
        .map(([name]) => name),
    );
  } catch {
    return [];
  }
}

/** Re-raise `e`, thrown during a step, as an error naming the step and the place (see the module notes). */
export function stepFailure(e: unknown, ctx: FailureContext): IgnisError {
  if (e instanceof IgnisError && located.has(e)) return e;
  const location = locationOf(e);
  const [head = '', ...rest] = (e instanceof Error ? e.message : String(e)).split('\n');
  const ownSite = e instanceof IgnisError ? e.site : undefined;
  const site = ownSite ?? location?.lastSite;
  const when = ctx.fn === 'SVI.init' ? 'init' : `step ${ctx.step}`;
  let what: string;
  if (ownSite !== undefined || location === undefined) {
    what = `${when} failed`;
  } else {
    const after = location.lastSite === undefined ? ' before its first site' : ` after site '${location.lastSite}'`;
    const inside = location.plates.length === 0 ? '' : ` inside plate${location.plates.length > 1 ? 's' : ''} ${location.plates.map((p) => `'${p}'`).join(', ')}`;
    what = `the ${location.program} raised an error at ${when}${after}${inside}`;
  }
  const notFinite = [
    ...nonFiniteParams(ctx.state).map((p) => `param '${p}'`),
    ...(location?.nonFiniteGuideValues ?? []).map((s) => `the guide's value of '${s}'`),
  ];
  const detail = head.replace(/\.$/, '') + (notFinite.length === 0 ? '' : `; not finite at this step: ${notFinite.join(', ')}`);
  const message = formatError({
    fn: ctx.fn,
    what,
    ...(ownSite === undefined ? {} : { site: ownSite }),
    detail,
    hint: `${stateHint(ctx.fn)} ${notFinite.length === 0 ? 'Fix the cause, then resume from it.' : 'Values became non-finite: resume from it with a smaller learning rate (or skip such steps with stableUpdate).'}`,
    ...(rest.length === 0 ? {} : { table: rest.join('\n') }),
  });
  return final(new IgnisError(e instanceof IgnisError ? e.tag : 'UserError', message, site, { cause: e }));
}

/** What a rejected update's gradient held, for one parameter. */
export interface GradientReport {
  readonly name: string;
  readonly size: number;
  readonly nan: number;
  readonly infinite: number;
  /** The largest finite `|g|` (0 when there is none). */
  readonly largest: number;
}

/** Count the NaN and infinite elements of a gradient (the rejected-update path only). */
export function reportGradient(name: string, grad: tf.Tensor | undefined): GradientReport {
  if (grad === undefined) return { name, size: 0, nan: 0, infinite: 0, largest: 0 };
  const data = grad.dataSync();
  let nan = 0;
  let infinite = 0;
  let largest = 0;
  for (const g of data) {
    if (Number.isNaN(g)) nan++;
    else if (!Number.isFinite(g)) infinite++;
    else largest = Math.max(largest, Math.abs(g));
  }
  return { name, size: data.length, nan, infinite, largest };
}

const describe = (r: GradientReport): string => {
  if (r.nan + r.infinite === 0) return `the update of '${r.name}' overflows float32 (its gradient is finite, largest |g| ${r.largest.toPrecision(3)})`;
  const kinds = [r.nan > 0 ? `${r.nan} NaN` : '', r.infinite > 0 ? `${r.infinite} infinite` : ''].filter((k) => k !== '').join(' and ');
  return `the gradient of '${r.name}' has ${kinds} of ${r.size} element${r.size === 1 ? '' : 's'}`;
};

/** `NonFiniteGradient`: the optimizer step would have written a NaN or an infinity into these params. */
export function nonFiniteUpdate(fn: string, step: number, loss: number, reports: readonly GradientReport[]): IgnisError {
  const names = reports.map((r) => `'${r.name}'`).join(', ');
  const message = formatError({
    fn,
    what: `non-finite update of param${reports.length === 1 ? '' : 's'} ${names} at step ${step}`,
    detail: `${reports.map(describe).join('; ')} (the loss, ${loss}, is finite)`,
    hint:
      `${stateHint(fn)} Look for an operation with an infinite derivative at these values (sqrt or log at 0, ` +
      'a where() whose other branch is not finite), lower the learning rate, or skip such steps with stableUpdate.',
  });
  return final(new IgnisError('NonFiniteGradient', message, reports[0]?.name));
}

/** `ParamMismatch`: the model and guide read none of the state's params (another SVI's state?). */
export function foreignState(fn: string, step: number, stateParams: readonly string[], read: readonly string[]): IgnisError {
  const list = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');
  return final(
    ignisError('ParamMismatch', {
      fn,
      what: `the state does not belong to this model and guide at step ${step}`,
      detail: `the model and guide read the params ${list(read)}, the state holds ${list(stateParams)}`,
      hint: 'Pass a state made by init() (or returned by update()) of an SVI over this model and guide; it is unchanged.',
    }),
  );
}
