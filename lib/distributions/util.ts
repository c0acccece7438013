/**
 * Shared helpers for distribution families: parameter conversion, argument validation (on by
 * default, as in Pyro), and broadcasting a result to the batch shape.
 *
 * Validation reads parameter values back (`withValues`: no copy on wasm) and checks them in plain
 * JavaScript: no tfjs kernels, so it stays cheap inside an SVI step on the `cpu` backend.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import { tidy } from '../core/tidy.js';
import { type Shape, shapesEqual, showShape, tryBroadcastShapes } from '../core/shape.js';
import { withValues } from '../ops/fused/host-data.js';
import { activeWasmBackend } from '../ops/kernels/wasm-heap.js';
import { passesOnHeap, scanFlag } from '../ops/kernels/wasm-scan.js';
import type { Constraint } from './constraints/index.js';

export { toTensor, type TensorInput } from '../core/tensor-input.js';

/**
 * The shared path of every family's factory: convert the arguments, validate them and build
 * the distribution inside `build`, which runs in `tf.tidy`. A factory that throws (an invalid
 * parameter) therefore disposes every tensor it created from numbers and arrays, and one that
 * succeeds keeps exactly the tensors the distribution holds (families keep their tensors in
 * enumerable fields, which tidy sees) — never the temporaries of validation or of derived
 * quantities. Tensors the caller passed in are never disposed.
 */
export function construct<D>(build: () => D): D {
  return tidy(build);
}

let validationEnabled = true;

/**
 * Turn argument and support validation on or off for all distributions (Pyro's
 * `pyro.enable_validation`). On by default. Returns the previous setting.
 *
 * @category distributions
 * @since 0.1.0
 */
export function setValidation(enabled: boolean): boolean {
  const previous = validationEnabled;
  validationEnabled = enabled;
  return previous;
}

/** Whether validation is on (see {@link setValidation}). */
export const isValidationEnabled = (): boolean => validationEnabled;

/** `x > 0` and finite. */
export const isPositive = (x: number): boolean => x > 0 && Number.isFinite(x);
/** Finite. */
export const isFiniteNumber = (x: number): boolean => Number.isFinite(x);
/** In `[0, 1]`. */
export const isProbability = (x: number): boolean => x >= 0 && x <= 1;
/** Not NaN (the support `real`; Pyro's check for logits). */
export const isNotNaN = (x: number): boolean => !Number.isNaN(x);

/**
 * The index of the first element failing `ok`, or −1. The common predicates run as plain loops
 * (no call per element: validation runs on every SVI step). Float32 data (every float tensor on
 * wasm and cpu) goes to its own copy of the loops: one loop over `ArrayLike` sees several array
 * types and its element access turns megamorphic, ~6× slower (6.4 ms against 1.0 ms over a
 * logistic regression's 10⁶ logits, checked every step).
 */
function firstViolationIn(values: ArrayLike<number>, ok: (x: number) => boolean): number {
  return values instanceof Float32Array ? firstViolationInFloat32(values, ok) : firstViolationInAny(values, ok);
}

/** {@link firstViolationIn} for float32 data (`v − v` is 0 exactly when `v` is finite). */
function firstViolationInFloat32(values: Float32Array, ok: (x: number) => boolean): number {
  const n = values.length;
  if (ok === isFiniteNumber) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v - v !== 0) return i;
    }
  } else if (ok === isPositive) {
    for (let i = 0; i < n; i++) if (!(values[i]! > 0 && values[i]! !== Infinity)) return i;
  } else if (ok === isNotNaN) {
    for (let i = 0; i < n; i++) {
      const v = values[i]!;
      if (v !== v) return i;
    }
  } else {
    for (let i = 0; i < n; i++) if (!ok(values[i]!)) return i;
  }
  return -1;
}

/** {@link firstViolationIn} for any other array. */
function firstViolationInAny(values: ArrayLike<number>, ok: (x: number) => boolean): number {
  const n = values.length;
  if (ok === isFiniteNumber) {
    for (let i = 0; i < n; i++) if (!Number.isFinite(values[i]!)) return i;
  } else if (ok === isPositive) {
    for (let i = 0; i < n; i++) if (!(values[i]! > 0 && values[i]! !== Infinity)) return i;
  } else if (ok === isNotNaN) {
    for (let i = 0; i < n; i++) if (Number.isNaN(values[i]!)) return i;
  } else {
    for (let i = 0; i < n; i++) if (!ok(values[i]!)) return i;
  }
  return -1;
}

/**
 * The first element of `value` failing `ok`, as `[index, element]`, or `undefined`; reads the
 * tensor where it lives (no copy out of the wasm heap).
 */
function firstViolation(value: tf.Tensor, ok: (x: number) => boolean): readonly [number, number] | undefined {
  // large float32 arrays on the wasm heap: a SIMD pass gives the verdict, the loop only finds the culprit
  const kind = ok === isNotNaN ? 'notNaN' : ok === isFiniteNumber ? 'finite' : undefined;
  const b = kind === undefined || value.dtype !== 'float32' ? undefined : activeWasmBackend();
  const flag = scanFlag(b, value.size); // before the views: it may allocate
  return withValues([value], ([data]) => {
    if (flag >= 0 && passesOnHeap(b!, data!, kind!, flag)) return undefined;
    const i = firstViolationIn(data!, ok);
    return i < 0 ? undefined : [i, data![i]!];
  });
}

/**
 * Tensors already found to satisfy a predicate. Tensors are immutable (variables excepted), so
 * a constant parameter or an observed value is checked once, not on every SVI step.
 */
const passed = new WeakMap<tf.Tensor, ((x: number) => boolean) | Set<(x: number) => boolean>>();

/** Whether every element of `t` satisfies `ok` (memoized for immutable tensors). */
function satisfiedBefore(t: tf.Tensor, ok: (x: number) => boolean): boolean {
  const known = passed.get(t);
  return known === ok || (known instanceof Set && known.has(ok));
}

function remember(t: tf.Tensor, ok: (x: number) => boolean): void {
  // small tensors are re-checked (cheaper than a weak entry per short-lived tensor); variables can change
  if (t.size < 64 || t instanceof tf.Variable) return;
  const known = passed.get(t);
  if (known === undefined) passed.set(t, ok); // the common case: one predicate per tensor, no Set
  else if (known instanceof Set) known.add(ok);
  else if (known !== ok) passed.set(t, new Set([known, ok]));
}

/**
 * Check a parameter elementwise in JavaScript when validation is on; throw `InvalidArgument`
 * naming the distribution, the argument and the first offending value.
 */
export function checkParam(
  family: string,
  arg: string,
  value: tf.Tensor,
  requirement: string,
  ok: (x: number) => boolean,
): void {
  if (!validationEnabled || satisfiedBefore(value, ok)) return;
  const bad = firstViolation(value, ok);
  if (bad !== undefined) {
    throw invalidArgument(family, arg, requirement, `${bad[1]} (element ${bad[0]} of a tensor of shape ${showShape(value.shape)})`);
  }
  remember(value, ok);
}

type Predicate = (x: number) => boolean;

const num = (b: unknown): number | undefined => (typeof b === 'number' ? b : undefined);

const predicates = new WeakMap<Constraint, Predicate | null>();

/**
 * A JavaScript elementwise membership test for the elementwise constraints with number
 * bounds (real, greaterThan, interval, integers, boolean, independent of those), or
 * `undefined` when the check needs tfjs (tensor bounds, simplex, matrices).
 */
export function elementwisePredicate(support: Constraint): Predicate | undefined {
  // memoized per constraint, so a support's predicate keeps its identity (validation memo above)
  const known = predicates.get(support);
  if (known !== undefined) return known ?? undefined;
  const made = computePredicate(support);
  predicates.set(support, made ?? null);
  return made;
}

function computePredicate(support: Constraint): Predicate | undefined {
  const c = support as Constraint & { lowerBound?: unknown; upperBound?: unknown; base?: Constraint };
  const lo = num(c.lowerBound);
  const hi = num(c.upperBound);
  const isInt = Number.isInteger;
  switch (support.kind) {
    case 'real':
      return isNotNaN;
    case 'greaterThan':
    case 'softplusPositive':
      return lo === undefined ? undefined : (x) => x > lo;
    case 'greaterThanEq':
      return lo === undefined ? undefined : (x) => x >= lo;
    case 'lessThan':
      return hi === undefined ? undefined : (x) => x < hi;
    case 'interval':
      return lo === undefined || hi === undefined ? undefined : (x) => x >= lo && x <= hi;
    case 'halfOpenInterval':
      return lo === undefined || hi === undefined ? undefined : (x) => x >= lo && x < hi;
    case 'integerInterval':
      return lo === undefined || hi === undefined ? undefined : (x) => isInt(x) && x >= lo && x <= hi;
    case 'nonnegativeInteger':
      return (x) => isInt(x) && x >= 0;
    case 'positiveInteger':
      return (x) => isInt(x) && x >= 1;
    case 'boolean':
      return (x) => x === 0 || x === 1;
    case 'independent':
      // every element of every event must satisfy the base constraint
      return c.base === undefined ? undefined : elementwisePredicate(c.base);
    default:
      return undefined;
  }
}

/**
 * When validation is on, throw `InvalidArgument` if `value` lies outside `support`
 * ("Normal.logProb: argument 'value' must be in the support …"; `method` names the caller,
 * `cdf` validates its value as `logProb` does, as Pyro's `_validate_sample`). Elementwise supports are
 * checked in JavaScript (no kernels); the others with the constraint's tfjs check.
 */
export function checkSupport(family: string, support: Constraint, value: tf.Tensor, method = 'logProb'): void {
  if (!validationEnabled) return;
  const ok = elementwisePredicate(support);
  let bad: string | undefined;
  if (ok !== undefined) {
    if (satisfiedBefore(value, ok)) return;
    const found = firstViolation(value, ok);
    if (found !== undefined) bad = `${found[1]} (element ${found[0]} of a value of shape ${showShape(value.shape)})`;
    else remember(value, ok);
  } else if (tf.tidy(() => tf.all(support.check(value)).dataSync()[0]) !== 1) {
    bad = `a value of shape ${showShape(value.shape)} with elements outside it`;
  }
  if (bad !== undefined) {
    throw invalidArgument(`${family}.${method}`, 'value', `must be in the support ${support.name}`, bad);
  }
}

/** The batch shape of a family from its parameters' shapes (minus `eventDims` each), broadcast. */
export function batchShapeOf(family: string, shapes: readonly Shape[]): Shape {
  const out = tryBroadcastShapes(...shapes);
  if (out === undefined) {
    throw invalidArgument(family, 'parameters', 'must broadcast together', shapes.map(showShape).join(' vs '));
  }
  return out;
}

/**
 * Broadcast `t` to `shape` only if it differs (parameters are stored unbroadcast, so a
 * result may be smaller than the batch shape).
 */
export function broadcastIfNeeded(t: tf.Tensor, shape: Shape): tf.Tensor {
  return shapesEqual(t.shape, shape) ? t : tf.broadcastTo(t, [...shape]);
}

/**
 * `t` broadcast to `shape`, read as JS data (a temporary broadcast is disposed): the parameters
 * of the samplers written in JavaScript.
 */
export function dataAt(t: tf.Tensor, shape: Shape): ArrayLike<number> {
  const b = broadcastIfNeeded(t, shape);
  const data = b.dataSync();
  if (b !== t) b.dispose();
  return data;
}

/** The shape `logProb` must return for `value`: broadcast of `value` minus event dims with the batch shape. */
export function logProbShape(family: string, value: tf.Tensor, batchShape: Shape, eventRank: number): Shape {
  const valueBatch = value.shape.slice(0, value.rank - eventRank);
  const out = tryBroadcastShapes(valueBatch, batchShape);
  if (out === undefined) {
    throw invalidArgument(
      `${family}.logProb`,
      'value',
      `must broadcast with the batch shape ${showShape(batchShape)}`,
      `shape ${showShape(value.shape)}`,
    );
  }
  return out;
}
