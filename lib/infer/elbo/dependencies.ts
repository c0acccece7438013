/**
 * Which non-reparameterized guide draws a tensor was computed from, read off tfjs's gradient
 * tape (Pyro's provenance tracking in `TraceGraph_ELBO`, Wingate et al. 2011).
 *
 * While a gradient is being recorded, every kernel tfjs runs is a tape node `{ inputs, outputs }`
 * (any dtype: bool masks, int32 indices and custom ops included). Walking the tape backwards from
 * a log-density reaches exactly the tensors it was computed from; labelling the draws of the
 * non-reparameterized guide sites by name gives, per cost term, the set of sites it depends on.
 * The walk goes *through* labelled tensors, so a draw whose sampler consumed another site's
 * draw (`z₂ ~ q(· | z₁)`) carries both labels, as Pyro's provenance union does.
 *
 * Outside a gradient computation there is no tape: {@link dependencyOracle} returns `undefined`
 * (then only the value is needed and no dependency matters).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** The engine members read here (tfjs-core 4.x: public at run time, private in its typings). */
interface TapeEngine {
  readonly state: {
    readonly gradientDepth: number;
    readonly kernelDepth: number;
    readonly activeTape: readonly { readonly inputs: Readonly<Record<string, unknown>>; readonly outputs: readonly tf.Tensor[] }[] | null;
  };
}

const NONE: ReadonlySet<string> = new Set();

/**
 * A function giving the labels (of `labels`: tensor → site name) that a tensor was computed
 * from, or `undefined` when no gradient tape is recording.
 */
export function dependencyOracle(labels: ReadonlyMap<tf.Tensor, string>): ((t: tf.Tensor) => ReadonlySet<string>) | undefined {
  const { state } = tf.engine() as unknown as TapeEngine;
  const tape = state.activeTape;
  if (tape === null || state.gradientDepth === 0) return undefined;
  const producers = new Map<number, readonly number[]>();
  for (const node of tape) {
    const inputs = Object.values(node.inputs)
      .filter((t): t is tf.Tensor => t instanceof tf.Tensor)
      .map((t) => t.id);
    for (const out of node.outputs) producers.set(out.id, inputs);
  }
  const own = new Map<number, string>([...labels].map(([t, name]) => [t.id, name]));
  const memo = new Map<number, ReadonlySet<string>>();
  // Iterative post-order walk: a tensor's set is its own label plus the union of its inputs' sets.
  const walk = (root: number): ReadonlySet<string> => {
    const stack = [root];
    const entered = new Set<number>();
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (memo.has(id)) {
        stack.pop();
        continue;
      }
      const inputs = producers.get(id) ?? [];
      if (!entered.has(id)) {
        entered.add(id);
        for (const i of inputs) if (!memo.has(i) && !entered.has(i)) stack.push(i);
        continue;
      }
      stack.pop();
      const label = own.get(id);
      const union = new Set<string>(label === undefined ? [] : [label]);
      for (const i of inputs) for (const l of memo.get(i) ?? NONE) union.add(l);
      memo.set(id, union.size === 0 ? NONE : union);
    }
    return memo.get(root) ?? NONE;
  };
  return (t) => walk(t.id);
}
