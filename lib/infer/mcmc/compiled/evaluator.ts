/**
 * The compiled potential: `U(u)` and `∇U(u)` from a {@link Graph} in float64 JavaScript, with
 * no tensor and no allocation per call. One evaluation maps `u` onto each site (the bijections'
 * elementwise maps, `y = T(u)`, `log|T'(u)|` and both derivatives), runs the graph's kernels
 * forward, sums the density terms (each accumulating its partials), runs the kernels' products
 * backward, and chains the sites' gradients through the maps:
 * `U = −Σ log p − Σ log|T'|`, `∂U/∂u = (∂U/∂y) T'(u) − ∂ log|T'| / ∂u`.
 *
 * @module
 */
import type { ElementwiseMap } from '../../autoguide/elementwise-maps.js';
import type { PotentialFn } from '../integrator.js';
import type { Graph } from './graph.js';

/** A site's slice of the unconstrained vector and its map (`undefined`: the identity). */
export interface SiteMap {
  readonly offset: number;
  readonly size: number;
  readonly map: ElementwiseMap | undefined;
}

/**
 * The potential function of `graph` over sites laid out as `maps`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function evaluator(graph: Graph, maps: readonly SiteMap[]): PotentialFn {
  const data = graph.sizes.map((n, v) => graph.constants[v] ?? new Float64Array(n));
  // gradients of every value computed from the sites; constants read by a term get a scratch array
  const grads = graph.sizes.map((n, v) => (graph.dependent[v] ? new Float64Array(n) : undefined));
  const scratch = graph.sizes.map((n, v) => grads[v] ?? new Float64Array(n));
  const zeroed: Float64Array[] = [];
  for (const g of grads) if (g !== undefined) zeroed.push(g);
  const nodes = graph.nodes.map((n) => ({
    op: n.op,
    ins: n.inputs.map((i) => data[i]!),
    out: data[n.output]!,
    dOut: grads[n.output]!,
    dIns: n.inputs.map((i) => grads[i]),
  }));
  const terms = graph.terms.map((t) => ({ evaluate: t.evaluate, weight: t.weight, data: t.inputs.map((i) => data[i]!), grads: t.inputs.map((i) => scratch[i]!) }));
  const derivative = maps.map((m) => (m.map === undefined ? undefined : new Float64Array(m.size)));
  const logJDerivative = maps.map((m) => (m.map === undefined ? undefined : new Float64Array(m.size)));
  const slot = new Float64Array(4);
  return (u, grad) => {
    let logJ = 0;
    for (let s = 0; s < maps.length; s++) {
      const { offset, size, map } = maps[s]!;
      const y = data[s]!;
      if (map === undefined) {
        for (let k = 0; k < size; k++) y[k] = u[offset + k]!;
        continue;
      }
      const dy = derivative[s]!;
      const dl = logJDerivative[s]!;
      for (let k = 0; k < size; k++) {
        map(u[offset + k]!, slot);
        y[k] = slot[0]!;
        logJ += slot[1]!;
        dy[k] = slot[2]!;
        dl[k] = slot[3]!;
      }
    }
    for (const n of nodes) n.op.forward(n.ins, n.out);
    for (const g of zeroed) g.fill(0);
    let total = graph.constantTotal;
    for (const t of terms) total += t.evaluate(t.data, t.weight, t.grads);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!;
      n.op.backward(n.ins, n.out, n.dOut, n.dIns);
    }
    for (let s = 0; s < maps.length; s++) {
      const { offset, size, map } = maps[s]!;
      const g = grads[s]!; // sites are values 0 … numSites − 1, all dependent
      if (map === undefined) {
        for (let k = 0; k < size; k++) grad[offset + k] = g[k]!;
        continue;
      }
      const dy = derivative[s]!;
      const dl = logJDerivative[s]!;
      for (let k = 0; k < size; k++) grad[offset + k] = g[k]! * dy[k]! - dl[k]!;
    }
    return total - logJ;
  };
}
