/**
 * Numeric test helpers: a seeded PRNG, float32 rounding, closeness assertions with readable
 * failures, finite differences of float64 functions, and tensor ↔ array conversions.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';

/** mulberry32: a small seeded PRNG with uniform output in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal draws (Box–Muller), rounded to float32 so tensors hold exactly these values. */
export function normals(n: number, random: () => number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = 1 - random();
    const v = random();
    out[i] = Math.fround(Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
  }
  return out;
}

/** Round every entry to float32 (as a Float64Array). */
export function f32(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values, (v) => Math.fround(v));
}

/** A float32 tensor holding `values` (which should already be float32-representable). */
export function tensorOf(values: ArrayLike<number>, shape: readonly number[]): tf.Tensor {
  return tf.tensor(Float32Array.from(values), [...shape], 'float32');
}

/** Read a tensor as float64 values. */
export function valuesOf(t: tf.Tensor): Float64Array {
  return Float64Array.from(t.dataSync());
}

/**
 * Expect `|actual − expected| ≤ atol + rtol·|expected|` elementwise; the failure names the worst
 * index, both values and the ratio to the allowed error.
 */
export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: { rtol?: number; atol?: number }, label = ''): void {
  expect(actual.length, `${label}: length`).toBe(expected.length);
  const rtol = tol.rtol ?? 0;
  const atol = tol.atol ?? 0;
  let worst = -1;
  let worstRatio = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (a === e || (Number.isNaN(a) && Number.isNaN(e))) continue;
    const ratio = Math.abs(a - e) / (atol + rtol * Math.abs(e));
    if (!(ratio <= worstRatio)) {
      worstRatio = ratio;
      worst = i;
    }
  }
  if (worstRatio > 1 || Number.isNaN(worstRatio)) {
    expect.fail(`${label}: index ${worst}: got ${actual[worst]}, expected ${expected[worst]} (error ${worstRatio.toFixed(2)}× the allowed atol ${atol} + rtol ${rtol}·|expected|)`);
  }
}

/** Largest absolute value. */
export function maxAbs(values: ArrayLike<number>): number {
  let m = 0;
  for (const v of Array.from(values)) m = Math.max(m, Math.abs(v));
  return m;
}

/** Dot product in float64. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Euclidean norm in float64. */
export function norm(a: ArrayLike<number>): number {
  return Math.sqrt(dot(a, a));
}

/** Central-difference gradient of a float64 function (step relative to each |x_i|, at least h). */
export function fdGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const y = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const step = h * Math.max(1, Math.abs(x[i]!));
    y[i] = x[i]! + step;
    const up = f(y);
    y[i] = x[i]! - step;
    const down = f(y);
    y[i] = x[i]!;
    g[i] = (up - down) / (2 * step);
  }
  return g;
}

/** Central-difference directional derivative `d/dt f(x + t v)` at t = 0 (fourth order). */
export function fdDirectional(f: (x: Float64Array) => number, x: Float64Array, v: ArrayLike<number>, h = 1e-4): number {
  const at = (t: number): number => f(Float64Array.from(x, (xi, i) => xi + t * v[i]!));
  return (8 * (at(h) - at(-h)) - (at(2 * h) - at(-2 * h))) / (12 * h);
}

/** Central-difference mixed second derivative `∂²/∂s∂t f(x + s u + t v)` at 0. */
export function fdMixed(f: (x: Float64Array) => number, x: Float64Array, u: ArrayLike<number>, v: ArrayLike<number>, h = 1e-4): number {
  const at = (s: number, t: number): number => f(Float64Array.from(x, (xi, i) => xi + s * u[i]! + t * v[i]!));
  return (at(h, h) - at(h, -h) - at(-h, h) + at(-h, -h)) / (4 * h * h);
}

/** `numTensors` after running `body` minus before (tensors `body` returns are disposed first). */
export function tensorDelta(body: () => tf.Tensor | tf.Tensor[] | undefined): number {
  const before = tf.memory().numTensors;
  const out = body();
  if (out !== undefined) tf.dispose(out);
  return tf.memory().numTensors - before;
}

/** An input of a gradient check: float32-representable values and a shape. */
export interface GradInput {
  readonly values: Float64Array;
  readonly shape: readonly number[];
}

/**
 * Gradients of `Σ W ⊙ tfOp(inputs)` by tfjs and by central finite differences of the float64
 * twin `Σ W ⊙ refOp(inputs)` (random float32 weights W of the output's size).
 */
export function gradCheck(
  inputs: readonly GradInput[],
  tfOp: (...xs: tf.Tensor[]) => tf.Tensor,
  refOp: (...xs: Float64Array[]) => ArrayLike<number>,
  seed: number,
  h = 1e-6,
): { readonly got: Float64Array[]; readonly want: Float64Array[]; readonly scale: number } {
  const outLength = refOp(...inputs.map((x) => x.values)).length;
  const w = normals(outLength, rng(seed));
  const sizes = inputs.map((x) => x.values.length);
  const split = (z: Float64Array): Float64Array[] => {
    let at = 0;
    return sizes.map((n) => z.slice(at, (at += n)));
  };
  const z = Float64Array.from(inputs.flatMap((x) => Array.from(x.values)));
  const want = split(fdGradient((y) => dot(w, refOp(...split(y))), z, h));
  const tensors = inputs.map((x) => tensorOf(x.values, x.shape));
  const outShape = tfOp(...tensors).shape;
  const wt = tensorOf(w, outShape);
  const got = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(tfOp(...xs), wt)))(tensors).map(valuesOf);
  tf.dispose([...tensors, wt]);
  return { got, want, scale: Math.max(...want.map(maxAbs)) };
}
