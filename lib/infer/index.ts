/**
 * Inference: ELBOs, SVI, optimizers, Predictive, parameters on disk, autoguides.
 *
 * @module
 */
export * from './elbo/index.js';
export * from './optim/index.js';
export * from './autoguide/index.js';
export { SVI, type RunOptions as SVIRunOptions, type RunResult, type SVIRunner, type SVIState } from './svi.js';
export { Predictive, type PredictiveFn, type PredictiveOptions } from './predictive.js';
export { PARAMS_FORMAT, PARAMS_VERSION, loadParams, saveParams, type ParamsDecodeError } from './params-io.js';
export type { ParamSpec, ParamSpecs, ParamValues } from './params.js';
export { setWarningSink } from './warn.js';
export type { ProgressOptions } from './progress.js';
