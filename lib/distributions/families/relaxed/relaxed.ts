/**
 * The base of the relaxed (Concrete / Gumbel-softmax) families, RelaxedBernoulli and
 * RelaxedOneHotCategorical, and of their straight-through variants.
 *
 * Each is, as in torch, a distribution on an unconstrained scale pushed through a transform:
 * `x` on the logit scale (LogitRelaxedBernoulli, through the sigmoid) or the log-simplex
 * (ExpRelaxedCategorical, through exp), so `y = t(x)` and
 * `log p(y) = log p_x(t⁻¹(y)) − Σ_event log|det J_t(x)|`. A subclass gives the draw of `x` from
 * standard noise, its density, the transform and the quantizer of its straight-through variant.
 *
 * Straight-through (Pyro's `RelaxedBernoulliStraightThrough`,
 * `RelaxedOneHotCategoricalStraightThrough`): `rsample` clamps the relaxed draw `y` to
 * `[ε, 1 − ε]` and returns its quantization `q(y)` (rounded, or the one-hot argmax) with the
 * gradient of `y` (`∂q/∂y = I`); `logProb` of such a draw is the density at `y` (Pyro's
 * `_unquantize`): the draw remembers its relaxed value, which lives in the `tf.tidy` scope that
 * made the draw (a draw returned out of it falls back to its own value).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../../core/dims.js';
import type { Key } from '../../../core/key.js';
import type { Shape } from '../../../core/shape.js';
import { DistributionBase } from '../../distribution.js';
import type { Transform } from '../../transforms/transform.js';
import { sumRightmost } from '../../wrappers/independent.js';
import { FLOAT32_EPS } from '../discrete/probs-logits.js';
import { runCustomOp } from '../../../ops/fused/custom-op.js';
import { stopGradient } from '../../../ops/index.js';
import { broadcastIfNeeded, checkParam, checkSupport, isPositive, logProbShape } from '../../util.js';

/** The relaxed value of each straight-through draw (Pyro's `value._unquantize`). */
const relaxedOf = new WeakMap<tf.Tensor, tf.Tensor>();

/** `q(y)` forward, the identity backward (`∂q/∂y = I`). */
function straightThrough(soft: tf.Tensor, quantize: (y: tf.Tensor) => tf.Tensor): tf.Tensor {
  return runCustomOp([soft], () => ({ value: quantize(soft), gradFunc: (dy) => [dy] }));
}

/**
 * The relaxed value behind a straight-through draw, or the value itself (also when the relaxed
 * value was disposed: a draw kept out of the `tf.tidy` that made it).
 */
export function unquantize(value: tf.Tensor): tf.Tensor {
  const relaxed = relaxedOf.get(value);
  return relaxed === undefined || relaxed.isDisposed ? value : relaxed;
}

/** Read and validate a temperature (`> 0`, finite). */
export function parseTemperature(family: string, temperature: tf.Tensor): tf.Tensor {
  checkParam(family, 'temperature', temperature, 'must be positive and finite', isPositive);
  return temperature;
}

/**
 * A relaxed family: `temperature` (unbroadcast), a transform from the unconstrained scale, and,
 * when {@link straightThrough}, quantized draws.
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class RelaxedDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  /** The temperature `T > 0`: the relaxation tends to the discrete law as `T → 0`. */
  readonly temperature: tf.Tensor;
  /** Whether draws are quantized with the relaxed gradient (the StraightThrough variants). */
  readonly straightThrough: boolean;
  /** From the unconstrained scale to the support (sigmoid, exp). */
  protected abstract readonly transform: Transform;

  protected constructor(temperature: tf.Tensor, straightThrough: boolean, batchShape: Shape, eventShape: Shape) {
    super(batchShape, eventShape);
    this.temperature = temperature;
    this.straightThrough = straightThrough;
  }

  override get hasRsample(): boolean {
    return true;
  }

  /** A draw `x` on the unconstrained scale, `sampleShape + batchShape + eventShape`, differentiable in the parameters. */
  protected abstract drawUnconstrained(key: Key, shape: Shape): tf.Tensor;

  /** `log p_x(x)` on the unconstrained scale, summed over the event. */
  protected abstract unconstrainedLogProb(x: tf.Tensor): tf.Tensor;

  /** The straight-through quantization of a relaxed value (forward only). */
  protected abstract quantize(y: tf.Tensor): tf.Tensor;

  /** `y = t(x)`; for the straight-through variants `q(clamp(y, ε, 1 − ε))` with the gradient of `y`. */
  override rsample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const [soft, hard] = tf.tidy(() => {
      const y = this.transform.forward(this.drawUnconstrained(key, this.extendedShape(sampleShape)));
      if (!this.straightThrough) return [y, y];
      const clamped = tf.clipByValue(y, FLOAT32_EPS, 1 - FLOAT32_EPS);
      return [clamped, straightThrough(clamped, (v) => this.quantize(v))];
    });
    if (soft !== hard) relaxedOf.set(hard, soft);
    return hard;
  }

  /** {@link rsample} without gradient (a straight-through draw keeps its relaxed value, also without gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const [hard, soft] = tf.tidy(() => {
      const drawn = this.rsample(key, sampleShape);
      const relaxed = relaxedOf.get(drawn);
      return relaxed === undefined ? [stopGradient(drawn)] : [stopGradient(drawn), stopGradient(relaxed)];
    });
    if (soft !== undefined) relaxedOf.set(hard, soft);
    return hard;
  }

  /** `log p_x(t⁻¹(y)) − Σ_event log|det J_t|`, at the relaxed value of a straight-through draw. */
  logProb(value: tf.Tensor): tf.Tensor {
    const y = unquantize(value);
    checkSupport(this.family, this.support, y);
    const shape = logProbShape(this.family, y, this.batchShape, this.eventShape.length);
    return tf.tidy(() => {
      const x = this.transform.inverse(y);
      const logDet = sumRightmost(this.transform.logAbsDetJacobian(x, y), this.eventShape.length);
      return broadcastIfNeeded(tf.sub(this.unconstrainedLogProb(x), logDet), shape);
    });
  }
}
