/**
 * `AutoDelta`: a point estimate per latent site (MAP), Pyro's `AutoDelta`.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { param, sample } from '../../core/primitives.js';
import { type AutoGuide, type AutoGuideMethods, type AutoGuideOptions, type SiteValues, lazyInitPoint, paramOf, prototypeMemo, renamable } from './guide.js';
import { fullConstrainedInit } from './init-point.js';
import { inPlates } from './plates.js';
import { SiteDeltaDist } from './site-delta.js';

/**
 * Options of {@link AutoDelta}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type AutoDeltaOptions<Args extends readonly unknown[] = readonly unknown[]> = AutoGuideOptions<Args>;

/**
 * A guide with a point mass per latent site (Pyro's `AutoDelta`): SVI with it finds the MAP
 * estimate in *constrained* space (no log-Jacobian, as in Pyro; compare
 * `AutoLaplaceApproximation`, which optimizes the unconstrained density).
 *
 * Parameters: `AutoDelta.<site>`, constrained to the site's support (optimized through
 * `bijectTo(support)`), init by `initLocFn` (default `initToMedian`), with subsampled plate dims
 * at full size (gathered per subsample). `median(params)` is the point estimate.
 *
 * @example
 * ```ts
 * const guide = AutoDelta(model, { initLocFn: initToFeasible() });
 * const { params } = SVI(model, guide, Adam({ lr: 0.05 }), TraceELBO()).run(prngKey(0), 500, [data]);
 * guide.median(params).scale;
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoDelta<M extends AnyModel>(model: M, options: AutoDeltaOptions<Parameters<M>> = {}): AutoGuide<Parameters<M>, AutoGuideMethods<Parameters<M>, LatentRecord<M>>> {
  type Args = Parameters<M>;
  const guideName = options.name ?? 'AutoDelta';
  const memo = prototypeMemo(model, guideName);
  const paramName = (site: string): string => `${guideName}.${site}`;

  function* guide(...args: Args) {
    const proto = memo.get(args);
    const initPoint = lazyInitPoint(model, args, proto, options.initLocFn, guideName);
    const given = options.createPlates?.(...args);
    const result: Record<string, tf.Tensor> = {};
    for (const site of proto.sites) {
      result[site.name] = yield* inPlates(site.plates, given, function* () {
        // a full-size param read inside the plates: the interpreter hands over the subsample's rows
        const value = yield* param(paramName(site.name), (key) => fullConstrainedInit(initPoint(key), site), {
          constraint: site.support,
          eventDim: site.eventDim,
        });
        return yield* sample(site.name, new SiteDeltaDist(value, undefined, site.eventDim));
      });
    }
    return result as SiteValues;
  }

  const methods: AutoGuideMethods<Args> = {
    guideName,
    setup: (...args: Args) => memo.get(args),
    getPrototype: () => memo.peek(),
    dispose: () => memo.release(),
    median: (params) =>
      Object.fromEntries(memo.require('median').sites.map((s) => [s.name, paramOf(params, paramName(s.name), `${guideName}.median`)])),
  };
  const built = Object.assign(guide, methods) as AutoGuide<Parameters<M>, AutoGuideMethods<Parameters<M>, LatentRecord<M>>>;
  return renamable(built, options, (name) => AutoDelta(model, { ...options, name }));
}
