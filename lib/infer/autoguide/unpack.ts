/**
 * From the flattened unconstrained latent vector to each site's value and the guide's
 * log-density correction: one fused op for every site whose transform has a JavaScript map
 * (all scalar supports), the generic `forwardWithLogDet` for the others; a lone real site
 * costs nothing.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, broadcastShapes, shapesEqual } from '../../core/shape.js';
import { sumRightmost } from '../../distributions/wrappers/independent.js';
import { elementwiseMapOf } from './elementwise-maps.js';
import { type UnpackPart, fusedUnpack } from './fused-unpack.js';
import type { LatentSite, Prototype } from './prototype.js';

const IDENTITY = elementwiseMapOf(null)!;

/**
 * The shape of a site's unconstrained slice of a latent with batch shape `batch` (leading
 * dims, e.g. vectorized particles): Pyro's `broadcast_shapes(unconstrained_shape, batch + (1,) * event_dim)`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function sliceShape(site: LatentSite, batch: Shape): Shape {
  if (batch.length === 0) return site.unconstrainedShape;
  const ones = Array.from({ length: site.unconstrainedEventDim }, () => 1);
  return broadcastShapes('autoguide', site.unconstrainedShape, [...batch, ...ones]);
}

/**
 * Every site's constrained value and log-density correction for the guide's latent
 * `[...batch, d]` (batch dims broadcast against the sites' plate dims as in Pyro's
 * `_unpack_latent`, or simply prepended with `prefix`): one fused op for the sites
 * with a JavaScript map (see `fused-unpack.ts`), the generic transform for the others, and no
 * kernel at all for a single real site of the latent's own shape.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function unpackForGuide(latent: tf.Tensor, proto: Prototype, prefix = false): readonly ConstrainedValue[] {
  const batch = latent.shape.slice(0, -1);
  const shapeOf = (site: LatentSite): Shape => (prefix ? [...batch, ...site.unconstrainedShape] : sliceShape(site, batch));
  const only = proto.sites[0]!;
  if (proto.sites.length === 1 && only.transform === null && shapesEqual(latent.shape, shapeOf(only))) {
    return [{ value: latent, logDensity: undefined }];
  }
  let offset = 0;
  const parts = proto.sites.map((site): UnpackPart => {
    const map = elementwiseMapOf(site.transform);
    const part = { site: map === undefined ? { ...site, transform: null } : site, offset, shape: shapeOf(site), map: map ?? IDENTITY };
    offset += site.size;
    return part;
  });
  const unpacked = fusedUnpack(latent, parts);
  return proto.sites.map((site, i) => (parts[i]!.site === site ? unpacked[i]! : constrainSite(site, unpacked[i]!.value)));
}

/**
 * `constrainSite` for a value drawn by the guide itself: one fused op when the transform has a
 * JavaScript map, else the generic transform.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function constrainDraw(site: LatentSite, u: tf.Tensor): ConstrainedValue {
  if (site.transform === null) return { value: u, logDensity: undefined };
  const map = elementwiseMapOf(site.transform);
  if (map === undefined || u.size % site.size !== 0) return constrainSite(site, u);
  return fusedUnpack(u, [{ site, offset: 0, shape: u.shape, map }], site.size)[0]!;
}

/**
 * A site's constrained value and the guide's log-density correction `−log|det J|` (undefined: 0).
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface ConstrainedValue {
  readonly value: tf.Tensor;
  readonly logDensity: tf.Tensor | undefined;
}

/**
 * Map an unconstrained value onto the site's support: `value = T(u)` and
 * `logDensity = −log|det ∂T/∂u|`, summed over the site's event dims (shape `value.shape[:-eventDim]`).
 *
 * @category autoguides
 * @since 0.1.0
 */
export function constrainSite(site: LatentSite, u: tf.Tensor): ConstrainedValue {
  if (site.transform === null) return { value: u, logDensity: undefined };
  const { y, logAbsDetJacobian } = site.transform.forwardWithLogDet(u);
  const extra = logAbsDetJacobian.rank - (y.rank - site.eventDim);
  return { value: y, logDensity: tf.neg(sumRightmost(logAbsDetJacobian, extra)) };
}

/**
 * The constrained value of every site for latents `[...batch, d]` drawn by the user:
 * `[...batch, ...siteShape]`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function unpackLatent(latent: tf.Tensor, proto: Prototype): Readonly<Record<string, tf.Tensor>> {
  const values = unpackForGuide(latent, proto, true);
  return Object.fromEntries(proto.sites.map((s, i) => [s.name, values[i]!.value]));
}
