/**
 * `AutoStructured` (Pyro's): a guide built per site, each site's unconstrained value its own
 * location plus zero-mean noise of a chosen conditional, plus linear maps of the noise of the
 * upstream sites it depends on.
 *
 * Why this one rather than `AutoHierarchicalNormal`: its semantics are a plain formula over
 * the unconstrained latents, fixed by the user, with no hidden coupling to the model's prior
 * (`AutoHierarchicalNormal` re-runs the model's distributions to centre each site on its prior
 * mean, which makes what a parameter means depend on the model's code). For a site `i` with
 * unconstrained size `nᵢ`, in topological order of the dependencies:
 *
 *     δᵢ = 0                 (delta)
 *     δᵢ = sᵢ ⊙ εᵢ           (normal, εᵢ ~ N(0, I), an auxiliary site `<name>_aux`)
 *     δᵢ = sᵢ ⊙ (Lᵢ εᵢ)      (mvn, Lᵢ lower-triangular with a positive diagonal)
 *     δᵢ ← δᵢ + Σ_{u ∈ deps(i)} W_{i,u} δ_u   (linear dependencies, W_{i,u} ∈ ℝ^{nᵢ × n_u}, init 0)
 *     zᵢ = bijectTo(supportᵢ)(locᵢ + δᵢ)
 *
 * The joint map `ε ↦ δ` is block lower-triangular with diagonal blocks `diag(sᵢ) Lᵢ`, so the
 * shears `W` leave the determinant alone: `log q(z) = Σᵢ [log N(εᵢ) − Σ log sᵢ − Σ log diag Lᵢ
 * − log|det J_{bijectToᵢ}|]`, exact. With all sites Gaussian and linear dependencies the guide
 * is a Gaussian whose precision has the sparsity of the dependency graph (Pyro's note).
 * Parameters: `AutoStructured.locs.<site>` `[nᵢ]`, `.scales.<site>` (`softplusPositive`, init
 * `initScale`), `.scaleTrils.<site>` (`softplusLowerCholesky`, init identity),
 * `.deps.<site>.<upstream>` `[nᵢ, n_u]` (init zeros).
 *
 * Differences from Pyro: the dependency structure is not inferred (no `dependencies: 'linear'`
 * for "all inferred edges"): give the edges; default none. Callable conditionals are not
 * supported. Latent sites in subsampled plates are not supported.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { param, sample } from '../../core/primitives.js';
import type { LatentRecord } from '../../core/site-types.js';
import { tidy } from '../../core/tidy.js';
import { softplusPositive } from '../../distributions/constraints/index.js';
import { softplusLowerCholesky } from '../../distributions/constraints/structured.js';
import { Normal } from '../../distributions/families/continuous/normal.js';
import type { ParamValues } from '../params.js';
import { type AutoGuide, type AutoGuideMethods, type AutoGuideOptions, type SiteValues, lazyInitPoint, paramOf, prototypeMemo, renamable } from './guide.js';
import { checkInitScale } from './multivariate-normal.js';
import { inPlates } from './plates.js';
import { type LatentSite, type Prototype, isSubsampled } from './prototype.js';
import { SiteDeltaDist } from './site-delta.js';
import { constrainSite } from './unpack.js';

/**
 * A site's conditional: a point (`delta`), a diagonal (`normal`) or a full (`mvn`) Gaussian.
 *
 * @category autoguides
 * @since 0.2.0
 */
export type StructuredConditional = 'delta' | 'normal' | 'mvn';

/**
 * Options of {@link AutoStructured}.
 *
 * @category autoguides
 * @since 0.2.0
 */
export interface AutoStructuredOptions<Args extends readonly unknown[] = readonly unknown[]> extends AutoGuideOptions<Args> {
  /** One conditional for every site, or one per site name (default `'mvn'`, Pyro's). */
  readonly conditionals?: StructuredConditional | Readonly<Record<string, StructuredConditional>>;
  /** `{ downstream: { upstream: 'linear' } }`: acyclic edges, no self-loops (default none). */
  readonly dependencies?: Readonly<Record<string, Readonly<Record<string, 'linear'>>>>;
  /** The initial scale of every unconstrained coordinate (default 0.1). */
  readonly initScale?: number;
}

/** Sites in dependency order (upstreams first; ties in prototype order), or an error naming a cycle. */
function sortSites(proto: Prototype, deps: Readonly<Record<string, Readonly<Record<string, 'linear'>>>>): readonly LatentSite[] {
  const names = new Set(proto.sites.map((s) => s.name));
  for (const [down, ups] of Object.entries(deps)) {
    for (const up of [down, ...Object.keys(ups)]) {
      if (!names.has(up)) throw ignisError('MissingSite', { fn: 'AutoStructured', what: 'a dependency names an unknown latent site', site: up, detail: `latent sites ${[...names].join(', ')}`, hint: 'Name latent sites of the model in dependencies.' });
    }
    if (down in ups) throw invalidArgument('AutoStructured', 'dependencies', 'must not contain self-loops', `'${down}' depends on itself`);
  }
  const done: LatentSite[] = [];
  const left = [...proto.sites];
  while (left.length > 0) {
    const i = left.findIndex((s) => Object.keys(deps[s.name] ?? {}).every((u) => done.some((d) => d.name === u)));
    if (i < 0) throw invalidArgument('AutoStructured', 'dependencies', 'must not contain cycles', `among ${left.map((s) => `'${s.name}'`).join(', ')}`);
    done.push(left.splice(i, 1)[0]!);
  }
  return done;
}

/**
 * Pyro's `AutoStructured`: per-site `delta` / `normal` / `mvn` conditionals over the
 * unconstrained latents with optional linear dependencies between sites (see the module notes).
 *
 * @example
 * ```ts
 * // theta depends on mu in the guide as in the posterior of a Gaussian hierarchy
 * const guide = AutoStructured(model, { conditionals: { mu: 'normal', theta: 'normal' }, dependencies: { theta: { mu: 'linear' } } });
 * const svi = SVI(model, guide, Adam({ lr: 0.02 }), TraceELBO());
 * ```
 * @category autoguides
 * @since 0.2.0
 */
export function AutoStructured<M extends AnyModel>(model: M, options: AutoStructuredOptions<Parameters<M>> = {}): AutoGuide<Parameters<M>, AutoGuideMethods<Parameters<M>, LatentRecord<M>>> {
  type Args = Parameters<M>;
  const guideName = options.name ?? 'AutoStructured';
  const initScale = checkInitScale('AutoStructured', options.initScale ?? 0.1);
  const deps = options.dependencies ?? {};
  const conditionalOf = (name: string): StructuredConditional => {
    const c = typeof options.conditionals === 'object' ? (options.conditionals[name] ?? 'mvn') : (options.conditionals ?? 'mvn');
    if (c !== 'delta' && c !== 'normal' && c !== 'mvn') throw invalidArgument('AutoStructured', `conditionals.${name}`, "must be 'delta', 'normal' or 'mvn'", String(c));
    return c;
  };
  let sorted: readonly LatentSite[] | undefined;
  const memo = prototypeMemo(model, guideName, (proto) => {
    const site = proto.sites.find(isSubsampled);
    if (site !== undefined) throw ignisError('NotImplemented', { fn: guideName, what: 'latent sites in subsampled plates are not supported', site: site.name, hint: 'Use AutoNormal, or do not subsample this plate.' });
    sorted = sortSites(proto, deps);
    proto.sites.forEach((s) => conditionalOf(s.name));
  });

  function* guide(...args: Args) {
    const proto = memo.get(args);
    const initPoint = lazyInitPoint(model, args, proto, options.initLocFn, guideName);
    const given = options.createPlates?.(...args);
    const perturbations = new Map<string, tf.Tensor>();
    const result: Record<string, tf.Tensor> = {};
    for (const site of sorted!) {
      const n = site.size;
      const loc = yield* param(`${guideName}.locs.${site.name}`, (key) => tf.reshape(initPoint(key).unconstrained.get(site.name)!, [n]));
      const conditional = conditionalOf(site.name);
      let delta: tf.Tensor | undefined;
      let logScale: tf.Tensor | undefined;
      if (conditional !== 'delta') {
        const eps = yield* sample(`${site.name}_aux`, Normal(0, 1).expand([n]).toEvent(1), { infer: { isAuxiliary: true } });
        const scale = yield* param(`${guideName}.scales.${site.name}`, () => tf.fill([n], initScale), { constraint: softplusPositive });
        if (conditional === 'normal') {
          delta = tf.mul(scale, eps);
          logScale = tf.log(scale);
        } else {
          const tril = yield* param(`${guideName}.scaleTrils.${site.name}`, () => tf.eye(n), { constraint: softplusLowerCholesky });
          delta = tf.mul(scale, tf.sum(tf.mul(tril, eps), -1)); // (L ε)ᵢ = Σⱼ Lᵢⱼ εⱼ (L is lower-triangular)
          logScale = tf.add(tf.log(scale), tf.log(tf.sum(tf.mul(tril, tf.eye(n)), -1)));
        }
      }
      for (const up of Object.keys(deps[site.name] ?? {})) {
        const upstream = perturbations.get(up);
        if (upstream === undefined) continue; // an upstream delta site has no perturbation
        const w = yield* param(`${guideName}.deps.${site.name}.${up}`, () => tf.zeros([n, upstream.size]));
        const shear = tf.sum(tf.mul(w, upstream), -1);
        delta = delta === undefined ? shear : tf.add(delta, shear);
      }
      if (delta !== undefined) perturbations.set(site.name, delta);
      const u = tf.reshape(delta === undefined ? loc : tf.add(loc, delta), [...site.unconstrainedShape]);
      const { value, logDensity } = constrainSite(site, u);
      // −Σ log scale per element of the site's batch (its unconstrained shape without the event dims)
      const batch = site.unconstrainedShape.slice(0, site.unconstrainedShape.length - site.unconstrainedEventDim);
      const scaleTerm = logScale === undefined ? undefined : tf.neg(tf.sum(tf.reshape(logScale, [...batch, -1]), -1));
      const density = scaleTerm === undefined ? logDensity : logDensity === undefined ? scaleTerm : tf.add(logDensity, scaleTerm);
      result[site.name] = yield* inPlates(site.plates, given, function* () {
        return yield* sample(site.name, new SiteDeltaDist(value, density, site.eventDim));
      });
    }
    return result as SiteValues;
  }

  const methods: AutoGuideMethods<Args> = {
    guideName,
    setup: (...args: Args) => memo.get(args),
    getPrototype: () => memo.peek(),
    dispose: () => memo.release(),
    median: (params: ParamValues) =>
      tidy(() => {
        const proto = memo.require('median');
        return Object.fromEntries(
          proto.sites.map((s) => [s.name, constrainSite(s, tf.reshape(paramOf(params, `${guideName}.locs.${s.name}`, `${guideName}.median`), [...s.unconstrainedShape])).value]),
        );
      }),
  };
  const built = Object.assign(guide, methods) as AutoGuide<Args, AutoGuideMethods<Args, LatentRecord<M>>>;
  return renamable(built, options, (name) => AutoStructured(model, { ...options, name }));
}
