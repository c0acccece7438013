/**
 * A small parser for the DOT subset renderModel writes (digraph, nested subgraphs, graph
 * attributes `k=v;`, node statements `id [attrs];`, edge statements `a -> b [attrs];`), so
 * the tests check the graph's structure rather than exact strings.
 */

export interface ParsedCluster {
  readonly id: string;
  readonly attributes: Record<string, string>;
  readonly nodes: string[];
  readonly children: ParsedCluster[];
}

export interface ParsedNode {
  readonly id: string;
  readonly attributes: Record<string, string>;
  /** Cluster ids from the outermost to the innermost containing the node. */
  readonly clusters: readonly string[];
}

export interface ParsedGraph {
  readonly root: ParsedCluster;
  readonly nodes: ReadonlyMap<string, ParsedNode>;
  readonly edges: readonly { readonly from: string; readonly to: string; readonly attributes: Record<string, string> }[];
}

type Token = { readonly kind: 'id'; readonly text: string } | { readonly kind: 'punct'; readonly text: string };

/** Tokens: quoted strings (with DOT's `\"` and `\\` escapes, `\n` kept as a newline), bare ids, punctuation. */
function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (/\s/.test(c)) i++;
    else if (source.startsWith('->', i)) {
      tokens.push({ kind: 'punct', text: '->' });
      i += 2;
    } else if ('{}[];,='.includes(c)) {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '"') {
      let text = '';
      i++;
      while (source[i] !== '"') {
        if (i >= source.length) throw new Error('unterminated string');
        if (source[i] === '\\') {
          const next = source[i + 1]!;
          text += next === 'n' ? '\n' : next;
          i += 2;
        } else text += source[i++];
      }
      i++;
      tokens.push({ kind: 'id', text });
    } else {
      const m = /^[A-Za-z0-9_.\-:]+/.exec(source.slice(i));
      if (m === null) throw new Error(`unexpected character '${c}' at ${i}`);
      tokens.push({ kind: 'id', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

/** Parse renderModel's DOT output; throws on anything outside the subset. */
export function parseDot(source: string): ParsedGraph {
  const tokens = tokenize(source);
  let at = 0;
  const peek = (k = 0): Token | undefined => tokens[at + k];
  const take = (text?: string): Token => {
    const t = tokens[at++];
    if (t === undefined || (text !== undefined && t.text !== text)) throw new Error(`expected '${text ?? 'token'}', got '${t?.text}'`);
    return t;
  };
  const id = (): string => {
    const t = take();
    if (t.kind !== 'id') throw new Error(`expected an id, got '${t.text}'`);
    return t.text;
  };
  const attributeList = (): Record<string, string> => {
    const attributes: Record<string, string> = {};
    if (peek()?.text !== '[') return attributes;
    take('[');
    while (peek()?.text !== ']') {
      const key = id();
      take('=');
      attributes[key] = id();
      if (peek()?.text === ',') take(',');
    }
    take(']');
    return attributes;
  };
  const nodes = new Map<string, ParsedNode>();
  const edges: { from: string; to: string; attributes: Record<string, string> }[] = [];
  const body = (cluster: ParsedCluster, path: readonly string[]): void => {
    take('{');
    while (peek()?.text !== '}') {
      if (peek()?.text === 'subgraph') {
        take('subgraph');
        const child: ParsedCluster = { id: id(), attributes: {}, nodes: [], children: [] };
        cluster.children.push(child);
        body(child, [...path, child.id]);
      } else if (peek(1)?.text === '=') {
        const key = id();
        take('=');
        cluster.attributes[key] = id();
        take(';');
      } else if (peek(1)?.text === '->') {
        const from = id();
        take('->');
        const to = id();
        edges.push({ from, to, attributes: attributeList() });
        take(';');
      } else {
        const node = id();
        nodes.set(node, { id: node, attributes: attributeList(), clusters: path });
        cluster.nodes.push(node);
        take(';');
      }
    }
    take('}');
  };
  take('digraph');
  const root: ParsedCluster = { id: '', attributes: {}, nodes: [], children: [] };
  body(root, []);
  if (at !== tokens.length) throw new Error('trailing tokens');
  return { root, nodes, edges };
}

/** All clusters, depth first. */
export function allClusters(c: ParsedCluster): ParsedCluster[] {
  return c.children.flatMap((child) => [child, ...allClusters(child)]);
}

/** The cluster whose label's first line is `name` (a plate's name), and its parent. */
export function findPlate(graph: ParsedGraph, name: string): { readonly cluster: ParsedCluster; readonly parent: ParsedCluster } | undefined {
  const search = (parent: ParsedCluster): { cluster: ParsedCluster; parent: ParsedCluster } | undefined => {
    for (const cluster of parent.children) {
      if (cluster.attributes.label?.split('\n')[0] === name) return { cluster, parent };
      const inner = search(cluster);
      if (inner !== undefined) return inner;
    }
    return undefined;
  };
  return search(graph.root);
}

/** Edges as `from->to` strings, sorted. */
export const edgeSet = (graph: ParsedGraph): string[] => graph.edges.map((e) => `${e.from}->${e.to}`).sort();
