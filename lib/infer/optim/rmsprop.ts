/**
 * `RMSProp` (Tieleman & Hinton 2012), torch semantics, fused into one loop per parameter.
 *
 * With gradient `g` and `λ` = `weightDecay`: `g ← g + λ θ`, `v ← α v + (1 − α) g²`; centered,
 * also `ḡ ← α ḡ + (1 − α) g` and the denominator is `d = √(v − ḡ²) + ε`, otherwise
 * `d = √v + ε`. With momentum `μ > 0`: `b ← μ b + g / d`, `θ ← θ − lr · b`; otherwise
 * `θ ← θ − lr · g / d`. All slots start at zero.
 *
 * Gotcha (as in torch): `ε` is added outside the square root, and the default `lr` is 0.01.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { elementwiseUpdate } from './fused.js';
import { type LearningRate, type Optimizer, type PerParam, learningRateAt, optionsFor, updateEach } from './optimizer.js';

/** Options of {@link RMSProp}. */
export interface RMSPropOptions {
  /** Learning rate or schedule (default 0.01). */
  readonly lr?: LearningRate;
  /** Smoothing constant `α` (default 0.99). */
  readonly alpha?: number;
  /** Added to the denominator (default 1e-8). */
  readonly eps?: number;
  /** Momentum factor `μ` (default 0). */
  readonly momentum?: number;
  /** Normalize by the estimated variance of the gradient instead of its second moment (default false). */
  readonly centered?: boolean;
  /** L2 penalty `λ` (default 0). */
  readonly weightDecay?: number;
}

function check(o: RMSPropOptions): void {
  const alpha = o.alpha ?? 0.99;
  if (typeof o.lr === 'number' && !(o.lr > 0)) throw invalidArgument('RMSProp', 'lr', 'must be positive', String(o.lr));
  if (!(alpha >= 0 && alpha < 1)) throw invalidArgument('RMSProp', 'alpha', 'must lie in [0, 1)', String(alpha));
  if (!((o.momentum ?? 0) >= 0)) throw invalidArgument('RMSProp', 'momentum', 'must be non-negative', String(o.momentum));
}

/** Zeros built in JavaScript (tf.zerosLike would be a kernel). */
const zeros = (t: tf.Tensor): tf.Tensor => tf.tensor(new Float32Array(t.size), t.shape, 'float32');

/** The slots a parameter with options `o` needs. */
function slotsFor(o: RMSPropOptions, t: tf.Tensor): Record<string, tf.Tensor> {
  return {
    squareAvg: zeros(t),
    ...(o.centered === true ? { gradAvg: zeros(t) } : {}),
    ...((o.momentum ?? 0) > 0 ? { momentumBuffer: zeros(t) } : {}),
  };
}

/**
 * The RMSProp optimizer.
 *
 * @example
 * ```ts
 * const optim = RMSProp({ lr: 0.01, momentum: 0.9, centered: true });
 * ```
 * @category optimizers
 * @since 0.1.0
 */
export function RMSProp(options: PerParam<RMSPropOptions> = {}): Optimizer {
  if (typeof options !== 'function') check(options);
  return {
    name: 'RMSProp',
    init: (params) => Object.fromEntries(Object.entries(params).map(([p, t]) => [p, slotsFor(optionsFor(options, p), t)])),
    update: (input) =>
      updateEach(input, (name, param, grad, slots) => {
        const o = optionsFor(options, name);
        if (typeof options === 'function') check(o);
        const lr = learningRateAt(o.lr ?? 0.01, input.step);
        const alpha = o.alpha ?? 0.99;
        const eps = o.eps ?? 1e-8;
        const momentum = o.momentum ?? 0;
        const decay = o.weightDecay ?? 0;
        const centered = o.centered ?? false;
        // A slot missing from the state starts at zero; such a temporary is released below.
        const temporaries: tf.Tensor[] = [];
        const slot = (slotName: string): tf.Tensor => slots[slotName] ?? temporaries[temporaries.push(zeros(param)) - 1]!;
        const inputs = [param, grad, slot('squareAvg'), ...(centered ? [slot('gradAvg')] : []), ...(momentum > 0 ? [slot('momentumBuffer')] : [])];
        const ga = centered ? 3 : -1; // where ḡ sits among the inputs (and, shifted by −1, the outputs)
        const mb = momentum > 0 ? inputs.length - 1 : -1;
        const { outputs: out, finite, range } = elementwiseUpdate(inputs, inputs.length - 1, (ins, outs, n) => {
          for (let i = 0; i < n; i++) {
            const x = ins[0]![i]!;
            const gi = ins[1]![i]! + decay * x;
            const vi = alpha * ins[2]![i]! + (1 - alpha) * gi * gi;
            outs[1]![i] = vi;
            let denominator = Math.sqrt(vi) + eps;
            if (ga > 0) {
              const gai = alpha * ins[ga]![i]! + (1 - alpha) * gi;
              outs[ga - 1]![i] = gai;
              denominator = Math.sqrt(vi - gai * gai) + eps;
            }
            if (mb > 0) {
              const bi = momentum * ins[mb]![i]! + gi / denominator;
              outs[mb - 1]![i] = bi;
              outs[0]![i] = x - lr * bi;
            } else {
              outs[0]![i] = x - (lr * gi) / denominator;
            }
          }
        });
        tf.dispose(temporaries);
        return {
          param: out[0]!,
          slots: { squareAvg: out[1]!, ...(ga > 0 ? { gradAvg: out[ga - 1]! } : {}), ...(mb > 0 ? { momentumBuffer: out[mb - 1]! } : {}) },
          finite,
          range,
        };
      }),
  };
}
