/**
 * Tensor lifetimes for values that outlive the scope that built them.
 *
 * tfjs disposes every tensor created inside `tf.tidy` except those reachable from the tidy's
 * result, and a nested tidy hands its result to the enclosing one, which disposes it in turn.
 * A value *memoized* beyond the outermost scope (an autoguide's prototype, a cache) must
 * therefore `keep` every tensor it reaches, or a later call finds them disposed
 * ("Cannot read properties of undefined (reading 'backend')"). {@link keepReachable} does
 * that for any value: plain objects, class instances (their enumerable fields), arrays, `Map`s
 * and `Set`s, as `tf.tidy`'s own walk does plus the collections. Tensors held only in closures
 * or `#private` fields are invisible to any walk: library values keep tensors in enumerable
 * fields (transforms and constraints are checked for this in their specs).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** Every tensor reachable from `value` (each once), in the order first met. */
export function tensorsReachable(value: unknown): tf.Tensor[] {
  const found: tf.Tensor[] = [];
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof tf.Tensor) {
      found.push(v as tf.Tensor);
      return;
    }
    if (v instanceof Map) {
      for (const [k, x] of v) {
        visit(k);
        visit(x);
      }
      return;
    }
    if (v instanceof Set || Array.isArray(v)) {
      for (const x of v as Iterable<unknown>) visit(x);
      return;
    }
    if (ArrayBuffer.isView(v)) return;
    for (const key of Object.keys(v)) visit((v as Record<string, unknown>)[key]);
  };
  visit(value);
  return found;
}

/**
 * `tf.keep` every tensor reachable from `value` (see the module notes), so that no enclosing
 * `tf.tidy` disposes them; returns `value`. Use it for values memoized beyond the current call.
 * Kept tensors live until disposed explicitly: keep only what the memo owns for its lifetime.
 *
 * @example
 * ```ts
 * const proto = tf.tidy(() => keepReachable(buildPrototype())); // usable in later steps
 * ```
 * @category core
 * @since 0.2.0
 */
export function keepReachable<T>(value: T): T {
  for (const t of tensorsReachable(value)) if (!t.isDisposed) tf.keep(t);
  return value;
}

/**
 * Whether any tensor is reachable from `value` (a constraint with tensor bounds, a transform
 * with tensor parameters): such values must not be cached beyond the tensors' owner.
 *
 * @category core
 * @since 0.2.0
 */
export const holdsTensors = (value: unknown): boolean => tensorsReachable(value).length > 0;
