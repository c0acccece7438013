/**
 * Zero inflation (Pyro's `ZeroInflatedDistribution`): a draw is 0 with probability `gate`, else
 * a draw of a base distribution with event shape `[]` (Poisson, NegativeBinomial, …):
 *
 *   `p(0) = g + (1 − g) p_base(0)`,  `p(k) = (1 − g) p_base(k)` for `k ≠ 0`,
 *
 * the gate given as `gate` `g ∈ [0, 1]` or as `gateLogits` `s` (`g = σ(s)`), exactly one. Log
 * masses as Pyro computes them: from `gate`, `log1p(−g) + log p_base(k)` and at 0
 * `log(g + exp(log1p(−g) + log p_base(0)))`; from `gateLogits`, `log p_base(k) − softplus(s)`
 * and at 0 `softplus(log p_base(0) − s) − softplus(−s)`. Mean `(1 − g) μ`, variance
 * `(1 − g)(μ² + σ²) − mean²` (μ, σ² the base's). ZeroInflatedPoisson and
 * ZeroInflatedNegativeBinomial are this with their bases.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Dims, Value } from '../../../core/dims.js';
import { invalidArgument } from '../../../core/errors.js';
import { type Key, splitKey, uniforms } from '../../../core/key.js';
import { type Shape, showShape, sizeOf } from '../../../core/shape.js';
import { log1p } from '../../../ops/index.js';
import type { Constraint } from '../../constraints/index.js';
import { type Distribution, DistributionBase } from '../../distribution.js';
import { binaryLogits, isNotNaN, probsData } from './probs-logits.js';
import { type TensorInput, batchShapeOf, broadcastIfNeeded, checkParam, checkSupport, dataAt, isProbability, logProbShape, toTensor, construct } from '../../util.js';
import '../../wrappers/index.js';

/**
 * Exactly one of `gate` and `gateLogits` (the type rejects both or neither; the factories check
 * again at run time).
 *
 * @category distributions
 * @since 0.2.0
 */
export type GateOrGateLogits =
  | { readonly gate: TensorInput; readonly gateLogits?: never }
  | { readonly gateLogits: TensorInput; readonly gate?: never };

/** Which gate parameter was given, and its tensor. */
export interface ParsedGate {
  readonly kind: 'gate' | 'gateLogits';
  readonly tensor: tf.Tensor;
}

/** Read and validate `gate` (in `[0, 1]`) or `gateLogits` (not NaN), exactly one; errors name `family`. */
export function parseGate(family: string, options: Partial<Readonly<Record<'gate' | 'gateLogits', TensorInput>>>): ParsedGate {
  const { gate, gateLogits } = options;
  if ((gate === undefined) === (gateLogits === undefined)) {
    const got = gate === undefined ? 'neither' : 'both';
    throw invalidArgument(family, 'gate', "or argument 'gateLogits' is required, and they are exclusive", got, 'Give exactly one of gate or gateLogits.');
  }
  if (gate !== undefined) {
    const tensor = toTensor(gate);
    checkParam(family, 'gate', tensor, 'must be in [0, 1]', isProbability);
    return { kind: 'gate', tensor };
  }
  const tensor = toTensor(gateLogits!);
  checkParam(family, 'gateLogits', tensor, 'must not be NaN', isNotNaN);
  return { kind: 'gateLogits', tensor };
}

/**
 * A zero-inflated distribution over a base with event shape `[]`. Construct it with
 * {@link ZeroInflatedDistribution}; {@link ZeroInflatedPoisson} and
 * {@link ZeroInflatedNegativeBinomial} are its subclasses. Subclasses keep the constructor
 * `(baseDist, gate: ParsedGate, batchShape?)`: `expand` rebuilds through it.
 *
 * @category distributions
 * @since 0.2.0
 */
export class ZeroInflatedDist<D extends Distribution = Distribution, B extends Dims = Dims, E extends Dims = readonly []> extends DistributionBase<B, E> {
  readonly family: string = 'ZeroInflatedDistribution';
  /** The base distribution (expanded to the batch shape when the zero-inflated one is expanded). */
  readonly baseDist: D;
  /** Which gate parameter was given. */
  readonly gateParameterization: 'gate' | 'gateLogits';
  /** The given `gate` or `gateLogits` tensor (unbroadcast). */
  readonly gateParam: tf.Tensor;

  constructor(baseDist: D, gate: ParsedGate, batchShape?: Shape) {
    super(batchShape ?? batchShapeOf('ZeroInflatedDistribution', [baseDist.batchShape, gate.tensor.shape]), []);
    this.baseDist = baseDist;
    this.gateParameterization = gate.kind;
    this.gateParam = gate.tensor;
  }

  /** The base's support. */
  get support(): Constraint {
    return this.baseDist.support;
  }

  /** `g`, the probability of an extra zero (unbroadcast). */
  get gate(): tf.Tensor {
    return this.gateParameterization === 'gate' ? this.gateParam : tf.sigmoid(this.gateParam);
  }

  /** `s = log(g / (1 − g))` (unbroadcast; from `gate` clamped to `[ε, 1 − ε]`). */
  get gateLogits(): tf.Tensor {
    return this.gateParameterization === 'gateLogits' ? this.gateParam : binaryLogits(this.gateParam);
  }

  protected override withBatchShape(batchShape: Shape): Distribution {
    const Family = this.constructor as new (base: Distribution, gate: ParsedGate, batchShape?: Shape) => Distribution;
    return new Family(this.baseDist.expand(batchShape), { kind: this.gateParameterization, tensor: this.gateParam }, batchShape);
  }

  /** A base draw, replaced by 0 where a uniform falls below the gate (no gradient). */
  override sample(key: Key, sampleShape: Shape = []): Value<B, E> {
    const [baseKey, gateKey] = splitKey(key, 2) as [Key, Key];
    const shape = this.extendedShape(sampleShape);
    const m = sizeOf(this.batchShape);
    const gate = probsData(this.gateParameterization === 'gate' ? 'probs' : 'logits', dataAt(this.gateParam, this.batchShape));
    const draws = this.baseDist.expand(this.batchShape).sample(baseKey, sampleShape);
    const x = draws.dataSync();
    draws.dispose();
    const u = uniforms(gateKey, x.length);
    const out = new Float32Array(x.length);
    for (let i = 0; i < out.length; i++) out[i] = u[i]! < gate[i % m]! ? 0 : x[i]!;
    return tf.tensor(out, [...shape], 'float32');
  }

  /** Pyro's log mass (see the module header), by the given gate parameter. */
  logProb(value: tf.Tensor): tf.Tensor {
    checkSupport(this.family, this.support, value);
    const shape = logProbShape(this.family, value, this.batchShape, 0);
    const base = this.baseDist.logProb(value);
    const zero = tf.equal(value, 0);
    if (this.gateParameterization === 'gate') {
      const g = this.gateParam;
      const lp = tf.add(log1p(tf.neg(g)), base);
      return broadcastIfNeeded(tf.where(zero, tf.log(tf.add(g, tf.exp(lp))), lp), shape);
    }
    const s = this.gateParam;
    const minusLogGate = tf.sub(base, s);
    const logGate = tf.neg(tf.softplus(tf.neg(s)));
    return broadcastIfNeeded(tf.where(zero, tf.add(tf.softplus(minusLogGate), logGate), tf.add(minusLogGate, logGate)), shape);
  }

  /** `E[k] = (1 − g) μ`. */
  override get mean(): tf.Tensor {
    return broadcastIfNeeded(tf.mul(tf.sub(1, this.gate), this.baseDist.mean), this.batchShape);
  }

  /** `Var[k] = (1 − g)(μ² + σ²) − E[k]²`. */
  override get variance(): tf.Tensor {
    const [mu, keep] = [this.baseDist.mean, tf.sub(1, this.gate)];
    const second = tf.mul(keep, tf.add(tf.square(mu), this.baseDist.variance));
    return broadcastIfNeeded(tf.sub(second, tf.square(tf.mul(keep, mu))), this.batchShape);
  }
}

/**
 * Zero inflation of any base with event shape `[]` (Pyro's
 * `ZeroInflatedDistribution(base_dist, gate= | gate_logits=)`): 0 with probability `gate`, else
 * a draw of `baseDist`. Batch shape: the broadcast of the base's and the gate's.
 *
 * Gotchas: the base must have event shape `[]`; the support is the base's; give exactly one of
 * `gate` (in `[0, 1]`) and `gateLogits`. For a Poisson or NegativeBinomial base use
 * {@link ZeroInflatedPoisson} / {@link ZeroInflatedNegativeBinomial} (their own family names,
 * fused density kernels).
 *
 * @example
 * ```ts
 * const d = ZeroInflatedDistribution(Binomial(5, 0.4), { gate: 0.2 });
 * d.logProb(tf.tensor([0, 2])); // [log(0.2 + 0.8·0.6⁵), log(0.8·C(5,2)·0.4²·0.6³)]
 * ```
 * @category distributions
 * @since 0.2.0
 */
export function ZeroInflatedDistribution<D extends Distribution>(baseDist: D, options: GateOrGateLogits): ZeroInflatedDist<D> {
  return construct(() => {
    if (baseDist.eventShape.length !== 0) {
      throw invalidArgument('ZeroInflatedDistribution', 'baseDist', 'must have event shape []', `event shape ${showShape(baseDist.eventShape)}`);
    }
    return new ZeroInflatedDist(baseDist, parseGate('ZeroInflatedDistribution', options));
  });
}
