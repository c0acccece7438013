/**
 * `AutoNormal`: an independent Normal per latent site in unconstrained space, with full-size
 * per-site parameters (Pyro's `AutoNormal`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { param, sample } from '../../core/primitives.js';
import { tidy } from '../../core/tidy.js';
import { softplusPositive } from '../../distributions/constraints/index.js';
import { ndtri } from '../../ops/index.js';
import type { ParamValues } from '../params.js';
import { Normal } from '../../distributions/families/continuous/normal.js';
import { type AutoGuide, type AutoGuideMethods, type AutoGuideOptions, type SiteValues, lazyInitPoint, paramOf, prototypeMemo, renamable } from './guide.js';
import { fullUnconstrainedInit } from './init-point.js';
import { initToFeasible } from './init-strategies.js';
import { checkInitScale } from './multivariate-normal.js';
import { inPlates } from './plates.js';
import { type LatentSite, fullUnconstrainedShape } from './prototype.js';
import { SiteDeltaDist } from './site-delta.js';
import { constrainDraw } from './unpack.js';

/** Pyro's default for `AutoNormal` (`init_to_feasible`; the other autoguides default to the median). */
const DEFAULT_INIT = initToFeasible();

/**
 * Options of {@link AutoNormal}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoNormalOptions<Args extends readonly unknown[] = readonly unknown[]> extends AutoGuideOptions<Args> {
  /** The initial scale of every unconstrained coordinate (default 0.1). */
  readonly initScale?: number;
}

/**
 * Methods of {@link AutoNormal}.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoNormalMethods<Args extends readonly unknown[], R = SiteValues> extends AutoGuideMethods<Args, R> {
  /** Per site, the posterior quantiles `qs` in constrained space, stacked: `[qs.length, ...fullSiteShape]`. */
  quantiles(params: ParamValues, qs: readonly number[]): R;
}

/**
 * A guide with an independent Normal per latent site, in unconstrained space (Pyro's
 * `AutoNormal`): `z_site = T(u)`, `u ~ Normal(loc, scale)`, `T = bijectTo(support)`.
 *
 * Parameters per site: `AutoNormal.locs.<site>` (init by `initLocFn`, default `initToFeasible`
 * as Pyro's: every site starts at the image of the unconstrained origin)
 * and `AutoNormal.scales.<site>` (`softplusPositive`, init `initScale` = 0.1), of the site's
 * unconstrained shape with subsampled plate dims at their *full* size: inside a subsampled
 * plate the guide gathers the subsample's rows, so every row is learned over the epochs.
 *
 * Sites: a real-supported site is sampled directly as `Normal(loc, scale).toEvent(eventDim)`
 * (the identity transform needs no auxiliary site, and `TraceMeanFieldELBO` can then use the
 * analytic KL against a Normal prior); a constrained site is sampled as the auxiliary
 * `<site>_unconstrained` and handed to the model through a `Delta` with `−log|det J|`, as Pyro
 * does for every site. Either way the guide's density of the site is the same.
 *
 * @example
 * ```ts
 * const guide = AutoNormal(model);
 * const { params } = SVI(model, guide, Adam({ lr: 0.01 }), TraceMeanFieldELBO()).run(prngKey(0), 2000, [x, y]);
 * guide.median(params); // { w: [50], b: [], sigma: [] }
 * ```
 * @category autoguides
 * @since 0.1.0
 */
export function AutoNormal<M extends AnyModel>(model: M, options: AutoNormalOptions<Parameters<M>> = {}): AutoGuide<Parameters<M>, AutoNormalMethods<Parameters<M>, LatentRecord<M>>> {
  type Args = Parameters<M>;
  const guideName = options.name ?? 'AutoNormal';
  const initScale = checkInitScale(guideName, options.initScale ?? 0.1);
  const memo = prototypeMemo(model, guideName);
  const locName = (s: LatentSite): string => `${guideName}.locs.${s.name}`;
  const scaleName = (s: LatentSite): string => `${guideName}.scales.${s.name}`;

  function* guide(...args: Args) {
    const proto = memo.get(args);
    const initPoint = lazyInitPoint(model, args, proto, options.initLocFn ?? DEFAULT_INIT, guideName);
    const given = options.createPlates?.(...args);
    const result: Record<string, tf.Tensor> = {};
    for (const site of proto.sites) {
      const eventDim = site.unconstrainedEventDim;
      result[site.name] = yield* inPlates(site.plates, given, function* () {
        // full-size params read inside the plates: the interpreter hands over the subsample's rows
        const loc = yield* param(locName(site), (key) => fullUnconstrainedInit(initPoint(key), site), { eventDim });
        const scale = yield* param(scaleName(site), () => tf.fill([...fullUnconstrainedShape(site)], initScale), { constraint: softplusPositive, eventDim });
        const q = Normal(loc, scale).toEvent(eventDim);
        if (site.transform === null) return yield* sample(site.name, q);
        const u = yield* sample(`${site.name}_unconstrained`, q, { infer: { isAuxiliary: true } });
        const { value, logDensity } = constrainDraw(site, u);
        return yield* sample(site.name, new SiteDeltaDist(value, logDensity, site.eventDim));
      });
    }
    return result as SiteValues;
  }

  const constrained = (site: LatentSite, u: tf.Tensor): tf.Tensor => (site.transform === null ? u : site.transform.forward(u));
  const methods: AutoNormalMethods<Args> = {
    guideName,
    setup: (...args: Args) => memo.get(args),
    getPrototype: () => memo.peek(),
    dispose: () => memo.release(),
    // tidy: only the returned record's tensors outlive the call
    median: (params) =>
      tidy(() => Object.fromEntries(memo.require('median').sites.map((s) => [s.name, constrained(s, paramOf(params, locName(s), `${guideName}.median`))]))),
    quantiles: (params, qs) =>
      tidy(() => {
        const fn = `${guideName}.quantiles`;
        return Object.fromEntries(
          memo.require('quantiles').sites.map((s) => {
            const loc = paramOf(params, locName(s), fn);
            const scale = paramOf(params, scaleName(s), fn);
            const z = ndtri(tf.tensor(qs, [qs.length, ...loc.shape.map(() => 1)]));
            return [s.name, constrained(s, tf.add(loc, tf.mul(scale, z)))];
          }),
        );
      }),
  };
  const built = Object.assign(guide, methods) as AutoGuide<Args, AutoNormalMethods<Args, LatentRecord<M>>>;
  return renamable(built, options, (name) => AutoNormal(model, { ...options, name }));
}
