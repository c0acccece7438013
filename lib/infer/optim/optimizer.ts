/**
 * The optimizer protocol: pure functions over tensors.
 *
 * An optimizer is `init(params) → state` and `update({ step, params, grads, state }) →
 * { params, state }`; it never mutates what it is given. Per-parameter options come from a
 * function of the parameter's name, and a learning rate may be a schedule (a function of the
 * step). Updates are fused: one JavaScript loop per parameter instead of one tfjs kernel per
 * arithmetic operation (see `fused.ts`).
 *
 * Finiteness: an update reports, in `nonFinite`, the parameters whose new value or new slots hold
 * a NaN or an infinity in float32 (a NaN or infinite gradient always ends up there), and in
 * `ranges` each new value's minimum and maximum. The fused loops and the wasm Adam kernel find
 * both while they write, at no kernel cost; SVI rejects (or, with `stableUpdate`, skips) an
 * update that is not finite or takes a constrained parameter where its constraint cannot be
 * represented. An optimizer that does not fill them is checked by SVI itself.
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
 * One optimizer step's outputs (a type literal, so that `tf.tidy(() => optim.update(…))` type-checks).
 */
export type UpdateResult = {
  readonly params: ParamValues;
  readonly state: OptState;
  /**
   * The parameters whose new value or slots are not finite (empty when all are); `undefined` when
   * the optimizer does not check (SVI then checks the new tensors itself). Do not mutate.
   */
  readonly nonFinite?: string[];
  /** `[min, max]` of each updated parameter's new value (NaN when it holds a NaN), if known. */
  readonly ranges?: Record<string, [number, number]>;
};

/**
 * A pure optimizer.
 *
 * @category optimizers
 * @since 0.1.0
 */
export interface Optimizer {
  readonly name: string;
  init(params: ParamValues): OptState;
  update(input: UpdateInput): UpdateResult;
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

/** One parameter's update: its new value and slots, whether all of them are finite, and the new value's range. */
export interface ParamUpdate {
  readonly param: tf.Tensor;
  readonly slots: Readonly<Record<string, tf.Tensor>>;
  readonly finite: boolean;
  readonly range: [number, number];
}

/**
 * Run `updateOne` for every parameter with a gradient; parameters without one keep their
 * value and slots. `nonFinite` lists the parameters whose update was not finite.
 */
export function updateEach(
  input: UpdateInput,
  updateOne: (name: string, param: tf.Tensor, grad: tf.Tensor, slots: Readonly<Record<string, tf.Tensor>>) => ParamUpdate,
): UpdateResult {
  const params: Record<string, tf.Tensor> = {};
  const state: Record<string, Readonly<Record<string, tf.Tensor>>> = {};
  const nonFinite: string[] = [];
  const ranges: Record<string, [number, number]> = {};
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
    if (!next.finite) nonFinite.push(name);
    ranges[name] = next.range;
  }
  return { params, state, nonFinite, ranges };
}
