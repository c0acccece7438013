/**
 * `getModelRelations`: the sites of a model, their plates, and which sites each one depends
 * on (Pyro's `pyro.infer.inspect.get_model_relations`), found by trace provenance.
 *
 * The model is run once under a provenance handler (see `provenance.ts`): every sample site's
 * value (latent or observed), every param's value and every deterministic value is replaced,
 * on its way back to the model, by a fresh tape leaf labelled with the site's name. A sample
 * site depends on exactly the labels that reach its log-density `fn.logProb(value)` through
 * the tape, its own label excluded; a deterministic site on the labels that reach its value.
 * Because each upstream value is a fresh leaf, dependencies are direct (`a → b → y` gives
 * `a → b` and `b → y`, not `a → y`), and because the tape records every kernel whatever its
 * dtype, they are exact for discrete sites too (an int32 `Categorical` draw used through
 * `gather`, a bool `Bernoulli` draw used through `where`).
 *
 * Gotchas: dependence is structural, as in Pyro (`zerosLike(a)` depends on `a`); values that
 * leave tfjs (`dataSync()`, JS control flow) carry no provenance; sites hidden by `block` are
 * looked through (their parents become their children's parents).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Model, PlateFrame, Site } from '../core/effect.js';
import { handle } from '../core/handler.js';
import { run } from '../core/interpret.js';
import { type Key, prngKey } from '../core/key.js';
import type { Shape } from '../core/shape.js';
import type { Distribution } from '../distributions/distribution.js';
import { IndependentDist } from '../distributions/wrappers/independent.js';
import { trackProvenance } from './provenance.js';

/**
 * What a site is: a latent or observed sample site, a param, or a deterministic value.
 *
 * @category viz
 * @since 0.1.0
 */
export type SiteKind = 'latent' | 'observed' | 'param' | 'deterministic';

/**
 * One site of a model, as {@link getModelRelations} sees it.
 *
 * @category viz
 * @since 0.1.0
 */
export interface RelationSite {
  readonly name: string;
  readonly kind: SiteKind;
  /** The distribution's family, wrappers (`toEvent`, `expand`, `mask`) looked through; sample sites only. */
  readonly distribution: string | undefined;
  /** The param's constraint name (e.g. `positive`); params only. */
  readonly constraint: string | undefined;
  /** Batch shape (for params and deterministic sites: the value's shape left of `eventDim`). */
  readonly batchShape: Shape;
  readonly eventShape: Shape;
  /** The plates the site sits in, outermost first, as the model nests them. */
  readonly plates: readonly PlateFrame[];
  /** A guide-only site (`infer: { isAuxiliary: true }`). */
  readonly auxiliary: boolean;
  /** The sample and deterministic sites whose values flow into this site, in trace order. */
  readonly dependsOn: readonly string[];
  /** The params whose values flow into this site, in trace order. */
  readonly params: readonly string[];
}

/**
 * The sites of one run of a model, in trace order, with their dependencies.
 *
 * @category viz
 * @since 0.1.0
 */
export interface ModelRelations {
  readonly sites: readonly RelationSite[];
}

/**
 * Options of {@link getModelRelations}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface RelationsOptions<Args extends readonly unknown[]> {
  /** The model's arguments, as a tuple. */
  readonly args: Args;
  /** Randomness for the one run (default `prngKey(0)`): the structure must not depend on it. */
  readonly key?: Key;
  /** Constrained param values by name (default: each param's initial value). */
  readonly params?: Readonly<Record<string, tf.Tensor>>;
}

function familyOf(fn: Distribution): string {
  return fn instanceof IndependentDist ? familyOf(fn.base) : fn.family;
}

function splitShape(shape: Shape, eventDim: number): readonly [Shape, Shape] {
  const cut = Math.max(0, shape.length - eventDim);
  return [shape.slice(0, cut), shape.slice(cut)];
}

function relationOf(site: Site, sources: ReadonlySet<string>, kinds: ReadonlyMap<string, SiteKind>, order: readonly string[]): RelationSite | undefined {
  const upstream = order.filter((n) => n !== site.name && sources.has(n));
  const dependsOn = upstream.filter((n) => kinds.get(n) !== 'param');
  const params = upstream.filter((n) => kinds.get(n) === 'param');
  const base = { name: site.name, plates: site.plates, dependsOn, params, constraint: undefined, distribution: undefined, auxiliary: false };
  switch (site.type) {
    case 'sample':
      return {
        ...base,
        kind: site.isObserved ? 'observed' : 'latent',
        distribution: familyOf(site.fn),
        batchShape: site.fn.batchShape,
        eventShape: site.fn.eventShape,
        auxiliary: site.infer.isAuxiliary === true,
      };
    case 'param': {
      const [batchShape, eventShape] = splitShape(site.value.shape, site.eventDim ?? site.value.rank);
      return { ...base, kind: 'param', constraint: site.constraint.name, batchShape, eventShape };
    }
    case 'deterministic': {
      const [batchShape, eventShape] = splitShape(site.value.shape, site.eventDim);
      return { ...base, kind: 'deterministic', batchShape, eventShape };
    }
    case 'plate':
      return undefined;
  }
}

/**
 * Run `model(...args)` once and return its sites with their plates and dependencies, found by
 * trace provenance (see the module header for the method and why it is exact). Leaves
 * `tf.memory().numTensors` unchanged.
 *
 * @example
 * ```ts
 * const { sites } = getModelRelations(regression, { args: [X, y] });
 * sites.find((s) => s.name === 'y')?.dependsOn; // ['w', 'b', 'sigma']
 * ```
 * @category viz
 * @since 0.1.0
 */
export function getModelRelations<Args extends readonly unknown[]>(
  model: Model<Args, unknown>,
  options: RelationsOptions<Args>,
): ModelRelations {
  return trackProvenance((tracker) => {
    const leaves = new Map<string, tf.Tensor>();
    const deterministicSources = new Map<string, ReadonlySet<string>>();
    const leafFor = (name: string, value: tf.Tensor): tf.Tensor => {
      const leaf = leaves.get(name) ?? tracker.tag(value, name);
      leaves.set(name, leaf);
      return leaf;
    };
    const labelled = handle(model, () => ({
      postprocess: (site: Site): Site => {
        switch (site.type) {
          case 'sample':
          case 'param':
            return { ...site, value: leafFor(site.name, site.value) };
          case 'deterministic':
            deterministicSources.set(site.name, tracker.sources(site.value));
            return { ...site, value: leafFor(site.name, site.value) };
          case 'plate':
            return site;
        }
      },
    }));
    const trace = run(labelled, options.args, {
      key: options.key ?? prngKey(0),
      ...(options.params === undefined ? {} : { params: options.params }),
      caller: 'getModelRelations',
    });
    const all = [...trace.sites.values()].filter((s) => s.type !== 'plate');
    const order = all.map((s) => s.name);
    const kinds = new Map<string, SiteKind>(all.map((s) => [s.name, s.type === 'param' ? 'param' : 'latent']));
    const sites = all.flatMap((site) => {
      const leaf = leaves.get(site.name);
      const sources =
        site.type === 'sample' && leaf !== undefined
          ? tracker.sources(site.fn.logProb(leaf))
          : (deterministicSources.get(site.name) ?? new Set<string>());
      const described = relationOf(site, sources, kinds, order);
      return described === undefined ? [] : [described];
    });
    return { sites };
  });
}
