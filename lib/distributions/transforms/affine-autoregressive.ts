/**
 * `AffineAutoregressive`: the bijection of an inverse autoregressive flow (Kingma et al. 2016,
 * eq. 10; Pyro's `AffineAutoregressive`), `y = μ(x) + exp(s(x)) ⊙ x` with `(μ, s)` from a MADE
 * network ({@link AutoRegressiveNN}), or the `stable` variant `y = σ ⊙ x + (1 − σ) ⊙ μ(x)`,
 * `σ = sigmoid(s(x) + sigmoidBias)`.
 *
 * Because `μᵢ` and `sᵢ` depend only on the inputs before `i` in the network's order, `∂y/∂x` is
 * triangular (in that order) with diagonal `exp(ŝᵢ)` (resp. `σᵢ`): `log|det J| = Σᵢ ŝᵢ` (resp.
 * `Σᵢ log σᵢ`), exact. `ŝ = clamp(s, logScaleMinClip, logScaleMaxClip)`, the gradient passing
 * through the clamp as in Pyro. Sampling and scoring one's own draws is one pass of the network;
 * the inverse (scoring an arbitrary value) takes `d` passes, one per dim in the order.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import type { Module } from '../../core/primitives.js';
import { type AutoRegressiveNet, AutoRegressiveNN, type AutoRegressiveNNOptions } from '../../nn/auto-regressive-nn.js';
import type { Constraint } from '../constraints/constraint.js';
import { realVector } from '../constraints/index.js';
import { type AffineAutoregressiveScaling, affineAutoregressiveForward } from './affine-autoregressive-kernel.js';
import { type ForwardWithLogDet, TransformBase } from './transform.js';

/**
 * Options of {@link AffineAutoregressive} (Pyro's defaults).
 *
 * @category transforms
 * @since 0.2.0
 */
export interface AffineAutoregressiveOptions {
  /** Use `y = σ ⊙ x + (1 − σ) ⊙ μ` (default false). */
  readonly stable?: boolean;
  /** The lower clip of the log-scale (default −5). */
  readonly logScaleMinClip?: number;
  /** The upper clip of the log-scale (default 3). */
  readonly logScaleMaxClip?: number;
  /** Added to the logit of the scale in the stable variant (default 2). */
  readonly sigmoidBias?: number;
}

/**
 * The transform of {@link AffineAutoregressive} (see the module notes).
 *
 * @category transforms
 * @since 0.2.0
 */
export class AffineAutoregressiveImpl extends TransformBase {
  readonly name = 'AffineAutoregressive';
  readonly domain: Constraint = realVector;
  readonly codomain: Constraint = realVector;
  readonly arn: AutoRegressiveNet;
  readonly scaling: AffineAutoregressiveScaling;

  constructor(arn: AutoRegressiveNet, scaling: AffineAutoregressiveScaling) {
    super();
    this.arn = arn;
    this.scaling = scaling;
  }

  override get sign(): number {
    return 1;
  }

  #check(fn: string, v: tf.Tensor): void {
    if (v.rank < 1 || v.shape[v.rank - 1] !== this.arn.inputDim) {
      throw invalidArgument(`AffineAutoregressive.${fn}`, 'x', `must be [..., ${this.arn.inputDim}]`, `shape [${v.shape.join(', ')}]`);
    }
  }

  override forwardWithLogDet(x: tf.Tensor): ForwardWithLogDet {
    this.#check('forward', x);
    const [y, logAbsDetJacobian] = affineAutoregressiveForward(this.arn, x, this.scaling);
    return { y, logAbsDetJacobian };
  }

  forward(x: tf.Tensor): tf.Tensor {
    const { y, logAbsDetJacobian } = this.forwardWithLogDet(x);
    logAbsDetJacobian.dispose();
    return y;
  }

  logAbsDetJacobian(x: tf.Tensor, _y: tf.Tensor): tf.Tensor {
    const { y, logAbsDetJacobian } = this.forwardWithLogDet(x);
    y.dispose();
    return logAbsDetJacobian;
  }

  /**
   * `x` with `forward(x) = y`, one dim per network pass in the autoregressive order:
   * `xᵢ = (yᵢ − μᵢ) e^{−ŝᵢ}` (stable: `xᵢ = (yᵢ − (1 − σᵢ) μᵢ) / σᵢ`), `μ, s` of the `x` so far.
   */
  inverse(y: tf.Tensor): tf.Tensor {
    this.#check('inverse', y);
    const d = this.arn.inputDim;
    const o = this.scaling;
    return tf.tidy(() => {
      let x = tf.zerosLike(y);
      for (const idx of this.arn.permutation) {
        const [loc, s] = this.arn.apply(x);
        const xi = o.stable
          ? tf.tidy(() => {
              const sig = tf.sigmoid(tf.add(s, o.sigmoidBias));
              return tf.div(tf.sub(y, tf.mul(tf.sub(1, sig), loc)), sig);
            })
          : tf.mul(tf.sub(y, loc), tf.exp(tf.neg(tf.clipByValue(s, o.logScaleMinClip, o.logScaleMaxClip))));
        const onehot = tf.reshape(tf.oneHot(tf.tensor1d([idx], "int32"), d), [d]);
        x = tf.add(tf.mul(x, tf.sub(1, onehot)), tf.mul(xi, onehot));
      }
      return x;
    });
  }
}

const finite = (fn: string, name: string, v: number): number => {
  if (!Number.isFinite(v)) throw invalidArgument(fn, name, 'must be a finite number', String(v));
  return v;
};

/** The scaling of `options`, checked (Pyro's defaults). */
export function scalingOf(fn: string, options: AffineAutoregressiveOptions): AffineAutoregressiveScaling {
  const logScaleMinClip = finite(fn, 'logScaleMinClip', options.logScaleMinClip ?? -5);
  const logScaleMaxClip = finite(fn, 'logScaleMaxClip', options.logScaleMaxClip ?? 3);
  if (!(logScaleMinClip < logScaleMaxClip)) throw invalidArgument(fn, 'logScaleMinClip', 'must be less than logScaleMaxClip', `${logScaleMinClip} ≥ ${logScaleMaxClip}`);
  return { stable: options.stable ?? false, logScaleMinClip, logScaleMaxClip, sigmoidBias: finite(fn, 'sigmoidBias', options.sigmoidBias ?? 2) };
}

/**
 * The affine autoregressive bijection on `arn`, a bound MADE network (see the module notes):
 * `y = μ(x) + exp(clamp(s(x))) ⊙ x`, `log|det ∂y/∂x| = Σᵢ clamp(sᵢ(x))`. Forward with its
 * log-determinant is one fused op (`affine-autoregressive-kernel.ts`).
 *
 * @example
 * ```ts
 * function* guide() {
 *   const arn = yield* module('iaf', AutoRegressiveNN(2, [8]));
 *   const q = TransformedDistribution(Normal(0, 1).expand([2]).toEvent(1), AffineAutoregressive(arn));
 *   yield* sample('z', q);
 * }
 * ```
 * @category transforms
 * @since 0.2.0
 */
export function AffineAutoregressive(arn: AutoRegressiveNet, options: AffineAutoregressiveOptions = {}): AffineAutoregressiveImpl {
  return new AffineAutoregressiveImpl(arn, scalingOf('AffineAutoregressive', options));
}

/**
 * Options of {@link affineAutoregressive}.
 *
 * @category transforms
 * @since 0.2.0
 */
export interface AffineAutoregressiveModuleOptions extends AffineAutoregressiveOptions, AutoRegressiveNNOptions {
  /** The MADE network's hidden widths (default `[3 d + 1]`, Pyro's). */
  readonly hiddenDims?: readonly number[];
}

/**
 * Pyro's `affine_autoregressive(input_dim, hidden_dims)`: an {@link AffineAutoregressive} on a
 * fresh {@link AutoRegressiveNN}, as a {@link Module} (its weights `layers.k.weight` /
 * `layers.k.bias` become parameters; `bind` gives the transform). For `AutoNormalizingFlow`'s
 * `initTransformFn`, or `module(name, affineAutoregressive(d))` in a hand-written guide.
 *
 * @example
 * ```ts
 * const guide = AutoNormalizingFlow(model, (d) => affineAutoregressive(d, { hiddenDims: [20] }));
 * ```
 * @category transforms
 * @since 0.2.0
 */
export function affineAutoregressive(inputDim: number, options: AffineAutoregressiveModuleOptions = {}): Module<AffineAutoregressiveImpl> {
  const scaling = scalingOf('affineAutoregressive', options);
  const net = AutoRegressiveNN(inputDim, options.hiddenDims ?? [3 * inputDim + 1], options.permutation === undefined ? {} : { permutation: options.permutation });
  return { params: net.params, bind: (weights) => new AffineAutoregressiveImpl(net.bind(weights), scaling) };
}
