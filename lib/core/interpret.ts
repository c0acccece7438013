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
import * as tf from '@tensorflow/tfjs-core';
import type { DeterministicMessage, Message, Model, ParamMessage, ParamSite, PlateMessage, PlateSite, SampleMessage, SampleSite, Site } from './effect.js';
import { ignisError } from './errors.js';
import { formatShapes } from './format-shapes.js';
import { checkGivenParams } from './param-check.js';
import { type SubsampledFrame, rowGather, rowsFromSource } from './param-rows.js';
import { type Key, foldIn, subsample } from './key.js';
import { allocateDim, checkValueFits, plateBatchShape } from './plate.js';
import { shapesEqual } from './shape.js';
import { type Trace, makeTrace } from './trace.js';

/** Options of one interpreter run. */
export interface RunOptions {
  /** The source of randomness for sites that need a draw. Without it such a site is an error. */
  readonly key?: Key;
  /** Constrained parameter values by site name, used instead of the params' initial values. */
  readonly params?: Readonly<Record<string, tf.Tensor>>;
  /** The public operation running, for error messages. */
  readonly caller?: string;
}

/** A fold's local state: the sites so far (never escapes; the trace gets a fresh frozen copy). */
interface FoldState {
  readonly sites: Map<string, Site>;
  readonly options: RunOptions;
  draws: number;
}

const table = (state: FoldState, current?: Site) => (): string =>
  formatShapes(current === undefined ? state.sites.values() : [...state.sites.values(), current]);

function siteKey(state: FoldState, message: Message, purpose: string): Key {
  if (message.key !== undefined) return message.key;
  const key = state.options.key;
  if (key === undefined) {
    throw ignisError('MissingSite', {
      fn: state.options.caller ?? 'run',
      what: `no value and no key to draw one`,
      site: message.name,
      detail: purpose,
      hint: 'Pass the value (condition/substitute it) or run with a key.',
    });
  }
  return foldIn(key, state.draws++);
}

function record<S extends Site>(state: FoldState, site: S): S {
  if (site.stop) return site;
  const existing = state.sites.get(site.name);
  if (existing !== undefined) {
    throw ignisError('DuplicateSite', {
      fn: state.options.caller ?? 'run',
      what: 'duplicate site name',
      site: site.name,
      detail: `a ${existing.type} site named '${site.name}' is already in the trace`,
      hint: 'Site names must be unique within a run; inside loops put the index in the name.',
    });
  }
  state.sites.set(site.name, site);
  return site;
}

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
    const plate = state.sites.get(frame.name);
    if (plate?.type === 'plate') frames.push({ frame, indices: plate.value });
  }
  return frames;
}

function resolveParam(state: FoldState, message: ParamMessage): ParamSite {
  const existing = state.sites.get(message.name);
  if (existing?.type === 'param') return existing;
  const frames = subsampledFrames(state, message);
  const gather = frames.length === 0 ? undefined : rowGather(state.options.caller ?? 'run', message.name, message.eventDim ?? 0, frames);
  if (gather !== undefined && message.value === undefined) {
    const rows = rowsFromSource(state.options.params, message.name, gather);
    if (rows !== undefined) return record(state, { ...message, value: rows });
  }
  const given = message.value ?? state.options.params?.[message.name];
  const init = message.init;
  const whole = given ?? (typeof init === 'function' ? init(siteKey(state, message, 'a param initialised by a function of a key')) : init);
  return record(state, gather === undefined ? { ...message, value: whole } : { ...message, value: gather(whole), whole });
}

const ranges = new Map<number, Int32Array>();

/**
 * A fresh `0 … n−1`: a copy of a cached one (uploading it costs less than a `Range` kernel). A
 * copy, because the cpu backend keeps the very array as the tensor's storage, which a user may
 * write through `dataSync()`.
 */
function rangeOf(n: number): Int32Array {
  const known = ranges.get(n);
  if (known !== undefined) return known.slice();
  if (ranges.size > 64) ranges.clear();
  const range = Int32Array.from({ length: n }, (_, i) => i);
  ranges.set(n, range);
  return range.slice();
}

function resolvePlate(state: FoldState, message: PlateMessage): PlateSite {
  const existing = state.sites.get(message.name);
  if (existing?.type === 'plate' && existing.size === message.size && existing.plates.length === message.plates.length) {
    return existing; // the same plate entered again (sequential use): same dim and indices
  }
  const dim = allocateDim(message);
  const subsampleSize = message.subsampleSize ?? message.size;
  const indices =
    message.value ??
    tf.tensor1d(subsampleSize < message.size ? subsample(siteKey(state, message, 'a subsampled plate'), message.size, subsampleSize) : rangeOf(message.size), 'int32');
  const frame = { name: message.name, size: message.size, subsampleSize, dim };
  return record(state, { ...message, dim, subsampleSize, value: indices, frame });
}

function resolve(state: FoldState, message: Message): Site {
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
  const state: FoldState = { sites: new Map(), options, draws: 0 };
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
