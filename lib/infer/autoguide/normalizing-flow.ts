/**
 * Flow guides (Pyro's `AutoNormalizingFlow` and `AutoIAFNormal`): the unconstrained latent
 * vector `u ∈ ℝᵈ` is a standard normal pushed through trainable bijections,
 * `u = T_K ∘ … ∘ T_1 (ε)`, `ε ~ N(0, I_d)`, so `log q(u) = log N(ε) − Σ_k log|det J_{T_k}(·)|`.
 * Each model site then gets `bijectTo(support)` of its slice, as in every continuous autoguide
 * (`continuous.ts`).
 *
 * The transforms' weights are parameters `<name>.transform.<weight>` (for `AutoIAFNormal`:
 * `AutoIAFNormal.transform.<k>.layers.<j>.weight` / `.bias`), unconstrained, initialized by
 * the transform's own `params` (a key each); as in Pyro, the guide does not use an init
 * strategy. The posterior has no closed-form marginals: `median` and `quantiles` are empirical
 * over `numQuantileSamples` draws (default 4000) from a fixed key, so they are deterministic.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { prngKey } from '../../core/key.js';
import type { Module } from '../../core/primitives.js';
import type { LatentRecord } from '../../core/site-types.js';
import { tidy } from '../../core/tidy.js';
import { type AffineAutoregressiveOptions, affineAutoregressive } from '../../distributions/transforms/affine-autoregressive.js';
import { ComposeTransform } from '../../distributions/transforms/compose.js';
import type { Transform } from '../../distributions/transforms/transform.js';
import type { ParamValues } from '../params.js';
import { type AutoContinuousMethods, type ContinuousFamily, type FamilyValues, autoContinuous } from './continuous.js';
import { FlowDist } from './flow-dist.js';
import type { AutoGuide, AutoGuideOptions, SiteValues } from './guide.js';
import { sampleQuantiles } from './sample-quantiles.js';

/**
 * Options of {@link AutoNormalizingFlow}.
 *
 * @category autoguides
 * @since 0.2.0
 */
export interface AutoNormalizingFlowOptions<Args extends readonly unknown[] = readonly unknown[]> extends Omit<AutoGuideOptions<Args>, 'initLocFn'> {
  /** Draws behind `median` and `quantiles` (default 4000). */
  readonly numQuantileSamples?: number;
}

/**
 * What `initTransformFn(d)` returns: a module whose weights become the guide's parameters and
 * whose `bind` gives the bijection(s) of `ℝᵈ` (a list is applied first to last).
 *
 * @category autoguides
 * @since 0.2.0
 */
export type FlowModule = Module<Transform | readonly Transform[]>;

/**
 * Pyro's `iterated(repeats, base_fn)`: `repeats` modules `make(k)` chained, weights prefixed
 * `<k>.`, bound to the list of their transforms (first applied first).
 *
 * @example
 * ```ts
 * AutoNormalizingFlow(model, (d) => iterated(2, () => affineAutoregressive(d)));
 * ```
 * @category autoguides
 * @since 0.2.0
 */
export function iterated(repeats: number, make: (k: number) => Module<Transform>): Module<readonly Transform[]> {
  if (!Number.isInteger(repeats) || repeats < 1) throw invalidArgument('iterated', 'repeats', 'must be a positive integer', String(repeats));
  const parts = Array.from({ length: repeats }, (_, k) => make(k));
  const params = Object.fromEntries(parts.flatMap((p, k) => Object.entries(p.params).map(([name, init]) => [`${k}.${name}`, init] as const)));
  return {
    params,
    bind: (weights) => parts.map((p, k) => p.bind(Object.fromEntries(Object.keys(p.params).map((name) => [name, weights[`${k}.${name}`]!])))),
  };
}

const PREFIX = 'transform.';

function flowFamily(initTransformFn: (latentDim: number) => FlowModule, guideName: string): ContinuousFamily {
  const modules = new Map<number, FlowModule>();
  const moduleOf = (d: number): FlowModule => modules.get(d) ?? modules.set(d, initTransformFn(d)).get(d)!;
  const transformsOf = (v: FamilyValues, d: number): readonly Transform[] => {
    const m = moduleOf(d);
    const bound = m.bind(Object.fromEntries(Object.keys(m.params).map((name) => [name, v[`${PREFIX}${name}`]!])));
    return 'forward' in bound ? [bound] : (bound);
  };
  return {
    params: (d) =>
      Object.entries(moduleOf(d).params).map(([name, init]) => ({
        suffix: `${PREFIX}${name}`,
        init: (key) => (typeof init === 'function' ? init(key) : tf.clone(init)),
      })),
    posterior: (v, d) => new FlowDist(d, transformsOf(v, d)),
    locScale: () => {
      throw ignisError('NotImplemented', { fn: guideName, what: 'a flow posterior has no closed-form location and scale', hint: 'Use median, quantiles or sampleLatent.' });
    },
    transform: (v, d) => ComposeTransform(transformsOf(v, d)),
  };
}

/** The continuous guide of `family`, with Monte Carlo median and quantiles. */
function flowGuide<M extends AnyModel>(model: M, family: ContinuousFamily, defaultName: string, options: AutoNormalizingFlowOptions<Parameters<M>>) {
  type Methods = AutoContinuousMethods<Parameters<M>, LatentRecord<M>>;
  const numSamples = options.numQuantileSamples ?? 4000;
  if (!Number.isInteger(numSamples) || numSamples < 2) throw invalidArgument(defaultName, 'numQuantileSamples', 'must be an integer ≥ 2', String(numSamples));
  const guide = autoContinuous(model, family, defaultName, options, (self) => {
    const methods = self as unknown as Methods;
    const quantiles = (params: ParamValues, qs: readonly number[]): SiteValues =>
      tidy(() => {
        const values = methods.unpackLatent(methods.sampleLatent(params, prngKey(20_251_207), [numSamples])) as SiteValues;
        return Object.fromEntries(Object.entries(values).map(([name, v]) => [name, sampleQuantiles(v, qs)]));
      });
    return {
      quantiles,
      median: (params: ParamValues) =>
        tidy(() => Object.fromEntries(Object.entries(quantiles(params, [0.5])).map(([name, q]) => [name, tf.squeeze(q, [0])]))),
    };
  });
  return guide as unknown as AutoGuide<Parameters<M>, Methods>;
}

/**
 * A normalizing-flow guide over all continuous latent sites, flattened into one unconstrained
 * vector of size d (Pyro's `AutoNormalizingFlow`): `u = T(ε)`, `ε ~ N(0, I_d)`, with
 * `T = initTransformFn(d)` (a {@link FlowModule}; its weights are parameters
 * `AutoNormalizingFlow.transform.<weight>`), so `log q(u) = log N(ε) − log|det J_T(ε)|`.
 *
 * `getTransform` is `T` (a `ComposeTransform`), `getBaseDist` the standard normal, and
 * `getPosterior` the transformed distribution; `median`/`quantiles` are empirical (see the
 * module notes). Gotchas: as for every continuous guide, no latent sites in subsampled plates
 * and no discrete latents.
 *
 * @example
 * ```ts
 * const guide = AutoNormalizingFlow(model, (d) => iterated(2, () => affineAutoregressive(d, { hiddenDims: [4 * d] })));
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
 * ```
 * @category autoguides
 * @since 0.2.0
 */
export function AutoNormalizingFlow<M extends AnyModel>(
  model: M,
  initTransformFn: (latentDim: number) => FlowModule,
  options: AutoNormalizingFlowOptions<Parameters<M>> = {},
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>>> {
  const name = options.name ?? 'AutoNormalizingFlow';
  return flowGuide(model, flowFamily(initTransformFn, name), 'AutoNormalizingFlow', options);
}

/**
 * Options of {@link AutoIAFNormal}.
 *
 * @category autoguides
 * @since 0.2.0
 */
export interface AutoIAFNormalOptions<Args extends readonly unknown[] = readonly unknown[]> extends AutoNormalizingFlowOptions<Args>, AffineAutoregressiveOptions {
  /** The hidden width(s) of each transform's MADE network (default `3 d + 1`, Pyro's). */
  readonly hiddenDim?: number | readonly number[];
  /** How many affine autoregressive transforms to chain (default 1). */
  readonly numTransforms?: number;
}

/**
 * An inverse-autoregressive-flow guide (Pyro's `AutoIAFNormal`): {@link AutoNormalizingFlow}
 * with `numTransforms` `AffineAutoregressive` transforms on MADE networks of `hiddenDim` units,
 * `uᵢ = μᵢ(ε₍<ᵢ₎) + exp(sᵢ(ε₍<ᵢ₎)) εᵢ` per transform (stable variant with `stable: true`).
 * Orders alternate between the identity and its reverse from one transform to the next (Pyro
 * draws random orders), so two transforms already let every coordinate depend on every other.
 * Each transform is one fused kernel forward and one backward.
 *
 * Parameters: `AutoIAFNormal.transform.<k>.layers.<j>.weight` (`[in, out]`) and `.bias`.
 *
 * @example
 * ```ts
 * const guide = AutoIAFNormal(model, { hiddenDim: 20, numTransforms: 2 });
 * const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
 * const { params } = svi.run(prngKey(0), 2000, [data]);
 * guide.quantiles(params, [0.05, 0.5, 0.95]);
 * ```
 * @category autoguides
 * @since 0.2.0
 */
export function AutoIAFNormal<M extends AnyModel>(
  model: M,
  options: AutoIAFNormalOptions<Parameters<M>> = {},
): AutoGuide<Parameters<M>, AutoContinuousMethods<Parameters<M>, LatentRecord<M>>> {
  const numTransforms = options.numTransforms ?? 1;
  if (!Number.isInteger(numTransforms) || numTransforms < 1) throw invalidArgument('AutoIAFNormal', 'numTransforms', 'must be a positive integer', String(numTransforms));
  const { hiddenDim } = options;
  const hiddenDims = (d: number): readonly number[] => (hiddenDim === undefined ? [3 * d + 1] : typeof hiddenDim === 'number' ? [hiddenDim] : hiddenDim);
  const init = (d: number): FlowModule =>
    iterated(numTransforms, (k) => {
      const order = Array.from({ length: d }, (_, i) => (k % 2 === 0 ? i : d - 1 - i));
      return affineAutoregressive(d, { ...options, hiddenDims: hiddenDims(d), permutation: order });
    });
  const name = options.name ?? 'AutoIAFNormal';
  return flowGuide(model, flowFamily(init, name), 'AutoIAFNormal', options);
}
