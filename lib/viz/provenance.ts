/**
 * Provenance: which labelled tensors a tensor was computed from, read off tfjs's tape.
 *
 * While tfjs records a gradient tape, every kernel it runs outside another kernel is appended
 * to `tf.engine().state.activeTape` as a node `{ inputs, outputs }`, whatever its dtype and
 * whether or not it has a gradient (int32 `gather` indices, bool masks, comparisons, and
 * `customGrad` ops all appear). {@link trackProvenance} opens such a tape with tfjs's public
 * `tf.engine().gradients(f, [anchor], undefined, true)` — an anchor no kernel uses, so the
 * backward pass is empty — and runs `body` inside it. Inside, `tag(value, label)` returns a
 * fresh copy of a tensor built with `tf.tensor` (no kernel, so a leaf of the tape) and
 * `sources(t)` walks the tape backwards from `t` to the labelled leaves it reaches.
 *
 * The walk is exact at kernel granularity: a label is a source of `t` iff a chain of kernels
 * leads from the labelled tensor to `t`. This is *structural* dependence, as with Pyro's
 * `ProvenanceTensor`: `zerosLike(x)` depends on `x`; a `customGrad` op depends on all its
 * inputs. What leaves tfjs is not seen: a value read with `dataSync()`/`arraySync()` and
 * turned back into a tensor, or used in a JS `if`, carries no provenance.
 *
 * Every tensor created inside `body` is disposed when it returns (it runs in a `tidy`), so
 * `body` must return plain data, never tensors.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/**
 * The tools {@link trackProvenance} hands its body.
 *
 * @category viz
 * @since 0.1.0
 */
export interface ProvenanceTracker {
  /** A fresh copy of `value` (a tape leaf, no kernel) whose descendants carry `label`. */
  tag(value: tf.Tensor, label: string): tf.Tensor;
  /** The labels of the tagged tensors `value` was computed from (its own label included). */
  sources(value: tf.Tensor): ReadonlySet<string>;
}

/** tfjs's engine (its class is not exported by name). */
type Engine = ReturnType<typeof tf.engine>;

const NONE: ReadonlySet<string> = new Set();

/** Input ids per output id, filled lazily from the live tape, and memoised label sets. */
function makeTracker(engine: Engine): ProvenanceTracker {
  const labels = new Map<number, string>();
  const producers = new Map<number, readonly number[]>();
  const memo = new Map<number, ReadonlySet<string>>();
  let cursor = 0;

  const sync = (): void => {
    const tape = engine.state.activeTape;
    for (; cursor < tape.length; cursor++) {
      const node = tape[cursor]!;
      const inputs = Object.values(node.inputs)
        .filter((t): t is tf.Tensor => t instanceof tf.Tensor)
        .map((t) => t.id);
      for (const out of node.outputs) producers.set(out.id, inputs);
    }
  };

  // Iterative post-order walk (models may chain thousands of kernels): a node's set is the
  // union of its inputs' sets, plus its own label.
  const walk = (root: number): ReadonlySet<string> => {
    const stack: number[] = [root];
    while (stack.length > 0) {
      const id = stack[stack.length - 1]!;
      if (memo.has(id)) {
        stack.pop();
        continue;
      }
      const label = labels.get(id);
      const inputs = label === undefined ? (producers.get(id) ?? []) : [];
      const pending = inputs.filter((i) => !memo.has(i));
      if (pending.length > 0) {
        stack.push(...pending);
        continue;
      }
      stack.pop();
      const union = new Set<string>(label === undefined ? [] : [label]);
      for (const i of inputs) for (const l of memo.get(i) ?? NONE) union.add(l);
      memo.set(id, union.size === 0 ? NONE : union);
    }
    return memo.get(root) ?? NONE;
  };

  return {
    tag(value, label) {
      const leaf = tf.tensor(value.dataSync(), value.shape, value.dtype);
      labels.set(leaf.id, label);
      return leaf;
    },
    sources(value) {
      sync();
      return walk(value.id);
    },
  };
}

/** After a failed body, dispose what the tape kept for a backward pass that will not run. */
function dropTape(engine: Engine): void {
  const { state } = engine;
  if (state.gradientDepth !== 0 || (state.activeTape as Engine['state']['activeTape'] | null) === null) return;
  for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
  (state as { activeTape: unknown }).activeTape = null;
}

/**
 * Run `body` with tfjs's tape recording and a {@link ProvenanceTracker}; return its result.
 * Tensors created inside are disposed afterwards, so the result must hold no tensors.
 *
 * @example
 * ```ts
 * const deps = trackProvenance(({ tag, sources }) => {
 *   const a = tag(tf.scalar(1), 'a');
 *   return [...sources(tf.mul(a, 2))]; // ['a']
 * });
 * ```
 * @category viz
 * @since 0.1.0
 */
export function trackProvenance<T>(body: (tracker: ProvenanceTracker) => T): T {
  const engine = tf.engine();
  const anchor = tf.scalar(0);
  let result: { readonly value: T } | undefined;
  try {
    const { value, grads } = engine.gradients(
      () => {
        result = { value: body(makeTracker(engine)) };
        return tf.scalar(0);
      },
      [anchor],
      undefined,
      true,
    );
    value.dispose();
    for (const g of grads) (g as tf.Tensor | undefined)?.dispose();
  } catch (e) {
    dropTape(engine);
    throw e;
  } finally {
    anchor.dispose();
  }
  return result!.value;
}
