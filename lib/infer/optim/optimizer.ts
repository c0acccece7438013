/**
 * The optimizer protocol: pure functions over tensors.
 *
 * An optimizer is `init(params) → state` and `update({ step, params, grads, state }) →
 * { params, state }`; it never mutates what it is given. Per-parameter options come from a
 * function of the parameter's name, and a learning rate may be a schedule (a function of the
 * step). Updates are fused: one JavaScript loop per parameter instead of one tfjs kernel per
 * arithmetic operation (see `fused.ts`).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamValues } from '../params.js';

/** Per-parameter optimizer slots (e.g. Adam's moments), by parameter name then slot name. */
export type OptState = Readonly<Record<string, Readonly<Record<string, tf.Tensor>>>>;

/** Gradients by parameter name; `undefined` where the loss does not depend on a parameter. */
export type Grads = Readonly<Record<string, tf.Tensor | undefined>>;

/** One optimizer step's inputs. `step` counts from 1. */
export interface UpdateInput {
  readonly step: number;
  readonly params: ParamValues;
  readonly grads: Grads;
  readonly state: OptState;
}

/**
 * A pure optimizer.
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface Optimizer {
  readonly name: string;
  init(params: ParamValues): OptState;
  update(input: UpdateInput): { readonly params: ParamValues; readonly state: OptState };
}

/** A learning rate: a constant, or a schedule of the step (counting from 1). */
export type LearningRate = number | ((step: number) => number);

/** Options for all parameters, or a function of the parameter's name giving them. */
export type PerParam<O> = O | ((name: string) => O);

/** The options of parameter `name`. */
export function optionsFor<O extends object>(options: PerParam<O>, name: string): O {
  return typeof options === 'function' ? options(name) : options;
}

/** The learning rate at `step`. */
export const learningRateAt = (lr: LearningRate, step: number): number => (typeof lr === 'number' ? lr : lr(step));

/**
 * Run `updateOne` for every parameter with a gradient; parameters without one keep their
 * value and slots.
 */
export function updateEach(
  input: UpdateInput,
  updateOne: (name: string, param: tf.Tensor, grad: tf.Tensor, slots: Readonly<Record<string, tf.Tensor>>) => {
    readonly param: tf.Tensor;
    readonly slots: Readonly<Record<string, tf.Tensor>>;
  },
): { readonly params: ParamValues; readonly state: OptState } {
  const params: Record<string, tf.Tensor> = {};
  const state: Record<string, Readonly<Record<string, tf.Tensor>>> = {};
  for (const [name, param] of Object.entries(input.params)) {
    const grad = input.grads[name];
    const slots = input.state[name] ?? {};
    if (grad === undefined) {
      params[name] = param;
      state[name] = slots;
      continue;
    }
    const next = updateOne(name, param, grad, slots);
    params[name] = next.param;
    state[name] = next.slots;
  }
  return { params, state };
}
