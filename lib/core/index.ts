/**
 * The core: effects and primitives, the interpreter, traces, keys, shapes and errors.
 *
 * @module
 */
export type {
  AnyModel,
  DeterministicSite,
  InferConfig,
  Mask,
  Message,
  Model,
  ModelArgs,
  ModelEffects,
  ModelReturn,
  Op,
  ParamSite,
  PlateBlock,
  PlateFrame,
  PlateSite,
  SampleMessage,
  SampleSite,
  Scale,
  SequentialFrame,
  SequentialPlateFrame,
  Site,
} from './effect.js';
export { decodeDims, withDims, type Dims, type Tagged, type Value } from './dims.js';
export type {
  Conditioned,
  GuideFor,
  HasComputedNames,
  LatentNames,
  LatentRecord,
  ObservedNames,
  ParamNames,
  SiteInfo,
  SiteNames,
  SiteValue,
  Sites,
} from './site-types.js';
export { IgnisError, type ErrorTag } from './errors.js';
export { formatShapes } from './format-shapes.js';
export { handle, type Hooks } from './handler.js';
export { run, simulate, type RunOptions, type SimulateOptions } from './interpret.js';
export { foldIn, isKey, normals, permutation, prngKey, splitKey, uniforms, type Key } from './key.js';
export { logDensity, logJoint } from './log-density.js';
export {
  MODULE_SEPARATOR,
  deterministic,
  module,
  param,
  plate,
  plates,
  sample,
  type Module,
  type ParamOptions,
  type PlateBody,
  type PlateHandle,
  type PlateOptions,
  type SampleOptions,
  type SequentialBody,
} from './primitives.js';
export type { MaskedSampleEffect } from './masked-sample.js';
export { broadcastShapes, type Shape } from './shape.js';
export { isDist, siteDist, type DistClass } from './site-dist.js';
export {
  getSite,
  latentSites,
  observedSites,
  paramSites,
  plateSites,
  sampleSites,
  siteLogProb,
  type Trace,
} from './trace.js';
