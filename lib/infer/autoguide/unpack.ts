/**
 * From the flattened unconstrained latent vector to each site's value: one split, a reshape
 * only where the slice's shape differs from the site's, and each site's transform with its
 * log-Jacobian computed together (`forwardWithLogDet`); real-supported sites cost nothing.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, broadcastShapes, shapesEqual } from '../../core/shape.js';
import { sumRightmost } from '../../distributions/independent.js';
import type { LatentSite, Prototype } from './prototype.js';

/**
 * The shape of a site's unconstrained slice of a latent with batch shape `batch` (leading
 * dims, e.g. vectorized particles): Pyro's `broadcast_shapes(unconstrained_shape, batch + (1,) * event_dim)`.
 */
export function sliceShape(site: LatentSite, batch: Shape): Shape {
  if (batch.length === 0) return site.unconstrainedShape;
  const ones = Array.from({ length: site.unconstrainedEventDim }, () => 1);
  return broadcastShapes('autoguide', site.unconstrainedShape, [...batch, ...ones]);
}

/**
 * Split `latent` `[...batch, d]` into each site's unconstrained value, in prototype order.
 * Inside the guide (`prefix` false) the batch dims broadcast against the site's plate dims as
 * in Pyro's `_unpack_latent` (vectorized particles sit left of every plate, with size-1 dims
 * between); for latents drawn by the user (`prefix` true) they are simply prepended.
 */
export function splitLatent(latent: tf.Tensor, proto: Prototype, prefix = false): readonly tf.Tensor[] {
  const batch = latent.shape.slice(0, -1);
  const pieces = proto.sites.length === 1 ? [latent] : tf.split(latent, proto.sites.map((s) => s.size), -1);
  return proto.sites.map((site, i) => {
    const piece = pieces[i]!;
    const shape = prefix ? [...batch, ...site.unconstrainedShape] : sliceShape(site, batch);
    return shapesEqual(piece.shape, shape) ? piece : tf.reshape(piece, [...shape]);
  });
}

/** A site's constrained value and the guide's log-density correction `−log|det J|` (undefined: 0). */
export interface ConstrainedValue {
  readonly value: tf.Tensor;
  readonly logDensity: tf.Tensor | undefined;
}

/**
 * Map an unconstrained value onto the site's support: `value = T(u)` and
 * `logDensity = −log|det ∂T/∂u|`, summed over the site's event dims (shape `value.shape[:-eventDim]`).
 */
export function constrainSite(site: LatentSite, u: tf.Tensor): ConstrainedValue {
  if (site.transform === null) return { value: u, logDensity: undefined };
  const { y, logAbsDetJacobian } = site.transform.forwardWithLogDet(u);
  const extra = logAbsDetJacobian.rank - (y.rank - site.eventDim);
  return { value: y, logDensity: tf.neg(sumRightmost(logAbsDetJacobian, extra)) };
}

/** The constrained value of every site for a latent `[...batch, d]`: `[...batch, ...siteShape]`. */
export function unpackLatent(latent: tf.Tensor, proto: Prototype): Readonly<Record<string, tf.Tensor>> {
  const parts = splitLatent(latent, proto, true);
  return Object.fromEntries(proto.sites.map((s, i) => [s.name, s.transform === null ? parts[i]! : s.transform.forward(parts[i]!)]));
}
