/**
 * A small Graphviz DOT writer for plate diagrams: nodes placed in nested clusters by the
 * plates they sit in, edges between them.
 *
 * Each node carries its plate path (outermost first, as the model nests its plates). Paths
 * sharing a prefix share clusters, so a site in `mini_batch` then `components` sits in a
 * `components` cluster inside the `mini_batch` cluster, next to the sites of `mini_batch`
 * alone. Clusters are labelled at the bottom right, as in plate notation (and in Pyro).
 *
 * @module
 */
import type { PlateFrame } from '../core/effect.js';

/**
 * One node: its DOT id, label lines, attributes and plates (outermost first).
 *
 * @category viz
 * @since 0.1.0
 */
export interface DotNode {
  readonly id: string;
  readonly label: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  readonly plates: readonly PlateFrame[];
}

/**
 * One edge between node ids.
 *
 * @category viz
 * @since 0.1.0
 */
export interface DotEdge {
  readonly from: string;
  readonly to: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

/**
 * A group of nodes drawn in its own labelled cluster (`model`, `guide`), or at top level.
 *
 * @category viz
 * @since 0.1.0
 */
export interface DotScope {
  /** Prefix of the scope's cluster ids; also its cluster's id when `label` is set. */
  readonly id: string;
  readonly label: string | undefined;
  readonly nodes: readonly DotNode[];
}

/**
 * A DOT quoted string: `"` and `\` escaped, newlines as DOT's centred line break `\n`.
 *
 * @category viz
 * @since 0.1.0
 */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

/**
 * A label of several lines, each escaped, joined by DOT line breaks.
 *
 * @category viz
 * @since 0.1.0
 */
export const labelOf = (lines: readonly string[]): string => quote(lines.join('\n'));

const attributeList = (attributes: Readonly<Record<string, string>>): string =>
  Object.entries(attributes)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');

/**
 * The label of a plate's cluster: its name, then its size (and subsample size) and dim.
 *
 * @category viz
 * @since 0.1.0
 */
export function plateLabel(frame: PlateFrame): string {
  const size = frame.subsampleSize === frame.size ? `${frame.size}` : `${frame.subsampleSize} of ${frame.size}`;
  return `${frame.name}\nsize ${size}, dim ${frame.dim}`;
}

interface Cluster {
  readonly frame: PlateFrame | undefined;
  readonly path: string;
  readonly nodes: DotNode[];
  readonly children: Map<string, Cluster>;
}

const emptyCluster = (frame: PlateFrame | undefined, path: string): Cluster => ({ frame, path, nodes: [], children: new Map() });

function clusterTree(scope: DotScope): Cluster {
  const root = emptyCluster(undefined, scope.id);
  for (const node of scope.nodes) {
    let at = root;
    for (const frame of node.plates) {
      const next = at.children.get(frame.name) ?? emptyCluster(frame, at.path === '' ? frame.name : `${at.path}/${frame.name}`);
      at.children.set(frame.name, next);
      at = next;
    }
    at.nodes.push(node);
  }
  return root;
}

function emitCluster(cluster: Cluster, label: string | undefined, indent: string, out: string[]): void {
  const inner = label === undefined ? indent : `${indent}  `;
  if (label !== undefined) {
    out.push(`${indent}subgraph ${quote(`cluster_${cluster.path}`)} {`);
    out.push(`${inner}label=${quote(label)};`);
    if (cluster.frame !== undefined) out.push(`${inner}labeljust=r;`, `${inner}labelloc=b;`);
  }
  for (const node of cluster.nodes) {
    out.push(`${inner}${quote(node.id)} [${attributeList({ label: labelOf(node.label), ...node.attributes })}];`);
  }
  for (const child of cluster.children.values()) emitCluster(child, plateLabel(child.frame!), inner, out);
  if (label !== undefined) out.push(`${indent}}`);
}

/**
 * The DOT text of a directed graph: each scope's nodes in nested plate clusters, then the
 * edges.
 *
 * @category viz
 * @since 0.1.0
 */
export function toDot(scopes: readonly DotScope[], edges: readonly DotEdge[]): string {
  const out: string[] = ['digraph {'];
  for (const scope of scopes) emitCluster(clusterTree(scope), scope.label, '  ', out);
  for (const edge of edges) {
    const attributes = edge.attributes === undefined ? '' : ` [${attributeList(edge.attributes)}]`;
    out.push(`  ${quote(edge.from)} -> ${quote(edge.to)}${attributes};`);
  }
  out.push('}');
  return `${out.join('\n')}\n`;
}
