/**
 * Autoguides: guides built automatically from a model's prototype trace (Pyro's
 * `pyro.infer.autoguide`), and their initialization strategies.
 *
 * @module
 */
export { AutoDelta, type AutoDeltaOptions } from './delta.js';
export { AutoDiagonalNormal, type AutoDiagonalNormalOptions } from './diagonal-normal.js';
export { AutoGuideList, type AutoGuideListMethods, type AutoGuideListOptions, type GuidePart } from './guide-list.js';
export type { AutoGuide, AutoGuideMethods, AutoGuideOptions, GuideFn, SiteValues } from './guide.js';
export type { AutoContinuousMethods } from './continuous.js';
export {
  initToFeasible,
  initToMean,
  initToMedian,
  initToSample,
  initToUniform,
  initToValue,
  type InitSite,
  type InitStrategy,
  type InitToMedianOptions,
  type InitToUniformOptions,
  type InitToValueOptions,
} from './init-strategies.js';
export { AutoLaplaceApproximation, type AutoLaplaceApproximationOptions, type LaplaceMethods, type LaplaceResult } from './laplace.js';
export { AutoLowRankMultivariateNormal, type AutoLowRankMultivariateNormalOptions } from './low-rank-multivariate-normal.js';
export { AutoMultivariateNormal, type AutoMultivariateNormalOptions } from './multivariate-normal.js';
export { AutoNormal, type AutoNormalMethods, type AutoNormalOptions } from './normal.js';
export { AutoIAFNormal, type AutoIAFNormalOptions, AutoNormalizingFlow, type AutoNormalizingFlowOptions, type FlowModule, iterated } from './normalizing-flow.js';
export { FlowDist } from './flow-dist.js';
export { AutoStructured, type AutoStructuredOptions, type StructuredConditional } from './structured.js';
export type { CreatePlates } from './plates.js';
export type { LatentSite, Prototype } from './prototype.js';
export { SiteDeltaDist } from './site-delta.js';
