/**
 * Inference: ELBOs, SVI, optimizers, MCMC (HMC, NUTS), Predictive, parameters on disk, autoguides.
 *
 * @module
 */
export * from './elbo/index.js';
export * from './optim/index.js';
export * from './autoguide/index.js';
export * from './reparam/index.js';
export { SVI, type SVIRunner, type SVIState } from './svi.js';
export { SVIRunError, type AbortSignalLike, type AsyncRunOptions, type RunOptions as SVIRunOptions, type RunResult } from './svi-run.js';
export { disposeState } from './svi-state.js';
export type { SkippedStep } from './svi-step.js';
export * from './mcmc/index.js';
export { Predictive, type PredictiveFn, type PredictiveOptions } from './predictive.js';
export { PARAMS_FORMAT, PARAMS_VERSION, ParamsDecodeError, loadParams, saveParams } from './params-io.js';
export type { ParamSpec, ParamSpecs, ParamValues } from './params.js';
export { setWarningSink } from '../core/warn.js';
export type { ProgressOptions } from './progress.js';
