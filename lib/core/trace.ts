/**
 * Traces: the immutable record of one run of a model.
 *
 * A trace maps site names to resolved {@link Site}s in the order the model visited them,
 * and keeps the model's return value. Queries here are pure functions over traces.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import * as O from 'fp-ts/lib/Option.js';
import type { ParamSite, PlateSite, SampleSite, Site } from './effect.js';
import { IgnisError, ignisError } from './errors.js';
import { formatShapes } from './format-shapes.js';

/**
 * One run of a model: its sites, insertion-ordered, and its return value.
 *
 * @category core
 * @since 0.1.0
 */
export interface Trace<R = unknown> {
  readonly sites: ReadonlyMap<string, Site>;
  readonly returnValue: R;
}

/** A trace from sites and a return value (the map is frozen by convention: never mutated). */
export function makeTrace<R>(sites: ReadonlyMap<string, Site>, returnValue: R): Trace<R> {
  return Object.freeze({ sites, returnValue });
}

/** The site named `name`, if any. @category core @since 0.1.0 */
export const getSite = (trace: Trace, name: string): O.Option<Site> => O.fromNullable(trace.sites.get(name));

/** All sample sites (latent and observed), in order. @category core @since 0.1.0 */
export function sampleSites(trace: Trace): readonly SampleSite[] {
  return [...trace.sites.values()].filter((s): s is SampleSite => s.type === 'sample');
}

/** Latent (unobserved) sample sites, in order. @category core @since 0.1.0 */
export const latentSites = (trace: Trace): readonly SampleSite[] => sampleSites(trace).filter((s) => !s.isObserved);

/** Observed sample sites, in order. @category core @since 0.1.0 */
export const observedSites = (trace: Trace): readonly SampleSite[] => sampleSites(trace).filter((s) => s.isObserved);

/** Param sites, in order. @category core @since 0.1.0 */
export function paramSites(trace: Trace): readonly ParamSite[] {
  return [...trace.sites.values()].filter((s): s is ParamSite => s.type === 'param');
}

/** Plate sites (one per plate entered), in order. @category core @since 0.1.0 */
export function plateSites(trace: Trace): readonly PlateSite[] {
  return [...trace.sites.values()].filter((s): s is PlateSite => s.type === 'plate');
}

/** Apply a site's mask and scale to its log-density (Pyro's `scale_and_mask`). */
export function scaleAndMask(logProb: tf.Tensor, site: SampleSite): tf.Tensor {
  let lp = logProb;
  if (site.mask === false) lp = tf.zerosLike(lp);
  else if (site.mask !== true) lp = tf.where(site.mask, lp, tf.zerosLike(lp)); // where broadcasts, as torch does
  return site.scale === 1 ? lp : tf.mul(lp, site.scale);
}

/**
 * Run `fn` for `site`, re-raising an error from inside the distribution as one naming the site,
 * with the trace's shape table (what {@link siteLogProb} and the ELBOs' density kernels share).
 */
export function withSiteContext<T>(site: SampleSite, trace: Trace | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof IgnisError && e.site !== undefined) throw e;
    const message = e instanceof Error ? e.message : String(e);
    throw ignisError(e instanceof IgnisError ? e.tag : 'ShapeMismatch', {
      fn: 'logProb',
      what: 'error while computing the log-density',
      site: site.name,
      detail: message,
      ...(trace === undefined ? {} : { table: formatShapes(trace) }),
    });
  }
}

/**
 * A site's log-density, masked and scaled, of shape `batchShape` (not summed). An error
 * inside the distribution is re-raised naming the site, with the trace's shape table.
 *
 * @category core
 * @since 0.1.0
 */
export function siteLogProb(site: SampleSite, trace?: Trace): tf.Tensor {
  return withSiteContext(site, trace, () => scaleAndMask(site.fn.logProb(site.value), site));
}
