/**
 * Optimizers (pure and fused: one JavaScript loop per parameter, no tfjs kernels) and
 * learning-rate schedules.
 *
 * @module
 */
export { Adam, ClippedAdam, type AdamOptions, type ClippedAdamOptions } from './adam.js';
export { Adagrad, type AdagradOptions } from './adagrad.js';
export { RMSProp, type RMSPropOptions } from './rmsprop.js';
export { SGD, type SGDOptions } from './sgd.js';
export {
  cosineDecay,
  exponentialDecay,
  stepDecay,
  warmup,
  type CosineDecayOptions,
  type ExponentialDecayOptions,
  type StepDecayOptions,
} from './schedules.js';
export type { Grads, LearningRate, OptState, Optimizer, PerParam, UpdateInput } from './optimizer.js';
