/**
 * The interpreter: a pure fold of a model's messages into an immutable {@link Trace}.
 *
 * `run` drives the model's generator. For each message it resolves a site: a sample site
 * gets its distribution broadcast to its plates and, if no handler gave it a value, a draw
 * (`rsample` when the family has one, as Pyro does); a param site gets its value from the
 * given params or its initial value; a plate gets its dim and (sub)sample indices; a
 * deterministic site is recorded as it is. Randomness comes from the run's key, folded with
 * a counter for each draw (or from the key a `seed` handler put on the message), so the same
 * key gives the same trace, bit for bit. Sites blocked by `block` are resolved but not recorded.
 *
 * `simulate` here and `logDensity` (log-density.ts) are the public operations built on it
 * (Gen.jl's "one interpreter per operation").
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DeterministicMessage, Message, Model, ParamMessage, ParamSite, SampleMessage, SampleSite, Site } from './effect.js';
import { ignisError } from './errors.js';
import { type FoldState, type RunOptions, caller, foldState, record, siteKey, table } from './fold.js';
import type { Key } from './key.js';
import { checkGivenParams } from './param-check.js';
import { type SubsampledFrame, rowGather, rowsFromSource } from './param-rows.js';
import { checkParamInPlates, checkValueFits, plateBatchShape } from './plate-shapes.js';
import { resolvePlate } from './resolve-plate.js';
import { shapesEqual } from './shape.js';
import { type Trace, makeTrace } from './trace.js';

export type { RunOptions } from './fold.js';

function resolveSample(state: FoldState, message: SampleMessage): SampleSite {
  const batchShape =
    message.plates.length === 0 ? message.fn.batchShape : plateBatchShape(message.fn, message.plates, message.name, table(state));
  const fn = shapesEqual(batchShape, message.fn.batchShape) ? message.fn : message.fn.expand(batchShape);
  let value = message.value;
  if (value === undefined) {
    const key = siteKey(state, message, 'a latent sample site');
    value = fn.hasRsample ? fn.rsample(key) : fn.sample(key);
  } else {
    checkValueFits(value, fn, message.name, message.plates, table(state));
  }
  return record(state, { ...message, fn, value });
}

const NO_FRAMES: readonly SubsampledFrame[] = [];

/** The subsampled plates around a param with an `eventDim`, with their indices (see `param-rows.ts`). */
function subsampledFrames(state: FoldState, message: ParamMessage): readonly SubsampledFrame[] {
  if (message.eventDim === undefined || message.plates.every((f) => f.subsampleSize >= f.size)) return NO_FRAMES;
  const frames: SubsampledFrame[] = [];
  for (const frame of message.plates) {
    if (frame.subsampleSize >= frame.size) continue;
    const plate = state.plates.get(frame.name);
    if (plate !== undefined) frames.push({ frame, indices: plate.value });
  }
  return frames;
}

function resolveParam(state: FoldState, message: ParamMessage): ParamSite {
  const existing = state.sites.get(message.name);
  if (existing?.type === 'param') return existing;
  const site = paramValue(state, message);
  if (message.eventDim !== undefined && message.plates.length > 0) {
    checkParamInPlates(caller(state), message.name, site.value, message.eventDim, message.plates);
  }
  return record(state, site);
}

/** A param's site: its value (inside subsampled plates, the subsample's rows) from a handler, the run's params or its init. */
function paramValue(state: FoldState, message: ParamMessage): ParamSite {
  const frames = subsampledFrames(state, message);
  const gather = frames.length === 0 ? undefined : rowGather(caller(state), message.name, message.eventDim ?? 0, frames);
  if (gather !== undefined && message.value === undefined) {
    const rows = rowsFromSource(state.options.params, message.name, gather);
    if (rows !== undefined) return { ...message, value: rows };
  }
  const given = message.value ?? state.options.params?.[message.name];
  const init = message.init;
  const whole = given ?? (typeof init === 'function' ? init(siteKey(state, message, 'a param initialised by a function of a key')) : init);
  return gather === undefined ? { ...message, value: whole } : { ...message, value: gather(whole), whole };
}

/** A `blockPlate` request (strict) that no enclosing plate matched is an error naming the site. */
function checkBlocks(state: FoldState, message: Message): void {
  const unmatched = message.blockedPlates?.find((b) => b.strict && b.frame === undefined);
  if (unmatched === undefined) return;
  const which = unmatched.name === undefined ? `at dim ${String(unmatched.dim)}` : `named '${unmatched.name}'`;
  throw ignisError('InvalidArgument', {
    fn: 'blockPlate',
    what: `no enclosing plate ${which}`,
    site: message.name,
    detail: `blockPlate matched 0 plates (enclosing: ${message.plates.map((f) => `'${f.name}' (dim ${f.dim})`).join(', ') || 'none'})`,
    hint: 'Remove the blockPlate, fix the name/dim, or pass strict: false.',
    table: table(state)(),
  });
}

function resolve(state: FoldState, message: Message): Site {
  if (message.blockedPlates !== undefined) checkBlocks(state, message);
  switch (message.type) {
    case 'sample':
      return resolveSample(state, message);
    case 'param':
      return resolveParam(state, message);
    case 'plate':
      return resolvePlate(state, message);
    case 'deterministic':
      return record(state, message satisfies DeterministicMessage);
  }
}

/**
 * Run `model(...args)` to completion and return its trace.
 *
 * @category core
 * @since 0.1.0
 */
export function run<Args extends readonly unknown[], R>(model: Model<Args, R>, args: Args, options: RunOptions = {}): Trace<R> {
  const state = foldState(options);
  const generator = model(...args);
  let step = generator.next();
  while (!step.done) {
    let site: Site;
    try {
      site = resolve(state, step.value);
    } catch (e) {
      // Raise the error at the site, inside the model (as Pyro does): its finally blocks run.
      step = generator.throw(e);
      continue;
    }
    step = generator.next(site);
  }
  return makeTrace(new Map(state.sites), step.value);
}

/** Options of {@link simulate}. */
export interface SimulateOptions {
  /** The run's randomness. */
  readonly key: Key;
  /** Constrained parameter values by site name. */
  readonly params?: Readonly<Record<string, tf.Tensor>>;
}

/**
 * Run a model forward, drawing every latent site, and return its trace (Gen's `simulate`).
 * The same key gives the same trace, bit for bit. A param not among `params` takes its initial
 * value (as in Pyro); a warning names it, or says that none of the given params is read (the
 * params of another model?).
 *
 * @example
 * ```ts
 * const trace = simulate(model, { key: prngKey(0) })(data);
 * console.log(formatShapes(trace));
 * ```
 * @category core
 * @since 0.1.0
 */
export function simulate<Args extends readonly unknown[], R>(model: Model<Args, R>, options: SimulateOptions): (...args: Args) => Trace<R> {
  return (...args) => {
    const trace = run(model, args, { ...options, caller: 'simulate' });
    checkGivenParams('simulate', [trace], options.params, false); // warns: params of another model?
    return trace;
  };
}
