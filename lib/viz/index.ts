/**
 * Seeing a model: plate diagrams (`renderModel` → Graphviz DOT, `renderModelSvg` → SVG) from
 * trace provenance; SVG plots of SVI losses and posterior samples (Vega-Lite, rendered
 * headless by vega); the `summary` table of posterior statistics and the ArviZ export.
 *
 * @module
 */
export { type ProvenanceTracker, trackProvenance } from './provenance.js';
export { type ModelRelations, type RelationSite, type RelationsOptions, type SiteKind, getModelRelations } from './relations.js';
export { type RenderModelOptions, renderModel } from './render-model.js';
export { dotToSvg, renderModelSvg } from './svg.js';
export { type PlotLossOptions, centredMovingAverage, plotLoss } from './plot-loss.js';
export { type PlotPosteriorOptions, plotPosterior } from './plot-posterior.js';
export { type PlotPairsOptions, plotPairs } from './plot-pairs.js';
export type { PosteriorSamples } from './samples.js';
export { type Summary, type SummaryOptions, type SummaryRow, formatSummary, summary } from './summary.js';
export { type InferenceDataJson, type InferenceDataOptions, type NestedNumbers, toInferenceData } from './inference-data.js';
export { type VegaLiteSpec, vegaLiteToSvg } from './vega.js';
