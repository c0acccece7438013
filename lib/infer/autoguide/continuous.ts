/**
 * The continuous base (Pyro's `AutoContinuous`): all latent sites flattened into one
 * unconstrained vector of size d with a joint posterior.
 *
 * Each run: read the family's parameters, draw the latent vector `u ~ q` as the auxiliary
 * site `_<name>_latent` (`infer: { isAuxiliary: true }`), split it per site, and sample each
 * model site as a point mass at `T(u_site)` whose `logDensity` is `−log|det J_T|`, inside the
 * site's plates. The guide's density of the model sites is then exactly `q(u)·|det J|⁻¹`, so
 * `TraceELBO` and `TraceMeanFieldELBO` are exact. Latent sites in subsampled plates are not
 * supported (a joint over a subsample has no meaning): use `AutoNormal` or `AutoDelta`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import type { LatentRecord } from '../../core/site-types.js';
import { ignisError } from '../../core/errors.js';
import type { Key } from '../../core/key.js';
import { param, sample } from '../../core/primitives.js';
import { tidy } from '../../core/tidy.js';
import type { Shape } from '../../core/shape.js';
import type { Constraint } from '../../distributions/constraints/index.js';
import type { Distribution } from '../../distributions/distribution.js';
import { Normal } from '../../distributions/families/continuous/normal.js';
import type { Transform } from '../../distributions/transforms/transform.js';
import { ndtri } from '../../ops/index.js';
import type { ParamValues } from '../params.js';
import { type AutoGuide, type AutoGuideMethods, type AutoGuideOptions, type GuideFn, type SiteValues, lazyInitPoint, paramOf, prototypeMemo, renamable } from './guide.js';
import { type InitPoint } from './init-point.js';
import { inPlates } from './plates.js';
import { type Prototype, isSubsampled } from './prototype.js';
import { SiteDeltaDist } from './site-delta.js';
import { unpackForGuide, unpackLatent } from './unpack.js';

/**
 * Methods of the continuous autoguides.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface AutoContinuousMethods<Args extends readonly unknown[], R = SiteValues> extends AutoGuideMethods<Args, R> {
  /** The posterior over the unconstrained latent vector `[d]`, from constrained `params`. */
  getPosterior(params: ParamValues): Distribution;
  /** The transform from {@link getBaseDist} to the posterior (e.g. `LowerCholeskyAffine` for the MVN guide). */
  getTransform(params: ParamValues): Transform;
  /** `Normal(0, 1).expand([d]).toEvent(1)`. */
  getBaseDist(): Distribution;
  /** Per site, the posterior quantiles `qs` in constrained space, stacked: `[qs.length, ...siteShape]`. */
  quantiles(params: ParamValues, qs: readonly number[]): R;
  /** Draw latent vectors `[...sampleShape, d]` from the posterior (no gradient). */
  sampleLatent(params: ParamValues, key: Key, sampleShape?: Shape): tf.Tensor;
  /** Each site's constrained value for latent vectors `[...batch, d]`: `[...batch, ...siteShape]`. */
  unpackLatent(latent: tf.Tensor): R;
}

/**
 * One parameter of a continuous family: `suffix` (the name after the prefix), constraint, init.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface FamilyParam {
  readonly suffix: string;
  readonly constraint?: Constraint;
  /** The initial (constrained) value from the param's key; `initLoc(key)` is the flattened initial point. */
  readonly init: (key: Key, initLoc: (key: Key) => tf.Tensor) => tf.Tensor;
}

/**
 * Parameter values by suffix.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type FamilyValues = Readonly<Record<string, tf.Tensor>>;

/**
 * What distinguishes one continuous guide from another.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface ContinuousFamily {
  readonly params: (latentDim: number) => readonly FamilyParam[];
  readonly posterior: (values: FamilyValues, latentDim: number) => Distribution;
  /** The same distribution for the guide's own draw, when a faster equivalent exists (default `posterior`). */
  readonly guideDist?: (values: FamilyValues, latentDim: number) => Distribution;
  /** Posterior location and marginal scales of the latent vector (for median and quantiles). */
  readonly locScale: (values: FamilyValues) => { readonly loc: tf.Tensor; readonly scale: tf.Tensor };
  readonly transform: (values: FamilyValues, latentDim: number, guideName: string) => Transform;
}

/**
 * The flattened unconstrained initial point `[d]`, in prototype order.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function flatInitialLoc(point: InitPoint, proto: Prototype): tf.Tensor {
  const parts = proto.sites.map((s) => tf.reshape(point.unconstrained.get(s.name)!, [s.size]));
  return parts.length === 1 ? parts[0]! : tf.concat(parts);
}

function checkPrototype(guideName: string) {
  return (proto: Prototype): void => {
    if (proto.latentDim === 0) {
      throw ignisError('InvalidArgument', {
        fn: guideName,
        what: 'the model has no continuous latent sites to guide',
        hint: 'Every sample site is observed, deterministic or blocked; an empty guide (function* () {}) will do.',
      });
    }
    const site = proto.sites.find(isSubsampled);
    if (site === undefined) return;
    throw ignisError('NotImplemented', {
      fn: guideName,
      what: 'latent sites in subsampled plates are not supported by continuous autoguides',
      site: site.name,
      detail: `plate${site.plates.length > 1 ? 's' : ''} ${site.plates.map((f) => `'${f.name}' (${f.subsampleSize} of ${f.size})`).join(', ')}`,
      hint: 'Use AutoNormal or AutoDelta (full-size parameters, gathered per subsample), or do not subsample this plate.',
    });
  };
}

/**
 * Build a continuous autoguide of `family` for `model`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function autoContinuous<M extends AnyModel, X extends object = object>(
  model: M,
  family: ContinuousFamily,
  defaultName: string,
  options: AutoGuideOptions<Parameters<M>>,
  extra: (guide: GuideFn<Parameters<M>>, guideName: string) => X = () => ({}) as X,
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>> & X> {
  type Args = Parameters<M>;
  const guideName = options.name ?? defaultName;
  const memo = prototypeMemo(model, guideName, checkPrototype(guideName));
  const specsByDim = new Map<number, readonly FamilyParam[]>();
  const specsOf = (d: number): readonly FamilyParam[] => specsByDim.get(d) ?? specsByDim.set(d, family.params(d)).get(d)!;
  const latentName = `_${guideName}_latent`;

  function* guide(...args: Args) {
    const proto = memo.get(args);
    const initPoint = lazyInitPoint(model, args, proto, options.initLocFn, guideName);
    const initLoc = (key: Key): tf.Tensor => flatInitialLoc(initPoint(key), proto);
    const values: Record<string, tf.Tensor> = {};
    for (const spec of specsOf(proto.latentDim)) {
      const init = (key: Key): tf.Tensor => spec.init(key, initLoc);
      values[spec.suffix] = yield* param(`${guideName}.${spec.suffix}`, init, spec.constraint === undefined ? {} : { constraint: spec.constraint });
    }
    const q = (family.guideDist ?? family.posterior)(values, proto.latentDim);
    const latent = yield* sample(latentName, q, { infer: { isAuxiliary: true } });
    const unpacked = unpackForGuide(latent, proto);
    const given = options.createPlates?.(...args);
    const result: Record<string, tf.Tensor> = {};
    for (const [i, site] of proto.sites.entries()) {
      const { value, logDensity } = unpacked[i]!;
      result[site.name] = yield* inPlates(site.plates, given, function* () {
        return yield* sample(site.name, new SiteDeltaDist(value, logDensity, site.eventDim));
      });
    }
    return result as SiteValues;
  }

  const valuesFor = (params: ParamValues, method: string): FamilyValues => {
    const proto = memo.require(method);
    return Object.fromEntries(specsOf(proto.latentDim).map((s) => [s.suffix, paramOf(params, `${guideName}.${s.suffix}`, `${guideName}.${method}`)]));
  };
  const base: AutoContinuousMethods<Args> = {
    guideName,
    setup: (...args: Args) => memo.get(args),
    getPrototype: () => memo.peek(),
    dispose: () => memo.release(),
    getPosterior: (params) => family.posterior(valuesFor(params, 'getPosterior'), memo.require('getPosterior').latentDim),
    getTransform: (params) => family.transform(valuesFor(params, 'getTransform'), memo.require('getTransform').latentDim, guideName),
    getBaseDist: () => Normal(0, 1).expand([memo.require('getBaseDist').latentDim]).toEvent(1),
    // tidy: only the returned record's tensors outlive the call
    median: (params) => tidy(() => unpackLatent(family.locScale(valuesFor(params, 'median')).loc, memo.require('median'))),
    quantiles: (params, qs) =>
      tidy(() => {
        const proto = memo.require('quantiles');
        const { loc, scale } = family.locScale(valuesFor(params, 'quantiles'));
        const perQuantile = qs.map((q) => unpackLatent(tf.add(loc, tf.mul(scale, ndtri(tf.scalar(q)))), proto));
        return Object.fromEntries(proto.sites.map((s) => [s.name, tf.stack(perQuantile.map((v) => v[s.name]!))]));
      }),
    sampleLatent: (params, key, sampleShape = []) => family.posterior(valuesFor(params, 'sampleLatent'), memo.require('sampleLatent').latentDim).sample(key, sampleShape),
    unpackLatent: (latent) => unpackLatent(latent, memo.require('unpackLatent')),
  };
  const built = Object.assign(guide, base, extra(guide, guideName)) as AutoGuide<Args, AutoContinuousMethods<Args, LatentRecord<M>> & X>;
  return renamable(built, options, (name) => autoContinuous(model, family, defaultName, { ...options, name }, extra));
}
