/**
 * Handlers: composable model transforms, each usable data-first (`condition(model, data)`)
 * and data-last (`pipe(model, condition(data))`).
 *
 * @module
 */
export { condition, type SiteValues } from './condition.js';
export { substitute, type SubstituteFn } from './substitute.js';
export { replay } from './replay.js';
export { scale } from './scale.js';
export { mask } from './mask.js';
export { block, type BlockOptions } from './block.js';
export { blockPlate, type BlockPlateOptions, type PlateBlocked } from './block-plate.js';
export { seed } from './seed.js';
export { uncondition } from './uncondition.js';
export { intervene } from './intervene.js';
export { inferConfig, type ConfigFn } from './infer-config.js';
export { lift, type LiftPrior } from './lift.js';
export { reparam, type ReparamConfig, type ReparamOptions, type Reparameterized } from './reparam.js';
