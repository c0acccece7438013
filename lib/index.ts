/**
 * Ignis: probabilistic programming in TypeScript. The public surface, nothing else.
 *
 * @module
 */
export { DEFAULT_BACKEND, currentBackend, useBackend, type BackendName, type UseBackendOptions } from './backend.js';
export type { WasmBinary, WasmPaths } from './backend-init.js';
export { installChainedOps } from './tfjs-chained-ops.js';
export * from './core/index.js';
export * from './handlers/index.js';
export * from './distributions/public.js';
// `factor` is a primitive, but it builds a `Unit` distribution, so it lives with it.
export { factor } from './distributions/families/unit.js';
export * from './infer/index.js';
export * from './ops/index.js';
export * from './viz/index.js';
export * from './nn/index.js';
// Both the handlers and the autoguides name their value records `SiteValues` (the same shape).
export type { SiteValues } from './handlers/condition.js';
export type * from './public-types.js';
