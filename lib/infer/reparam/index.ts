/**
 * Reparameterizers for the `reparam` handler (Pyro's `pyro.infer.reparam`).
 *
 * @module
 */
export type { Reparam } from './reparam.js';
export { LocScaleReparam, type LocScaleOptions } from './loc-scale.js';
export { TransformReparam } from './transform.js';
