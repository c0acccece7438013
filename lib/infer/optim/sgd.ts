/**
 * `SGD`: stochastic gradient descent with momentum, dampening, Nesterov momentum and weight
 * decay (torch's `SGD`), fused into one loop per parameter.
 *
 * With gradient `g` at step `t` and `λ` = `weightDecay`: `g ← g + λ θ`; with momentum `μ > 0`
 * the buffer is `b ← g` on a parameter's first update and `b ← μ b + (1 − τ) g` afterwards
 * (`τ` = `dampening`), and the step direction is `d = g + μ b` (Nesterov) or `d = b`; without
 * momentum `d = g`. Then `θ ← θ − lr · d`.
 *
 * Gotcha (as in torch): the first update copies the gradient into the buffer without
 * dampening. The buffer slot (`momentumBuffer`) only exists once a parameter has been
 * updated, so a parameter the loss does not reach yet has no slot.
 *
 * @module
 */
import { invalidArgument } from '../../core/errors.js';
import { elementwiseUpdate } from './fused.js';
import { type LearningRate, type Optimizer, type PerParam, learningRateAt, optionsFor, updateEach } from './optimizer.js';

/** Options of {@link SGD}. */
export interface SGDOptions {
  /** Learning rate or schedule (required). */
  readonly lr: LearningRate;
  /** Momentum factor `μ` (default 0). */
  readonly momentum?: number;
  /** Dampening `τ` of the momentum (default 0). */
  readonly dampening?: number;
  /** Use Nesterov momentum (default false; needs `momentum > 0` and `dampening = 0`). */
  readonly nesterov?: boolean;
  /** L2 penalty `λ` (default 0). */
  readonly weightDecay?: number;
}

function check(o: SGDOptions): void {
  const momentum = o.momentum ?? 0;
  if (typeof o.lr === 'number' && !(o.lr > 0)) throw invalidArgument('SGD', 'lr', 'must be positive', String(o.lr));
  if (!(momentum >= 0)) throw invalidArgument('SGD', 'momentum', 'must be non-negative', String(momentum));
  if (!((o.weightDecay ?? 0) >= 0)) throw invalidArgument('SGD', 'weightDecay', 'must be non-negative', String(o.weightDecay));
  if (o.nesterov === true && (momentum <= 0 || (o.dampening ?? 0) !== 0)) {
    throw invalidArgument('SGD', 'nesterov', 'requires momentum > 0 and dampening = 0', `momentum ${momentum}, dampening ${o.dampening ?? 0}`);
  }
}

/**
 * Stochastic gradient descent (torch semantics).
 *
 * @example
 * ```ts
 * const optim = SGD({ lr: 0.01, momentum: 0.9, nesterov: true });
 * const perParam = SGD((name) => ({ lr: name.startsWith('encoder') ? 1e-3 : 1e-2 }));
 * ```
 * @category optimizers
 * @since 0.1.0
 */
export function SGD(options: PerParam<SGDOptions>): Optimizer {
  if (typeof options !== 'function') check(options);
  return {
    name: 'SGD',
    init: (params) => Object.fromEntries(Object.keys(params).map((p) => [p, {}])),
    update: (input) =>
      updateEach(input, (name, param, grad, slots) => {
        const o = optionsFor(options, name);
        if (typeof options === 'function') check(o);
        const lr = learningRateAt(o.lr, input.step);
        const momentum = o.momentum ?? 0;
        const decay = o.weightDecay ?? 0;
        if (momentum === 0) {
          const { outputs, finite, range } = elementwiseUpdate([param, grad], 1, ([x, g], [xOut], n) => {
            for (let i = 0; i < n; i++) {
              xOut![i] = x![i]! - lr * (g![i]! + decay * x![i]!);
            }
          });
          return { param: outputs[0]!, slots, finite, range };
        }
        const damp = 1 - (o.dampening ?? 0);
        const nesterov = o.nesterov ?? false;
        const previous = slots.momentumBuffer;
        const first = previous === undefined;
        // On the first update the old buffer is not read: `param` only fills its place.
        const { outputs, finite, range } = elementwiseUpdate([param, grad, previous ?? param], 2, ([x, g, b0], [xOut, bOut], n) => {
          for (let i = 0; i < n; i++) {
            const gi = g![i]! + decay * x![i]!;
            const bi = first ? gi : momentum * b0![i]! + damp * gi;
            bOut![i] = bi;
            xOut![i] = x![i]! - lr * (nesterov ? gi + momentum * bi : bi);
          }
        });
        return { param: outputs[0]!, slots: { momentumBuffer: outputs[1]! }, finite, range };
      }),
  };
}
