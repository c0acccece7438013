/**
 * Parameter-free draws from a key, as float32 tensors: the noise of reparameterized samplers
 * (`x = loc + scale · ε`), computed in float64 JavaScript and uploaded once (no kernels).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, normals, uniforms } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';

/** The largest float32 below 1 (`1 − 2⁻²⁴`): uniforms are clamped to it so `float32(u) < 1`. */
export const FLOAT32_BELOW_ONE = 1 - 2 ** -24;

/** `n` uniforms in the open interval (0, 1): multiples of 2⁻⁵³ shifted by half a step. */
export function openUniforms(key: Key, n: number): Float64Array {
  return uniforms(key, n).map((u) => u + 2 ** -54);
}

/** A float32 tensor of `shape` whose i-th element is `f(i)`. */
export function tensorFrom(shape: Shape, f: (i: number) => number): tf.Tensor {
  const n = sizeOf(shape);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = f(i);
  return tf.tensor(out, [...shape], 'float32');
}

/** Uniform draws in [0, 1) whose float32 rounding stays below 1 (torch's `rand`). */
export function standardUniform(key: Key, shape: Shape): tf.Tensor {
  const u = uniforms(key, sizeOf(shape));
  return tensorFrom(shape, (i) => Math.min(u[i]!, FLOAT32_BELOW_ONE));
}

/** `n` draws `|ε|`, `ε ~ N(0, 1)`: the standard half-normal, in float64. */
export function halfNormalValues(key: Key, n: number): Float64Array {
  return normals(key, n).map(Math.abs);
}

/** `n` draws `tan(π(u − ½))`: the standard Cauchy by inversion, in float64. */
export function cauchyValues(key: Key, n: number): Float64Array {
  return openUniforms(key, n).map((u) => Math.tan(Math.PI * (u - 0.5)));
}

/** `n` draws `|tan(π(u − ½))|`: the standard half-Cauchy, in float64. */
export function halfCauchyValues(key: Key, n: number): Float64Array {
  return cauchyValues(key, n).map(Math.abs);
}

/** `n` draws `−sign(v) log(1 − |v|)`, `v = 2u − 1 ∈ (−1, 1)`: the standard Laplace by inversion (torch's), in float64. */
export function laplaceValues(key: Key, n: number): Float64Array {
  return openUniforms(key, n).map((u) => {
    const v = 2 * u - 1;
    return -Math.sign(v) * Math.log1p(-Math.abs(v));
  });
}

/** `−log(1 − u)`: the standard exponential by inversion. */
export function standardExponential(key: Key, shape: Shape): tf.Tensor {
  const u = uniforms(key, sizeOf(shape));
  return tensorFrom(shape, (i) => -Math.log1p(-u[i]!));
}

/** `n` draws `−log(−log u)`, `u ∈ (0, 1)`: the standard Gumbel by inversion, in float64. */
export function gumbelValues(key: Key, n: number): Float64Array {
  return openUniforms(key, n).map((u) => -Math.log(-Math.log(u)));
}

/** `n` draws `logit(u) = log u − log(1 − u)`, `u ∈ (0, 1)`: the standard logistic by inversion, in float64. */
export function logisticValues(key: Key, n: number): Float64Array {
  return openUniforms(key, n).map((u) => Math.log(u) - Math.log1p(-u));
}

/** Uniform draws in the open interval (0, 1) whose float32 rounding stays inside it (no `log 0`). */
export function openStandardUniform(key: Key, shape: Shape): tf.Tensor {
  const u = openUniforms(key, sizeOf(shape));
  return tensorFrom(shape, (i) => Math.min(u[i]!, FLOAT32_BELOW_ONE));
}
