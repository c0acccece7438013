/**
 * The base of the families over `K` categories parameterized by `probs` or `logits` along the
 * last dim (Categorical, OneHotCategorical, Multinomial), and their shared validation.
 *
 * As in Pyro, parameters are normalized at construction: `probs ← probs / Σ probs` and
 * `logits ← logits − logsumexp(logits)` (in float64, `log-softmax64.ts`). `probs` need not sum to 1 but must be non-negative
 * and finite with a positive sum per row; `logits` must not be NaN.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import { type Key, uniforms } from '../../../core/key.js';
import { type Shape, showShape } from '../../../core/shape.js';
import { DistributionBase } from '../../distribution.js';
import { categoricalDraw } from '../../sampling/discrete-sampling.js';
import { logSoftmax64 } from './log-softmax64.js';
import { FLOAT32_EPS, type ProbsOrLogits, isNotNaN, parseProbsOrLogits } from './probs-logits.js';
import { type TensorInput, broadcastIfNeeded, checkParam, isValidationEnabled } from '../../util.js';

/** The most negative float32: torch's `finfo.min`, used to clamp `−∞` logits where they meet a 0. */
export const FLOAT32_MIN = -3.4028234663852886e38;

/** Every row of `probs` must have a positive, finite sum (validation, in JS). */
function checkRowSums(family: string, probs: tf.Tensor): void {
  if (!isValidationEnabled()) return;
  const data = probs.dataSync();
  const k = probs.shape[probs.rank - 1]!;
  for (let row = 0; row * k < data.length; row++) {
    let sum = 0;
    for (let j = 0; j < k; j++) sum += data[row * k + j]!;
    if (!(sum > 0 && Number.isFinite(sum))) {
      throw invalidArgument(family, 'probs', 'must have a positive finite sum along the last dim', `sum ${sum} in row ${row}`);
    }
  }
}

/** A validated, normalized `probs | logits` parameter `[..., K]`. */
export interface NormalizedParams {
  readonly kind: 'probs' | 'logits';
  readonly normalized: tf.Tensor;
}

/**
 * Read, validate and normalize the `probs | logits` of `family` (categories along the last
 * dim); errors name `family` and the argument.
 */
export function parseCategoricalParams(family: string, input: TensorInput | ProbsOrLogits): NormalizedParams {
  const { kind, tensor } = parseProbsOrLogits(family, input);
  if (tensor.rank < 1 || tensor.shape[tensor.rank - 1] === 0) {
    throw invalidArgument(family, kind, 'must have at least one dim with at least one category', `shape ${showShape(tensor.shape)}`);
  }
  if (kind === 'probs') {
    checkParam(family, 'probs', tensor, 'must be non-negative and finite', (x) => x >= 0 && Number.isFinite(x));
    checkRowSums(family, tensor);
    return { kind, normalized: tf.div(tensor, tf.sum(tensor, -1, true)) };
  }
  checkParam(family, 'logits', tensor, 'must not be NaN', isNotNaN);
  return { kind, normalized: logSoftmax64(tensor) };
}

/**
 * A family over `K` categories: normalized `probs | logits` `[..., K]` stored unbroadcast, the
 * batch shape `param.shape[:-1]` unless given.
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class CategoricalParamsDist<B extends Dims = Dims, E extends Dims = Dims> extends DistributionBase<B, E> {
  /** Which parameter the distribution was built from. */
  readonly parameterization: 'probs' | 'logits';
  /** The number of categories `K`. */
  readonly numEvents: number;
  /** Normalized probabilities, or log-normalized logits, `[..., K]` (per {@link parameterization}). */
  protected readonly normalized: tf.Tensor;

  protected constructor(parameterization: 'probs' | 'logits', normalized: tf.Tensor, batchShape: Shape | undefined, eventShape: Shape) {
    super(batchShape ?? normalized.shape.slice(0, -1), eventShape);
    this.parameterization = parameterization;
    this.normalized = normalized;
    this.numEvents = normalized.shape[normalized.rank - 1]!;
  }

  /** Normalized probabilities `[..., K]` (unbroadcast). */
  get probs(): tf.Tensor {
    return this.parameterization === 'probs' ? this.normalized : tf.exp(this.normalized);
  }

  /** Normalized logits `log p` `[..., K]` (unbroadcast; from probs: `log(clamp(p, ε, 1 − ε))`). */
  get logits(): tf.Tensor {
    if (this.parameterization === 'logits') return this.normalized;
    return tf.log(tf.clipByValue(this.normalized, FLOAT32_EPS, 1 - FLOAT32_EPS));
  }

  /** The probabilities broadcast to `batchShape + [K]`, as JS data (row-major, one row per batch element). */
  protected probsRows(): ArrayLike<number> {
    const rows = tf.tidy(() => broadcastIfNeeded(this.probs, [...this.batchShape, this.numEvents]));
    const data = rows.dataSync();
    if (rows !== this.normalized) rows.dispose();
    return data;
  }

  /**
   * `n` category indices by inversion (one uniform each), the i-th drawn from batch element
   * `i mod batchSize` (so `n = sampleSize · batchSize` fills `sampleShape + batchShape`).
   */
  protected drawIndices(key: Key, n: number): Int32Array {
    const k = this.numEvents;
    const p = this.probsRows();
    const u = uniforms(key, n);
    const rows = p.length / k;
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = categoricalDraw(p, (i % rows) * k, k, u[i]!);
    return out;
  }

  /** The categorical entropy `H = −Σ_k p_k · max(logits_k, float32 min)` (the clamp makes `0 · (−∞)` vanish), of the batch shape. */
  protected categoricalEntropy(): tf.Tensor {
    const logits = tf.maximum(this.logits, FLOAT32_MIN);
    return broadcastIfNeeded(tf.neg(tf.sum(tf.mul(logits, this.probs), -1)), this.batchShape);
  }
}
