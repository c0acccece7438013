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
import { IgnisError, formatError, ignisError, quoteNames } from '../core/errors.js';
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

/** The hint when values degenerated at the state a step started from. */
function degeneratedHint(fn: string): string {
  const state = fn === 'SVI.evaluate' ? 'The state is unchanged' : 'The state passed to update() is unchanged';
  return (
    `${state}, but values degenerated at it, most likely because the update that produced it diverged: resume from an earlier state ` +
    '(SVI.run hands back the last good one) with a smaller learning rate, or skip such steps with stableUpdate.'
  );
}

/**
 * The params of `state` whose constrained values are not finite or fall outside their constraint
 * (an unconstrained value so large that `exp` overflows or underflows), each with its first bad
 * element: `param 'scale_q' (0, outside positive)`.
 */
function degenerateParams(state: SVIState | undefined): readonly string[] {
  if (state === undefined) return [];
  try {
    return tf.tidy(() =>
      Object.entries(constrain(state.params, state.specs)).flatMap(([name, v]) => {
        const constraint = state.specs[name]?.constraint;
        const finite = tf.isFinite(v);
        const ok = constraint === undefined || constraint.kind === 'real' ? finite : tf.logicalAnd(finite, tf.broadcastTo(constraint.check(v), v.shape));
        const flags = ok.dataSync();
        const bad = flags.findIndex((f) => f !== 1);
        if (bad < 0) return [];
        const value = v.dataSync()[bad]!;
        const outside = Number.isFinite(value) && constraint !== undefined ? `, outside ${constraint.name}` : '';
        return [`param '${name}' (${value}${outside}${v.size > 1 ? ` at element ${bad}` : ''})`];
      }),
    );
  } catch {
    return [];
  }
}

/** Re-raise `e`, thrown during a step, as an error naming the step and the place (see the module notes). */
export function stepFailure(e: unknown, ctx: FailureContext): IgnisError {
  if (e instanceof IgnisError && located.has(e)) return e;
  // init has no step to add, and an error of its own already names it and the site
  if (ctx.fn === 'SVI.init' && e instanceof IgnisError && e.message.startsWith('SVI.init')) return final(e);
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
    const inside = location.plates.length === 0 ? '' : ` inside plate${location.plates.length > 1 ? 's' : ''} ${quoteNames(location.plates)}`;
    what = `the ${location.program} raised an error at ${when}${after}${inside}`;
  }
  const atThisStep = [
    ...degenerateParams(ctx.state),
    ...(location?.nonFiniteGuideValues ?? []).map((s) => `the guide's value of '${s}' is not finite`),
  ];
  const detail = head.replace(/\.$/, '') + (atThisStep.length === 0 ? '' : `; at this step: ${atThisStep.join(', ')}`);
  const message = formatError({
    fn: ctx.fn,
    what,
    ...(ownSite === undefined ? {} : { site: ownSite }),
    detail,
    hint: atThisStep.length === 0 || ctx.fn === 'SVI.init' ? `${stateHint(ctx.fn)}${ctx.fn === 'SVI.init' ? '' : ' Fix the cause, then resume from it.'}` : degeneratedHint(ctx.fn),
    ...(rest.length === 0 ? {} : { table: rest.join('\n') }),
  });
  return final(new IgnisError(e instanceof IgnisError ? e.tag : 'UserError', message, site, { cause: e }));
}

/** Where a divergent update took a constrained parameter. */
export interface Departure {
  /** The constraint's name. */
  readonly constraint: string;
  /** The new unconstrained values' `[min, max]`. */
  readonly range: readonly [number, number];
  /** Where the constraint is representable (see `param-ranges.ts`). */
  readonly safe: readonly [number, number];
}

/** What a rejected update's gradient held, for one parameter (and where it went, if it left its constraint). */
export interface GradientReport {
  readonly name: string;
  readonly size: number;
  readonly nan: number;
  readonly infinite: number;
  /** The largest finite `|g|` (0 when there is none). */
  readonly largest: number;
  readonly departure?: Departure;
}

/** Count the NaN and infinite elements of a gradient (the rejected-update path only). */
export function reportGradient(name: string, grad: tf.Tensor | undefined, departure?: Departure): GradientReport {
  if (grad === undefined) return { name, size: 0, nan: 0, infinite: 0, largest: 0, ...(departure === undefined ? {} : { departure }) };
  const data = grad.dataSync();
  let nan = 0;
  let infinite = 0;
  let largest = 0;
  for (const g of data) {
    if (Number.isNaN(g)) nan++;
    else if (!Number.isFinite(g)) infinite++;
    else largest = Math.max(largest, Math.abs(g));
  }
  return { name, size: data.length, nan, infinite, largest, ...(departure === undefined ? {} : { departure }) };
}

const bound = (v: number): string => (Number.isFinite(v) ? v.toPrecision(4) : v > 0 ? '∞' : '−∞');

const describe = (r: GradientReport): string => {
  const d = r.departure;
  if (d !== undefined && r.nan + r.infinite === 0) {
    const [lo, hi] = d.range;
    const where = lo < d.safe[0] ? `down to ${bound(lo)}` : `up to ${bound(hi)}`;
    return `the update takes unconstrained '${r.name}' ${where}, outside [${bound(d.safe[0])}, ${bound(d.safe[1])}] where its constraint ${d.constraint} is representable in float32 (largest |g| ${r.largest.toPrecision(3)})`;
  }
  if (r.nan + r.infinite === 0) return `the update of '${r.name}' overflows float32 (its gradient is finite, largest |g| ${r.largest.toPrecision(3)})`;
  const kinds = [r.nan > 0 ? `${r.nan} NaN` : '', r.infinite > 0 ? `${r.infinite} infinite` : ''].filter((k) => k !== '').join(' and ');
  return `the gradient of '${r.name}' has ${kinds} of ${r.size} element${r.size === 1 ? '' : 's'}`;
};

/**
 * `NonFiniteGradient`: the optimizer step would have written a NaN or an infinity into these
 * params, or taken them where their constraint cannot be represented (a divergent step).
 */
export function nonFiniteUpdate(fn: string, step: number, loss: number, reports: readonly GradientReport[]): IgnisError {
  const names = quoteNames(reports.map((r) => r.name));
  const divergent = reports.every((r) => r.departure !== undefined && r.nan + r.infinite === 0);
  const message = formatError({
    fn,
    what: `${divergent ? 'divergent' : 'non-finite'} update of param${reports.length === 1 ? '' : 's'} ${names} at step ${step}`,
    detail: `${reports.map(describe).join('; ')} (the loss, ${loss}, is finite)`,
    hint: divergent
      ? `${stateHint(fn)} Lower the learning rate (or clip the gradients: ClippedAdam), or skip such steps with stableUpdate.`
      : `${stateHint(fn)} Look for an operation with an infinite derivative at these values (sqrt or log at 0, ` +
        'a where() whose other branch is not finite), lower the learning rate, or skip such steps with stableUpdate.',
  });
  return final(new IgnisError('NonFiniteGradient', message, reports[0]?.name));
}

/** `ParamMismatch`: the model and guide read none of the state's params (another SVI's state?). */
export function foreignState(fn: string, step: number, stateParams: readonly string[], read: readonly string[]): IgnisError {
  return final(
    ignisError('ParamMismatch', {
      fn,
      what: `the state does not belong to this model and guide at step ${step}`,
      detail: `the model and guide read the params ${quoteNames(read)}, the state holds ${quoteNames(stateParams)}`,
      hint: 'Pass a state made by init() (or returned by update()) of an SVI over this model and guide; it is unchanged.',
    }),
  );
}

/** `ParamMismatch`: params first reached at this step that tracing the step again did not reach (random paths). */
export function unreachedParams(fn: string, step: number, names: readonly string[]): IgnisError {
  return final(
    ignisError('ParamMismatch', {
      fn,
      what: `params first reached at step ${step} are not in the state`,
      detail: `${quoteNames(names)} (reached on a random path: tracing the step again did not reach them)`,
      hint: `${stateHint(fn)} Run init() with arguments and a key that reach every param.`,
    }),
  );
}
