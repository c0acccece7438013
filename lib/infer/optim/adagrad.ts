/**
 * `Adagrad` (Duchi, Hazan & Singer 2011), torch semantics, fused into one loop per parameter.
 *
 * With gradient `g` at step `t` and `λ` = `weightDecay`: `g ← g + λ θ`,
 * `s ← s + g²` (the accumulator starts at `initialAccumulatorValue`),
 * `θ ← θ − lr_t · g / (√s + ε)` with `lr_t = lr / (1 + (t − 1) · lrDecay)`.
 *
 * Gotcha: `t` is the SVI step (counting from 1), not a per-parameter count as in torch; the
 * two agree whenever every parameter gets a gradient at every step.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';
import { elementwiseUpdate } from './fused.js';
import { type LearningRate, type Optimizer, type PerParam, learningRateAt, optionsFor, updateEach } from './optimizer.js';

/** Options of {@link Adagrad}. */
export interface AdagradOptions {
  /** Learning rate or schedule (default 0.01). */
  readonly lr?: LearningRate;
  /** Learning-rate decay: `lr_t = lr / (1 + (t − 1) · lrDecay)` (default 0). */
  readonly lrDecay?: number;
  /** Added to `√s` (default 1e-10). */
  readonly eps?: number;
  /** The accumulator's starting value (default 0). */
  readonly initialAccumulatorValue?: number;
  /** L2 penalty `λ` (default 0). */
  readonly weightDecay?: number;
}

function check(o: AdagradOptions): void {
  if (typeof o.lr === 'number' && !(o.lr > 0)) throw invalidArgument('Adagrad', 'lr', 'must be positive', String(o.lr));
  if (!((o.lrDecay ?? 0) >= 0)) throw invalidArgument('Adagrad', 'lrDecay', 'must be non-negative', String(o.lrDecay));
  if (!((o.initialAccumulatorValue ?? 0) >= 0)) {
    throw invalidArgument('Adagrad', 'initialAccumulatorValue', 'must be non-negative', String(o.initialAccumulatorValue));
  }
}

/**
 * The Adagrad optimizer.
 *
 * @example
 * ```ts
 * const optim = Adagrad({ lr: 0.1 });
 * ```
 * @category optimizers
 * @since 0.1.0
 */
export function Adagrad(options: PerParam<AdagradOptions> = {}): Optimizer {
  if (typeof options !== 'function') check(options);
  // Built in JavaScript (tf.fill would be a kernel).
  const accumulator = (name: string, t: tf.Tensor): tf.Tensor =>
    tf.tensor(new Float32Array(t.size).fill(optionsFor(options, name).initialAccumulatorValue ?? 0), t.shape, 'float32');
  return {
    name: 'Adagrad',
    init: (params) => Object.fromEntries(Object.entries(params).map(([p, t]) => [p, { sum: accumulator(p, t) }])),
    update: (input) =>
      updateEach(input, (name, param, grad, slots) => {
        const o = optionsFor(options, name);
        if (typeof options === 'function') check(o);
        const lr = learningRateAt(o.lr ?? 0.01, input.step) / (1 + (input.step - 1) * (o.lrDecay ?? 0));
        const eps = o.eps ?? 1e-10;
        const decay = o.weightDecay ?? 0;
        const sum = slots.sum ?? accumulator(name, param); // a missing slot starts at its initial value
        const { outputs, finite, range } = elementwiseUpdate([param, grad, sum], 2, ([x, g, s0], [xOut, sOut], n) => {
          for (let i = 0; i < n; i++) {
            const gi = g![i]! + decay * x![i]!;
            const si = s0![i]! + gi * gi;
            sOut![i] = si;
            xOut![i] = x![i]! - (lr * gi) / (Math.sqrt(si) + eps);
          }
        });
        if (sum !== slots.sum) sum.dispose();
        return { param: outputs[0]!, slots: { sum: outputs[1]! }, finite, range };
      }),
  };
}
