/**
 * The `probs | logits` parameterization shared by the discrete families: exactly one of the two
 * is given (Pyro raises otherwise), as a positional value (read as `probs`) or as an options
 * object `{ probs }` / `{ logits }`; and {@link BinaryProbsDist}, the base of the families with
 * one success probability per element (Bernoulli, Binomial, NegativeBinomial, Geometric).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import type { Shape } from '../../../core/shape.js';
import { log1p } from '../../../ops/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { type TensorInput, checkParam, isNotNaN, isProbability, toTensor } from '../../util.js';

/**
 * Exactly one of `probs` and `logits` (the type rejects both or neither at compile time; the
 * factories check again at run time).
 *
 * @category distributions
 * @since 0.1.0
 */
export type ProbsOrLogits =
  | { readonly probs: TensorInput; readonly logits?: never }
  | { readonly logits: TensorInput; readonly probs?: never };

/** The tensor input inside a `probs | logits` argument (for the phantom batch dims). */
export type ProbsOrLogitsParam<P> = P extends { readonly probs: infer X } ? X : P extends { readonly logits: infer X } ? X : P;

/** Which parameter a family was built from, and its tensor. */
export interface ParsedProbsOrLogits {
  readonly kind: 'probs' | 'logits';
  readonly tensor: tf.Tensor;
}

/** Whether `x` is an options object rather than a tensor, a number or a nested array. */
function isOptions(x: unknown): x is Readonly<Record<string, unknown>> {
  return typeof x === 'object' && x !== null && !(x instanceof tf.Tensor) && !Array.isArray(x);
}

/**
 * Read `probs` or `logits` from a positional value (read as `probs`) or an options object;
 * throw `InvalidArgument` naming `family` when both or neither are given.
 */
export function parseProbsOrLogits(family: string, input: TensorInput | ProbsOrLogits): ParsedProbsOrLogits {
  if (!isOptions(input)) return { kind: 'probs', tensor: toTensor(input) };
  const probs = input.probs;
  const logits = input.logits;
  if (probs !== undefined && logits !== undefined) {
    throw invalidArgument(family, 'probs', "and argument 'logits' are exclusive", 'both', 'Give exactly one of probs or logits.');
  }
  if (probs !== undefined) return { kind: 'probs', tensor: toTensor(probs) };
  if (logits !== undefined) return { kind: 'logits', tensor: toTensor(logits) };
  throw invalidArgument(family, 'probs', "or argument 'logits' is required", 'neither', 'Give exactly one of probs or logits.');
}

/** float32 machine epsilon: torch's `clamp_probs` bound for float32 tensors. */
export const FLOAT32_EPS = 1.1920928955078125e-7;
/** Not NaN (Pyro's `real`: ±∞ allowed for logits); util.ts's own, whose checks run as plain loops. */
export { isNotNaN };

/** `log p − log1p(−p)` with `p` clamped to `[ε, 1 − ε]` (torch's `probs_to_logits(is_binary)`). */
export function binaryLogits(probs: tf.Tensor): tf.Tensor {
  const p = tf.clipByValue(probs, FLOAT32_EPS, 1 - FLOAT32_EPS);
  return tf.sub(tf.log(p), log1p(tf.neg(p)));
}

/** `p` from the given parameter: itself, or `σ(logits)`. */
export const probsFrom = (kind: 'probs' | 'logits', param: tf.Tensor): tf.Tensor => (kind === 'probs' ? param : tf.sigmoid(param));

/** `ℓ` from the given parameter: itself, or {@link binaryLogits} of the probs. */
export const logitsFrom = (kind: 'probs' | 'logits', param: tf.Tensor): tf.Tensor => (kind === 'logits' ? param : binaryLogits(param));

/** Bernoulli probabilities in float64 JS from parameter data (`σ(ℓ)` for logits). */
export function probsData(kind: 'probs' | 'logits', data: ArrayLike<number>): Float64Array {
  const out = new Float64Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const x = data[i]!;
    out[i] = kind === 'probs' ? x : 1 / (1 + Math.exp(-x));
  }
  return out;
}

/** A requirement on `probs` for validation: its wording and its elementwise test. */
export type ProbsRequirement = readonly [requirement: string, ok: (x: number) => boolean];

/** `probs ∈ [0, 1]` (Bernoulli, Binomial). */
export const CLOSED_UNIT: ProbsRequirement = ['must be in [0, 1]', isProbability];

/**
 * {@link parseProbsOrLogits} with validation: `probs` must meet `probs` (default `[0, 1]`),
 * `logits` must not be NaN; both name `family` and the argument.
 */
export function parseBinaryParams(family: string, input: TensorInput | ProbsOrLogits, probs: ProbsRequirement = CLOSED_UNIT): ParsedProbsOrLogits {
  const parsed = parseProbsOrLogits(family, input);
  if (parsed.kind === 'probs') checkParam(family, 'probs', parsed.tensor, probs[0], probs[1]);
  else checkParam(family, 'logits', parsed.tensor, 'must not be NaN', isNotNaN);
  return parsed;
}

/**
 * The base of the families with one success probability `p` per element, given as `probs` or
 * as `logits` `ℓ = log(p / (1 − p))` and stored as given (unbroadcast). Subclasses without
 * other parameters keep the constructor `(parameterization, param, batchShape?)`: `expand`
 * rebuilds through it.
 *
 * @category distributions
 * @since 0.2.0
 */
export abstract class BinaryProbsDist<B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  /** Which parameter the distribution was built from. */
  readonly parameterization: 'probs' | 'logits';
  /** The given tensor (`probs` or `logits`, per {@link parameterization}). */
  readonly param: tf.Tensor;

  constructor(parameterization: 'probs' | 'logits', param: tf.Tensor, batchShape?: Shape) {
    super(batchShape ?? param.shape, []);
    this.parameterization = parameterization;
    this.param = param;
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (parameterization: 'probs' | 'logits', param: tf.Tensor, batchShape?: Shape) => Distribution;
    return new Family(this.parameterization, this.param, batchShape);
  }

  /** `p` (the given tensor, or `σ(logits)`); unbroadcast. */
  get probs(): tf.Tensor {
    return probsFrom(this.parameterization, this.param);
  }

  /** `ℓ = log(p / (1 − p))` (the given tensor, or computed from probs clamped to `[ε, 1 − ε]`); unbroadcast. */
  get logits(): tf.Tensor {
    return logitsFrom(this.parameterization, this.param);
  }

  /** `1 − p`: `σ(−ℓ)` from logits (no rounding of p near 1 first), else `1 − p`; unbroadcast. */
  get probsComplement(): tf.Tensor {
    return this.parameterization === 'probs' ? tf.sub(1, this.param) : tf.sigmoid(tf.neg(this.param));
  }

  /**
   * The Bernoulli entropy `softplus(ℓ) − σ(ℓ)ℓ` (torch's `BCEWithLogits(ℓ, p)`), written
   * `softplus(−|ℓ|) + σ(−|ℓ|)|ℓ|`: two positive terms, no cancellation at large |ℓ|
   * (Bernoulli(logits = 20): 4.3e-8, not 0). Unbroadcast.
   */
  protected bernoulliEntropy(): tf.Tensor {
    return tf.tidy(() => {
      const a = tf.abs(this.logits);
      return tf.add(tf.softplus(tf.neg(a)), tf.mul(tf.sigmoid(tf.neg(a)), a));
    });
  }

  /** `p` per element of `data` (the given parameter's values), in float64. */
  protected probsOf(data: ArrayLike<number>): Float64Array {
    return probsData(this.parameterization, data);
  }
}
