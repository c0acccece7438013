/**
 * Seeing a model: plate diagrams (`renderModel` → Graphviz DOT, `renderModelSvg` → SVG) from
 * trace provenance, and SVG plots of SVI losses and posterior samples (Vega-Lite, rendered
 * headless by vega).
 *
 * @module
 */
export { type ProvenanceTracker, trackProvenance } from './provenance.js';
export { type ModelRelations, type RelationSite, type RelationsOptions, type SiteKind, getModelRelations } from './relations.js';
export { type RenderModelOptions, renderModel } from './render-model.js';
export { dotToSvg, renderModelSvg } from './svg.js';
export { type PlotLossOptions, plotLoss } from './plot-loss.js';
export { type PlotPosteriorOptions, plotPosterior } from './plot-posterior.js';
export { type PlotPairsOptions, plotPairs } from './plot-pairs.js';
export type { PosteriorSamples } from './samples.js';
export { vegaLiteToSvg } from './vega.js';
