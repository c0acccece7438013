/**
 * One SVI step, committed only when it is sound.
 *
 * The step draws the loss and its gradients over the unconstrained params (tape cleaned up if
 * anything throws, `gradients.ts`), runs the optimizer, then decides:
 *
 * - the loss is not finite → `NonFiniteLoss` (or, stable, a skipped step);
 * - the optimizer wrote a NaN or an infinity into a param or slot, or took a constrained param
 *   where its constraint cannot be represented in float32 (a divergent step: `param-ranges.ts`;
 *   the optimizer reports finiteness and ranges, found in its own loops at no kernel cost)
 *   → `NonFiniteGradient` (or, stable, a skipped step);
 * - the model or guide reached a param the state does not hold → when the state holds params
 *   and none of them was reached, `ParamMismatch` (another SVI's state); otherwise the param was
 *   first reached after `init` and is adopted from its initial value, as Pyro's param store does,
 *   with a warning naming it, and the step runs again;
 * - anything thrown → re-raised naming the step and the site (`svi-errors.ts`).
 *
 * In every failing case nothing of the passed state is released and every tensor the step
 * made is: `tf.memory().numTensors` is what it was before the call, and the passed state is the
 * last good one. Only a committed step releases the passed state's tensors it no longer needs.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, ParamSite } from '../core/effect.js';
import { type Key, splitKey } from '../core/key.js';
import { tidy } from '../core/tidy.js';
import { paramSites } from '../core/trace.js';
import { warnOnce } from '../core/warn.js';
import { read } from '../ops/fused/host-data.js';
import { type ELBO, type TracePair, tracePair } from './elbo/elbo.js';
import { valueAndGradients } from './gradients.js';
import { diagnoseNonFinite } from './nonfinite.js';
import { allFinite, rangeOf } from './optim/fused.js';
import type { OptState, Optimizer, UpdateResult } from './optim/optimizer.js';
import { representableRange } from './param-ranges.js';
import { type ParamSpecs, type ParamValues, constrainLazily } from './params.js';
import { type GradientReport, foreignState, nonFiniteUpdate, reportGradient, stepFailure, unreachedParams } from './svi-errors.js';
import { type ElboStateHooks, elboStateHooks } from './svi-elbo-state.js';
import { type SVIState, disposeOutside, paramsOfSites, stateTensors } from './svi-state.js';

/** What a step needs besides the state. */
export interface StepContext {
  readonly model: AnyModel;
  readonly guide: AnyModel;
  readonly optim: Optimizer;
  readonly loss: ELBO;
}

/**
 * A step that `stableUpdate` skipped: the state kept its params and optimizer slots, and only
 * its key and step count moved on.
 *
 * @category inference
 * @since 0.2.0
 */
export interface SkippedStep {
  readonly step: number;
  /** The step's loss (NaN or infinite when that is why it was skipped). */
  readonly loss: number;
  readonly reason: 'NonFiniteLoss' | 'NonFiniteGradient';
  /** The params whose update was not finite (empty for a non-finite loss). */
  readonly params: readonly string[];
}

/** A step's result: the next state, the loss, and the skip report when the step was skipped. */
export interface StepOutcome {
  readonly state: SVIState;
  readonly loss: number;
  readonly skipped: SkippedStep | undefined;
}

/** Params first reached at this step: their unconstrained values, slots and specs. */
interface Adopted {
  readonly params: ParamValues;
  readonly optState: OptState;
  readonly specs: ParamSpecs;
}

type Attempt =
  | { readonly kind: 'adopt'; readonly value: tf.Scalar; readonly adopted: Adopted | undefined; readonly missing: readonly string[]; readonly read: readonly string[] }
  | { readonly kind: 'update'; readonly value: tf.Scalar; readonly next: Pick<SVIState, 'params' | 'optState' | 'elboState'>; readonly reports: readonly GradientReport[] };

/**
 * The params `names`, first reached at this step, from their sites (initial values unconstrained
 * and copied) and their optimizer slots. The sites are traced again (the loss's own traces ran
 * inside the gradient's forward pass, whose tensors are gone).
 */
function adopt(ctx: StepContext, state: SVIState, names: ReadonlySet<string>, stepKey: Key, args: readonly unknown[]): Adopted {
  const pair = tracePair(ctx.model, ctx.guide, constrainLazily(state.params, state.specs), stepKey, args, 'SVI.update');
  const found = new Map<string, ParamSite>();
  for (const trace of [pair.guide, pair.model]) for (const s of paramSites(trace)) if (names.has(s.name) && !found.has(s.name)) found.set(s.name, s);
  const { params, specs } = paramsOfSites([...found.values()]);
  return { params, optState: ctx.optim.init(params), specs };
}

/** The params whose update is not finite, or takes a constrained value where it cannot be represented. */
function unsound(next: Pick<SVIState, 'params' | 'optState'>, state: SVIState, reported: UpdateResult, grads: ReadonlyMap<string, tf.Tensor | undefined>): readonly GradientReport[] {
  const nonFinite = new Set(reported.nonFinite ?? uncheckedNonFinite(next, state));
  const reports: GradientReport[] = [];
  for (const name of Object.keys(next.params)) {
    if (!grads.has(name) || grads.get(name) === undefined) continue;
    const constraint = state.specs[name]?.constraint;
    const safe = constraint === undefined || nonFinite.has(name) ? undefined : representableRange(constraint);
    if (safe !== undefined) {
      const range = reported.ranges?.[name] ?? rangeOf(read(next.params[name]!));
      if (range[0] < safe[0] || range[1] > safe[1]) reports.push(reportGradient(name, grads.get(name), { constraint: constraint!.name, range, safe }));
    } else if (nonFinite.has(name)) {
      reports.push(reportGradient(name, grads.get(name)));
    }
  }
  return reports;
}

/** For an optimizer that does not report: the params whose new value or slots are not finite. */
function uncheckedNonFinite(next: Pick<SVIState, 'params' | 'optState'>, state: SVIState): readonly string[] {
  const old = new Set(stateTensors(state));
  return Object.keys(next.params).filter((name) => {
    const fresh = [next.params[name]!, ...Object.values(next.optState[name] ?? {})].filter((t) => !old.has(t));
    return !allFinite(fresh.map(read));
  });
}

/** Run the loss, its gradients and the optimizer (see the module notes); throws as it found. */
function attempt(ctx: StepContext, state: SVIState, args: readonly unknown[], stepKey: Key, step: number, elbo: ElboStateHooks): Attempt {
  const names = Object.keys(state.params);
  const xs = names.map((n) => state.params[n]!);
  const reached = new Set<string>();
  const observe = (pair: TracePair): void => {
    for (const trace of [pair.guide, pair.model]) for (const s of paramSites(trace)) reached.add(s.name);
  };
  const lossOf = (unconstrained: ParamValues): tf.Scalar =>
    ctx.loss.loss({ model: ctx.model, guide: ctx.guide, params: constrainLazily(unconstrained, state.specs), key: stepKey, args, maxPlateNesting: state.maxPlateNesting, observe, ...elbo.input });
  return tidy((): Attempt => {
    const { value, grads } = names.length === 0 ? { value: lossOf({}), grads: [] } : valueAndGradients(() => lossOf(state.params), xs);
    const missing = new Set([...reached].filter((n) => state.params[n] === undefined));
    if (missing.size > 0) {
      const read = [...reached].filter((n) => state.params[n] !== undefined);
      // a foreign state is refused before anything is adopted: only the names are needed
      const adopted = Object.keys(state.params).length > 0 && read.length === 0 ? undefined : adopt(ctx, state, missing, stepKey, args);
      return { kind: 'adopt', value, adopted, missing: [...missing], read };
    }
    if (names.length === 0) return { kind: 'update', value, next: { ...state, elboState: elbo.next() }, reports: [] };
    const updated = ctx.optim.update({ step, params: state.params, grads: Object.fromEntries(names.map((n, i) => [n, grads[i]])), state: state.optState });
    const next = { params: updated.params, optState: updated.state, elboState: elbo.next() };
    return { kind: 'update', value, next, reports: unsound(next, state, updated, new Map(names.map((n, i) => [n, grads[i]]))) };
  });
}

/**
 * One step from `state` (see the module notes). `stable` skips a non-finite loss or update
 * instead of raising. `fn` names the public function in errors. With `release` (the default) a
 * committed step releases the tensors of `state` that the next state does not hold; without it
 * `state` stays intact (the caller releases it: `SVI.run` keeps the previous state for one step).
 */
export function takeStep(ctx: StepContext, state: SVIState, args: readonly unknown[], stable: boolean, fn: string, release = true): StepOutcome {
  const step = state.step + 1;
  const [stepKey, nextKey] = splitKey(state.key, 2) as [Key, Key];
  const elbo = elboStateHooks(state);
  let result: Attempt;
  try {
    result = attempt(ctx, state, args, stepKey, step, elbo);
  } catch (e) {
    elbo.drop();
    throw stepFailure(e, { fn, step, state });
  }
  const loss = result.value.dataSync()[0]!;
  result.value.dispose();

  if (result.kind === 'adopt') {
    elbo.drop(); // the step runs again from `state`
    return adoptAndRetry(ctx, state, args, stable, fn, result, step, release);
  }

  const skip = (reason: SkippedStep['reason'], params: readonly string[]): StepOutcome => ({
    state: { ...state, key: nextKey, step },
    loss,
    skipped: { step, loss, reason, params },
  });
  if (!Number.isFinite(loss)) {
    disposeOutside(result.next, state);
    if (stable) return skip('NonFiniteLoss', []);
    throw diagnoseNonFinite({ model: ctx.model, guide: ctx.guide, state, key: stepKey, args, step, value: loss });
  }
  if (result.reports.length > 0) {
    disposeOutside(result.next, state);
    if (stable) return skip('NonFiniteGradient', result.reports.map((r) => r.name));
    throw nonFiniteUpdate(fn, step, loss, result.reports);
  }
  const next: SVIState = { ...state, params: result.next.params, optState: result.next.optState, elboState: result.next.elboState, key: nextKey, step };
  if (release) disposeOutside(state, next); // the passed state's tensors the next one does not hold
  return { state: next, loss, skipped: undefined };
}

/** A param first reached at this step: refuse a foreign state, else adopt it and run the step again. */
function adoptAndRetry(
  ctx: StepContext,
  state: SVIState,
  args: readonly unknown[],
  stable: boolean,
  fn: string,
  result: Extract<Attempt, { kind: 'adopt' }>,
  step: number,
  release: boolean,
): StepOutcome {
  const { adopted } = result;
  if (adopted === undefined) throw foreignState(fn, step, Object.keys(state.params), result.missing);
  const names = Object.keys(adopted.params);
  if (names.length === 0) throw unreachedParams(fn, step, result.missing);
  for (const name of names) {
    warnOnce(`${fn}: param '${name}' was first reached at step ${step}, after init(); it is trained from its initial value from now on (as Pyro's param store does). Pass init() arguments that reach every param to silence this.`);
  }
  const extended: SVIState = {
    ...state,
    params: { ...state.params, ...adopted.params },
    optState: { ...state.optState, ...adopted.optState },
    specs: { ...state.specs, ...adopted.specs },
  };
  try {
    const outcome = takeStep(ctx, extended, args, stable, fn, release);
    // without release, the caller releases `state`: the adopted initial values are ours to release
    if (!release) disposeOutside(adopted, outcome.state);
    return outcome;
  } catch (e) {
    disposeOutside(adopted, state);
    throw e;
  }
}
