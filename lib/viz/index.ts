/**
 * Seeing a model: plate diagrams (`renderModel` → Graphviz DOT, `renderModelSvg` → SVG) from
 * trace provenance, and SVG plots of SVI losses and posterior samples (Vega-Lite).
 *
 * @module
 */
export { type ProvenanceTracker, trackProvenance } from './provenance.js';
export { type ModelRelations, type RelationSite, type RelationsOptions, type SiteKind, getModelRelations } from './relations.js';
export { type RenderModelOptions, renderModel } from './render-model.js';
export { dotToSvg, renderModelSvg } from './svg.js';
