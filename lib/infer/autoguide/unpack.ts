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
 * The coordinates `[offset, offset + size)` of the last axis of `latent` `[...batch, d]`, as a
 * tensor of `shape` (with `batch·size` elements): one custom op, no tensor saved for the
 * backward pass, whose gradient scatters into zeros of the latent's shape. (A split and a
 * reshape per site cost two kernels plus a saved copy each way.)
 */
function sliceLatent(latent: tf.Tensor, offset: number, size: number, shape: Shape): tf.Tensor {
  const d = latent.shape[latent.rank - 1]!;
  const n = latent.size / d;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const src = (args[0] as tf.Tensor).dataSync();
    const out = new Float32Array(n * size);
    for (let b = 0; b < n; b++) out.set(src.subarray(b * d + offset, b * d + offset + size), b * size);
    return {
      value: tf.tensor(out, [...shape], 'float32'),
      gradFunc: (dy: tf.Tensor) => {
        const g = dy.dataSync();
        const dx = new Float32Array(n * d);
        for (let b = 0; b < n; b++) dx.set(g.subarray(b * size, (b + 1) * size), b * d + offset);
        return tf.tensor(dx, latent.shape, 'float32');
      },
    };
  });
  return op(latent);
}

/**
 * Split `latent` `[...batch, d]` into each site's unconstrained value, in prototype order.
 * Inside the guide (`prefix` false) the batch dims broadcast against the site's plate dims as
 * in Pyro's `_unpack_latent` (vectorized particles sit left of every plate, with size-1 dims
 * between); for latents drawn by the user (`prefix` true) they are simply prepended. A single
 * site of the latent's own shape is the latent itself (no kernel).
  *
  * @category autoguides
  * @since 0.1.0
 */
export function splitLatent(latent: tf.Tensor, proto: Prototype, prefix = false): readonly tf.Tensor[] {
  const batch = latent.shape.slice(0, -1);
  let offset = 0;
  return proto.sites.map((site) => {
    const shape = prefix ? [...batch, ...site.unconstrainedShape] : sliceShape(site, batch);
    const start = offset;
    offset += site.size;
    if (proto.sites.length === 1 && shapesEqual(latent.shape, shape)) return latent;
    return sliceLatent(latent, start, site.size, shape);
  });
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
 * The constrained value of every site for a latent `[...batch, d]`: `[...batch, ...siteShape]`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function unpackLatent(latent: tf.Tensor, proto: Prototype): Readonly<Record<string, tf.Tensor>> {
  const parts = splitLatent(latent, proto, true);
  return Object.fromEntries(proto.sites.map((s, i) => [s.name, s.transform === null ? parts[i]! : s.transform.forward(parts[i]!)]));
}
