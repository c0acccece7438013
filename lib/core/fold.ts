/**
 * The local state of one interpreter run (one fold of a model's messages into a trace), and
 * the helpers every resolver shares: the run's keys, recording a site, the shape table.
 * Nothing here escapes a run: the trace gets a fresh copy of the sites.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Message, PlateSite, Site } from './effect.js';
import { ignisError } from './errors.js';
import { formatShapes } from './format-shapes.js';
import { type Key, foldIn } from './key.js';

/** Options of one interpreter run. */
export interface RunOptions {
  /** The source of randomness for sites that need a draw. Without it such a site is an error. */
  readonly key?: Key;
  /** Constrained parameter values by site name, used instead of the params' initial values. */
  readonly params?: Readonly<Record<string, tf.Tensor>>;
  /** The public operation running, for error messages. */
  readonly caller?: string;
}

/** A run's local state (never escapes). */
export interface FoldState {
  /** The recorded sites so far, in visit order. */
  readonly sites: Map<string, Site>;
  /** Every plate entered so far by name, recorded or hidden by `block`: later entries reuse its dim and indices. */
  readonly plates: Map<string, PlateSite>;
  readonly options: RunOptions;
  draws: number;
}

/** A fresh state for a run with `options`. */
export const foldState = (options: RunOptions): FoldState => ({ sites: new Map(), plates: new Map(), options, draws: 0 });

/** The public operation running, for error messages. */
export const caller = (state: FoldState): string => state.options.caller ?? 'run';

/** The shape table of the sites so far (and `current`), computed only when an error needs it. */
export const table = (state: FoldState, current?: Site) => (): string =>
  formatShapes(current === undefined ? state.sites.values() : [...state.sites.values(), current]);

/** The key for a message's randomness: the one a `seed` handler gave it, else the run's key folded with a counter. */
export function siteKey(state: FoldState, message: Message, purpose: string): Key {
  if (message.key !== undefined) return message.key;
  const key = state.options.key;
  if (key === undefined) {
    throw ignisError('MissingSite', {
      fn: caller(state),
      what: `no value and no key to draw one`,
      site: message.name,
      detail: purpose,
      hint: 'Pass the value (condition/substitute it) or run with a key.',
    });
  }
  return foldIn(key, state.draws++);
}

/** Record a site (unless `block` hid it); a second site of the same name is a `DuplicateSite`. */
export function record<S extends Site>(state: FoldState, site: S): S {
  if (site.stop) return site;
  const existing = state.sites.get(site.name);
  if (existing !== undefined) {
    throw ignisError('DuplicateSite', {
      fn: caller(state),
      what: 'duplicate site name',
      site: site.name,
      detail: `a ${existing.type} site named '${site.name}' is already in the trace`,
      hint: 'Site names must be unique within a run; inside loops put the index in the name.',
    });
  }
  state.sites.set(site.name, site);
  return site;
}
