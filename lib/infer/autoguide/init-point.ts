/**
 * The initial point of an autoguide: the model traced in order with each latent site's value
 * chosen by an {@link InitStrategy} (Pyro's `InitMessenger`), so later sites see earlier
 * sites' initial values.
 *
 * Each value is checked: the right shape, finite, a finite log-density under the site's
 * distribution, and a finite unconstrained image. A failing value is redrawn with a fresh key
 * (`maxTries` in all); then the run fails with `InvalidArgument` naming the site, the strategy
 * and the reason. Sites in subsampled plates are initialized on the subsample and repeated
 * periodically along the plate dim to the full size (Pyro's `periodic_repeat`), since the
 * full-size parameters (`AutoNormal`, `AutoDelta`) hold one row per plate index.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, SampleSite } from '../../core/effect.js';
import { IgnisError, ignisError } from '../../core/errors.js';
import { handle } from '../../core/handler.js';
import { run } from '../../core/interpret.js';
import { type Key, foldIn } from '../../core/key.js';
import { shapesEqual, showShape } from '../../core/shape.js';
import { whyInfeasible } from './feasibility.js';
import type { InitStrategy } from './init-strategies.js';
import { type LatentSite, type Prototype, fullShape, fullUnconstrainedShape } from './prototype.js';

/**
 * How many values a strategy may propose for one site before the autoguide gives up.
 *
 * @category autoguides
 * @since 0.1.0
 */
export const MAX_INIT_TRIES = 10;

/**
 * The initial point: per site, the constrained and the unconstrained value (prototype shapes).
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface InitPoint {
  readonly constrained: ReadonlyMap<string, tf.Tensor>;
  readonly unconstrained: ReadonlyMap<string, tf.Tensor>;
}

/** Why `value` is not a valid initial value of `site`, or `undefined` if it is. */
function rejection(site: SampleSite, proto: LatentSite, value: tf.Tensor): string | undefined {
  if (!shapesEqual(value.shape, proto.shape)) return `the value has shape ${showShape(value.shape)}, the site ${showShape(proto.shape)}`;
  return whyInfeasible(site.fn, value, proto.transform);
}

function propose(site: SampleSite, proto: LatentSite, strategy: InitStrategy, key: Key, caller: string): tf.Tensor {
  let reason = '';
  for (let attempt = 0; attempt < MAX_INIT_TRIES; attempt++) {
    let value: tf.Tensor;
    try {
      value = strategy({ name: site.name, fn: site.fn }, foldIn(key, attempt));
    } catch (e) {
      if (e instanceof IgnisError && e.tag !== 'NotImplemented') throw e;
      reason = e instanceof Error ? e.message : String(e);
      continue;
    }
    const bad = rejection(site, proto, value);
    if (bad === undefined) return value;
    reason = bad;
  }
  throw ignisError('InvalidArgument', {
    fn: caller,
    what: `could not initialize the site with ${strategy.strategyName}`,
    site: site.name,
    detail: `${MAX_INIT_TRIES} tries failed; the last: ${reason}`,
    hint: `Check the site's support (${proto.support.name}) and its parameters, or give a valid value with initToValue({ values: { '${site.name}': ... } }).`,
  });
}

/**
 * Trace the model with each latent site of `proto` set by `strategy`; site `i` draws from
 * `foldIn(key, i)`. Returns the constrained and unconstrained initial values.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function initialPoint(model: AnyModel, args: readonly unknown[], proto: Prototype, strategy: InitStrategy, key: Key, caller: string): InitPoint {
  const bySite = new Map(proto.sites.map((s, i) => [s.name, { site: s, index: i }]));
  const constrained = new Map<string, tf.Tensor>();
  const initialized = handle(model, () => ({
    postprocess: (site) => {
      const entry = site.type === 'sample' && !site.isObserved ? bySite.get(site.name) : undefined;
      if (entry === undefined || site.type !== 'sample') return site;
      const value = propose(site, entry.site, strategy, foldIn(key, entry.index), caller);
      constrained.set(site.name, value);
      return { ...site, value };
    },
  }));
  run(initialized, args as unknown[], { key: foldIn(key, proto.sites.length), caller: `${caller} (initialization)` });
  const unconstrained = new Map<string, tf.Tensor>();
  for (const s of proto.sites) {
    const value = constrained.get(s.name);
    if (value === undefined) {
      throw ignisError('MissingSite', {
        fn: caller,
        what: 'the site of the prototype trace is missing when the model is traced again',
        site: s.name,
        hint: 'Autoguides need a model whose latent sites do not change between runs (same names, same shapes).',
      });
    }
    unconstrained.set(s.name, s.transform === null ? value : s.transform.inverse(value));
  }
  return { constrained, unconstrained };
}

/**
 * Repeat `value` periodically along each subsampled plate dim of `site` up to the plate's full
 * size (Pyro's `periodic_repeat`); `eventDim` is the value's event rank.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function repeatToFullSize(value: tf.Tensor, site: LatentSite, eventDim: number): tf.Tensor {
  let out = value;
  const batchRank = value.rank - eventDim;
  for (const f of site.plates) {
    if (f.subsampleSize === f.size) continue;
    const axis = batchRank + f.dim;
    const reps = value.shape.map((_, i) => (i === axis ? Math.ceil(f.size / f.subsampleSize) : 1));
    const tiled = tf.tile(out, reps);
    out = tf.slice(tiled, 0, tiled.shape.map((d, i) => (i === axis ? f.size : d)));
  }
  return out;
}

/**
 * The initial unconstrained value of a site at its full (not subsampled) size.
 *
 * @category autoguides
 * @since 0.1.0
 */
export const fullUnconstrainedInit = (point: InitPoint, site: LatentSite): tf.Tensor => {
  const v = repeatToFullSize(point.unconstrained.get(site.name)!, site, site.unconstrainedEventDim);
  return shapesEqual(v.shape, fullUnconstrainedShape(site)) ? v : tf.reshape(v, [...fullUnconstrainedShape(site)]);
};

/**
 * The initial constrained value of a site at its full (not subsampled) size.
 *
 * @category autoguides
 * @since 0.1.0
 */
export const fullConstrainedInit = (point: InitPoint, site: LatentSite): tf.Tensor => {
  const v = repeatToFullSize(point.constrained.get(site.name)!, site, site.eventDim);
  return shapesEqual(v.shape, fullShape(site)) ? v : tf.reshape(v, [...fullShape(site)]);
};
