/**
 * The variational objectives: the `ELBO` protocol, `TraceELBO`, `TraceGraphELBO`, `TraceMeanFieldELBO` and
 * `RenyiELBO`.
 *
 * @module
 */
export type { ELBO, ElboInput, ElboOptions, ElboState } from './elbo.js';
export { TraceELBO } from './trace-elbo.js';
export { TraceMeanFieldELBO } from './mean-field-elbo.js';
export { RenyiELBO, type RenyiOptions } from './renyi-elbo.js';
export { TraceGraphELBO } from './trace-graph-elbo.js';
export type { BaselineOptions } from './baselines.js';
