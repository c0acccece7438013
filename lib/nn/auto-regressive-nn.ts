/**
 * `AutoRegressiveNN`: a MADE network (Germain et al. 2015, Pyro's `pyro.nn.AutoRegressiveNN`)
 * mapping `x ∈ ℝᵈ` to a location and a log-scale per dimension, `(μ(x), s(x))`, such that
 * output `i` depends only on the inputs that precede `i` in the autoregressive order.
 *
 * Masks (Pyro's `create_mask`, no context): with `π` the permutation, input `j` has degree
 * `m(j) = π⁻¹(j) + 1` (its position in the order, from 1), hidden unit `k` of a layer of width
 * `H` the degree `round(1 + k (d − 2) / (H − 1))` (`linspace(1, d − 1, H)` rounded, halves to even
 * as `torch.round`); a weight
 * `a → b` is kept when `m(b) ≥ m(a)` into a hidden layer and when `m(b) > m(a)` into the output
 * (whose `2d` units are the `d` inputs' degrees, twice: first the locations, then the
 * log-scales). Then `∂μᵢ/∂xⱼ = ∂sᵢ/∂xⱼ = 0` unless `m(j) < m(i)`: the Jacobian of an affine
 * autoregressive transform built on it is triangular (in the order `π`).
 *
 * Weights use Keras's `[inDim, outDim]` layout (`layers.k.weight`, `layers.k.bias`), initialized
 * as PyTorch's `nn.Linear` ({@link torchUniform}) so a Pyro flow starts alike. The masks are
 * constants (JavaScript arrays; `apply`, the differentiable path, uploads them per call).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { Key } from '../core/key.js';
import type { Module } from '../core/primitives.js';
import { torchUniform } from './init.js';
import { weightOf } from './layer.js';

/**
 * Options of {@link AutoRegressiveNN}.
 *
 * @category nn
 * @since 0.2.0
 */
export interface AutoRegressiveNNOptions {
  /**
   * The autoregressive order: `permutation[k]` is the input that comes `k`-th (default the
   * identity; Pyro draws a random one — pass your own, e.g. reversed between stacked flows).
   */
  readonly permutation?: readonly number[];
}

/**
 * One masked layer: `h ↦ h (weight ⊙ mask) + bias` with `weight`, `mask` `[inDim, outDim]`.
 *
 * @category nn
 * @since 0.2.0
 */
export interface MaskedLayer {
  readonly weight: tf.Tensor;
  readonly bias: tf.Tensor;
  /** 1 where the connection is kept, 0 where masked, row-major `[inDim, outDim]`. */
  readonly mask: Float32Array;
  readonly inDim: number;
  readonly outDim: number;
}

/**
 * A bound MADE network: its layers (ReLU between them, none after the last) and `apply`.
 *
 * @category nn
 * @since 0.2.0
 */
export interface AutoRegressiveNet {
  readonly inputDim: number;
  readonly permutation: readonly number[];
  readonly layers: readonly MaskedLayer[];
  /** `[μ(x), s(x)]`, each `[..., d]`, from differentiable tfjs ops (any order of derivatives). */
  apply(x: tf.Tensor): readonly [tf.Tensor, tf.Tensor];
}

/** `torch.round`: halves to the even neighbour (`Math.round` rounds them up). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v - Math.trunc(v)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Pyro's MADE masks, each `[inDim, outDim]` row-major (see the module notes).
 *
 * @category nn
 * @since 0.2.0
 */
export function madeMasks(inputDim: number, hiddenDims: readonly number[], permutation: readonly number[]): readonly Float32Array[] {
  const degree = new Array<number>(inputDim);
  permutation.forEach((input, k) => (degree[input] = k + 1));
  const hidden = hiddenDims.map((h) => Array.from({ length: h }, (_, k) => roundHalfEven(h === 1 ? 1 : 1 + (k * (inputDim - 2)) / (h - 1))));
  const output = [...degree, ...degree];
  const mask = (from: readonly number[], to: readonly number[], strict: boolean): Float32Array => {
    const m = new Float32Array(from.length * to.length);
    from.forEach((a, i) => to.forEach((b, j) => (m[i * to.length + j] = (strict ? b > a : b >= a) ? 1 : 0)));
    return m;
  };
  const degrees = [degree, ...hidden];
  return [...hidden.map((h, k) => mask(degrees[k]!, h, false)), mask(degrees[degrees.length - 1]!, output, true)];
}

function checkArguments(inputDim: number, hiddenDims: readonly number[], permutation: readonly number[]): void {
  if (!Number.isInteger(inputDim) || inputDim < 1) throw invalidArgument('AutoRegressiveNN', 'inputDim', 'must be a positive integer', String(inputDim));
  if (hiddenDims.length === 0 || hiddenDims.some((h) => !Number.isInteger(h) || h < inputDim)) {
    throw invalidArgument('AutoRegressiveNN', 'hiddenDims', `must be one or more integers ≥ inputDim (${inputDim}), else some outputs lose their inputs`, `[${hiddenDims.join(', ')}]`);
  }
  const sorted = [...permutation].sort((a, b) => a - b);
  if (sorted.length !== inputDim || sorted.some((v, i) => v !== i)) {
    throw invalidArgument('AutoRegressiveNN', 'permutation', `must be a permutation of 0…${inputDim - 1}`, `[${permutation.join(', ')}]`);
  }
}

/**
 * A MADE network `x ↦ (μ(x), s(x))` over `inputDim` dims with ReLU hidden layers of
 * `hiddenDims` units (each ≥ `inputDim`), as a {@link Module} for `module(name, net)` or a flow
 * guide's parameters.
 *
 * @example
 * ```ts
 * const arn = yield* module('iaf', AutoRegressiveNN(3, [10]));
 * const [loc, logScale] = arn.apply(tf.randomNormal([5, 3]));
 * const t = AffineAutoregressive(arn); // a flow layer
 * ```
 * @category nn
 * @since 0.2.0
 */
export function AutoRegressiveNN(inputDim: number, hiddenDims: readonly number[], options: AutoRegressiveNNOptions = {}): Module<AutoRegressiveNet> {
  const permutation = options.permutation ?? Array.from({ length: inputDim }, (_, i) => i);
  checkArguments(inputDim, hiddenDims, permutation);
  const masks = madeMasks(inputDim, hiddenDims, permutation);
  const widths = [inputDim, ...hiddenDims, 2 * inputDim];
  const shapes = masks.map((_, k) => [widths[k]!, widths[k + 1]!] as const);
  const params: Record<string, (key: Key) => tf.Tensor> = {};
  shapes.forEach(([i, o], k) => {
    params[`layers.${k}.weight`] = (key) => torchUniform(key, [i, o], i, o);
    params[`layers.${k}.bias`] = (key) => torchUniform(key, [o], i, o);
  });
  return {
    params,
    bind: (weights) => {
      const layers: MaskedLayer[] = shapes.map(([i, o], k) => ({
        weight: weightOf('AutoRegressiveNN', weights, `layers.${k}.weight`, [i, o]),
        bias: weightOf('AutoRegressiveNN', weights, `layers.${k}.bias`, [o]),
        mask: masks[k]!,
        inDim: i,
        outDim: o,
      }));
      return {
        inputDim,
        permutation,
        layers,
        apply: (x) => {
          const maskTensors = masks.map((m, k) => tf.tensor(m, [...shapes[k]!], 'float32'));
          const flat = tf.reshape(x, [-1, inputDim]);
          const out = layers.reduce((h, l, k) => {
            const a = tf.add(tf.matMul(h, tf.mul(l.weight, maskTensors[k]!)), l.bias);
            return k < layers.length - 1 ? tf.relu(a) : a;
          }, flat);
          const [loc, logScale] = tf.split(out, 2, 1) as [tf.Tensor, tf.Tensor];
          return [tf.reshape(loc, x.shape), tf.reshape(logScale, x.shape)];
        },
      };
    },
  };
}
