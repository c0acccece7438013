/**
 * `renderModel`: a model's plate diagram as Graphviz DOT text (Pyro's `pyro.render_model`).
 *
 * Nodes are sites: latent sample sites as ellipses, observed ones filled light grey, deterministic
 * sites dashed, guide-only auxiliary sites dotted, params (with `renderParams`) as plain text.
 * Plates are clusters labelled with their name, size (`10 of 100` when subsampled) and dim,
 * nested as the model nests them. Edges are dependencies found by trace provenance (see
 * {@link getModelRelations}): `a → b` when `a`'s value flows into `b`'s distribution.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Model } from '../core/effect.js';
import type { Key } from '../core/key.js';
import { type Shape } from '../core/shape.js';
import { type DotEdge, type DotNode, type DotScope, toDot } from './dot.js';
import { type RelationSite, getModelRelations } from './relations.js';

/**
 * Options of {@link renderModel}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface RenderModelOptions<Args extends readonly unknown[]> {
  /** The arguments of the model (and of the guide), as a tuple. */
  readonly args: Args;
  /** A guide to draw beside the model, in its own cluster, linked to the model's sites by dashed lines. */
  readonly guide?: Model<Args, unknown>;
  /** Show each sample site's distribution family (`~ Normal`) and each param's constraint (unless `real`). */
  readonly renderDistributions?: boolean;
  /** Show each site's shape: `[batch] | [event]` for sample sites (`[batch]` without event dims), the value's shape for params. */
  readonly renderShapes?: boolean;
  /** Draw params as nodes with edges to the sites using them. */
  readonly renderParams?: boolean;
  /** Draw deterministic sites; otherwise their dependencies pass through them. */
  readonly renderDeterministic?: boolean;
  /** Randomness for the one run of the model and guide (default `prngKey(0)`). */
  readonly key?: Key;
  /** Constrained param values by name (default: the params' initial values). */
  readonly params?: Readonly<Record<string, tf.Tensor>>;
}

type Flags = Pick<RenderModelOptions<readonly unknown[]>, 'renderDistributions' | 'renderShapes' | 'renderParams' | 'renderDeterministic'>;

const showShape = (batch: Shape, event: Shape): string =>
  event.length === 0 ? `[${batch.join(', ')}]` : `[${batch.join(', ')}] | [${event.join(', ')}]`;

function nodeOf(site: RelationSite, id: string, flags: Flags): DotNode {
  const label = [site.name];
  if (flags.renderDistributions === true) {
    if (site.distribution !== undefined) label.push(`~ ${site.distribution}`);
    if (site.constraint !== undefined && site.constraint !== 'real') label.push(site.constraint);
  }
  if (flags.renderShapes === true) {
    label.push(site.kind === 'param' ? showShape([...site.batchShape, ...site.eventShape], []) : showShape(site.batchShape, site.eventShape));
  }
  const style: Readonly<Record<string, string>> =
    site.kind === 'observed'
      ? { style: 'filled', fillcolor: 'lightgray' }
      : site.kind === 'deterministic'
        ? { style: 'dashed' }
        : site.auxiliary
          ? { style: 'dotted' }
          : {};
  return { id, label, attributes: { shape: site.kind === 'param' ? 'plain' : 'ellipse', ...style }, plates: site.plates };
}

/**
 * The sites to draw and, for each, the drawn sites it depends on: hidden sites (params
 * unless `renderParams`, deterministic sites unless `renderDeterministic`) are looked through.
 */
function visible(sites: readonly RelationSite[], flags: Flags): readonly { readonly site: RelationSite; readonly parents: readonly string[] }[] {
  const byName = new Map(sites.map((s) => [s.name, s]));
  const shown = (s: RelationSite): boolean =>
    s.kind === 'param' ? flags.renderParams === true : s.kind === 'deterministic' ? flags.renderDeterministic === true : true;
  const parentsOf = (s: RelationSite, seen: Set<string>): string[] =>
    [...s.dependsOn, ...s.params].flatMap((name) => {
      const p = byName.get(name);
      if (p === undefined || seen.has(name)) return [];
      seen.add(name);
      return shown(p) ? [name] : parentsOf(p, seen);
    });
  const order = new Map(sites.map((s, i) => [s.name, i]));
  return sites.filter(shown).map((site) => ({
    site,
    parents: parentsOf(site, new Set()).sort((a, b) => order.get(a)! - order.get(b)!),
  }));
}

function scopeOf(
  sites: readonly RelationSite[],
  flags: Flags,
  scope: { readonly id: string; readonly label: string | undefined; readonly prefix: string },
): { readonly scope: DotScope; readonly edges: readonly DotEdge[] } {
  const drawn = visible(sites, flags);
  const nodes = drawn.map(({ site }) => nodeOf(site, `${scope.prefix}${site.name}`, flags));
  const edges = drawn.flatMap(({ site, parents }) => parents.map((p) => ({ from: `${scope.prefix}${p}`, to: `${scope.prefix}${site.name}` })));
  return { scope: { id: scope.id, label: scope.label, nodes }, edges };
}

/**
 * The plate diagram of `model` as Graphviz DOT text, from one run of the model (and of the
 * guide, if given) under a provenance interpreter: dependencies are the sites whose values
 * reach each site's log-density through tfjs's tape, exact for discrete sites too (see
 * {@link getModelRelations}). Render it with {@link renderModelSvg}, or with any Graphviz.
 *
 * With a guide, the model and the guide are drawn in clusters `model` and `guide`; the
 * guide's node ids are prefixed `guide:`, and a dashed undirected line joins each guide site
 * to the model site of the same name. Leaves `tf.memory().numTensors` unchanged.
 *
 * @example
 * ```ts
 * const dot = renderModel(model, { args: [X, y], renderDistributions: true });
 * ```
 * @category viz
 * @since 0.1.0
 */
export function renderModel<Args extends readonly unknown[]>(model: Model<Args, unknown>, options: RenderModelOptions<Args>): string {
  const run = { args: options.args, ...(options.key === undefined ? {} : { key: options.key }), ...(options.params === undefined ? {} : { params: options.params }) };
  const modelSites = getModelRelations(model, run).sites;
  if (options.guide === undefined) {
    const { scope, edges } = scopeOf(modelSites, options, { id: '', label: undefined, prefix: '' });
    return toDot([scope], edges);
  }
  const guideSites = getModelRelations(options.guide, run).sites;
  const m = scopeOf(modelSites, options, { id: 'model', label: 'model', prefix: '' });
  const g = scopeOf(guideSites, options, { id: 'guide', label: 'guide', prefix: 'guide:' });
  const latent = new Set(modelSites.filter((s) => s.kind === 'latent').map((s) => s.name));
  const links = guideSites
    .filter((s) => s.kind === 'latent' && latent.has(s.name))
    .map((s) => ({
      from: `guide:${s.name}`,
      to: s.name,
      attributes: { style: 'dashed', dir: 'none', constraint: 'false', color: 'gray' },
    }));
  return toDot([m.scope, g.scope], [...m.edges, ...g.edges, ...links]);
}
