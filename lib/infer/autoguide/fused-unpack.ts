/**
 * One fused op from the flattened unconstrained latent to every site's constrained value and
 * the guide's log-density correction `−Σ_event log|det J|` (Pyro's `_unpack_latent` followed by
 * each site's transform and log-Jacobian), for sites whose transform has a JavaScript
 * {@link ElementwiseMap}.
 *
 * The op reads the latent `[n rows, d]`, writes for each part its value (`n · size` elements in
 * the part's shape) and, for constrained sites, its log-density correction; its gradient with
 * respect to the latent is computed in JS from every output's gradient at once. Compared with
 * a slice per site, a reshape, the transform, its log-Jacobian and a negation (and the `Add`s
 * that accumulate their gradients), a step saves about four kernels per site. When a
 * higher-order gradient is taken the same result comes from differentiable ops.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, dropRight, sizeOf } from '../../core/shape.js';
import { sumRightmost } from '../../distributions/wrappers/independent.js';
import { fusedOp } from '../../ops/fused/custom-op.js';
import type { ElementwiseMap } from './elementwise-maps.js';
import type { LatentSite } from './prototype.js';

/** One site's share of the latent: where it starts in each row, and the shape of its value. */
export interface UnpackPart {
  readonly site: LatentSite;
  readonly offset: number;
  /** The value's shape (`n · site.size` elements). */
  readonly shape: Shape;
  readonly map: ElementwiseMap;
}

/** A site's constrained value and its log-density correction (`undefined`: 0, real support). */
export interface UnpackedValue {
  readonly value: tf.Tensor;
  readonly logDensity: tf.Tensor | undefined;
}

const eventSize = (part: UnpackPart): number => sizeOf(part.shape.slice(part.shape.length - part.site.eventDim));

/** The same result from differentiable ops (for higher-order gradients). */
function reference(latent: tf.Tensor, parts: readonly UnpackPart[], d: number): tf.Tensor[] {
  const rows = tf.reshape(latent, [latent.size / d, d]);
  return parts.flatMap((p) => {
    const u = tf.reshape(tf.slice(rows, [0, p.offset], [-1, p.site.size]), [...p.shape]);
    if (p.site.transform === null) return [u];
    const { y, logAbsDetJacobian } = p.site.transform.forwardWithLogDet(u);
    return [y, tf.neg(sumRightmost(logAbsDetJacobian, logAbsDetJacobian.rank - (y.rank - p.site.eventDim)))];
  });
}

/**
 * Map `latent`, read as rows of `rowSize` (default: its last dim), to each part's value and
 * log-density correction in one op.
 */
export function fusedUnpack(latent: tf.Tensor, parts: readonly UnpackPart[], rowSize?: number): readonly UnpackedValue[] {
  const d = rowSize ?? latent.shape[latent.rank - 1] ?? latent.size;
  const n = latent.size / d;
  const outputs = fusedOp<tf.Tensor[]>(
    [latent],
    (withGradient) => {
      const src = latent.dataSync();
      const slot = new Float64Array(4);
      const values: tf.Tensor[] = [];
      const partials = parts.map((p) => {
        const size = p.site.size;
        const constrained = p.site.transform !== null;
        const perEvent = eventSize(p);
        const y = new Float32Array(n * size);
        const ld = constrained ? new Float64Array((n * size) / perEvent) : undefined;
        const dy = withGradient ? new Float64Array(n * size) : undefined;
        const dLogJ = withGradient && constrained ? new Float64Array(n * size) : undefined;
        for (let b = 0; b < n; b++) {
          for (let k = 0; k < size; k++) {
            const i = b * size + k;
            p.map(src[b * d + p.offset + k]!, slot);
            y[i] = slot[0]!;
            if (ld !== undefined) ld[Math.floor(i / perEvent)]! -= slot[1]!;
            if (dy !== undefined) dy[i] = slot[2]!;
            if (dLogJ !== undefined) dLogJ[i] = slot[3]!;
          }
        }
        values.push(tf.tensor(y, [...p.shape], 'float32'));
        if (ld !== undefined) values.push(tf.tensor(Float32Array.from(ld), [...dropRight(p.shape, p.site.eventDim)], 'float32'));
        return { dy, dLogJ, perEvent };
      });
      const gradient = (dys: readonly (tf.Tensor | null | undefined)[]): tf.Tensor => {
        const grad = new Float64Array(latent.size);
        let o = 0;
        parts.forEach((p, j) => {
          const { dy, dLogJ, perEvent } = partials[j]!;
          const gValue = dys[o++]?.dataSync();
          const gLd = p.site.transform === null ? undefined : dys[o++]?.dataSync();
          for (let b = 0; b < n; b++) {
            for (let k = 0; k < p.site.size; k++) {
              const i = b * p.site.size + k;
              let g = gValue === undefined ? 0 : gValue[i]! * dy![i]!;
              if (gLd !== undefined) g -= gLd[Math.floor(i / perEvent)]! * dLogJ![i]!;
              grad[b * d + p.offset + k] = g;
            }
          }
        });
        return tf.tensor(Float32Array.from(grad), latent.shape, 'float32');
      };
      return { value: values, gradients: [gradient] };
    },
    () => reference(latent, parts, d),
  );
  const list = Array.isArray(outputs) ? outputs : [outputs];
  let o = 0;
  return parts.map((p) => ({ value: list[o++]!, logDensity: p.site.transform === null ? undefined : list[o++] }));
}
