/**
 * KL kernels: `Σ KL(q ‖ p)` as a {@link DensityKernel}, for the pairs a mean-field ELBO meets
 * most: Normal/Normal (also LogNormal/LogNormal and HalfNormal/HalfNormal), through matching
 * `Independent` wrappers, and `Delta(v, logDensity)` against any family with a density kernel
 * (`Σ logDensity − Σ log p(v)`, the registry's Delta rule). Everything else declines
 * (`undefined`), and the caller uses `klDivergence`.
 *
 * The KL must have the guide's batch shape (the caller's contract); a pair whose broadcast is
 * larger declines, so the registry path raises its shape error.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, shapesEqual, tryBroadcastShapes } from '../../core/shape.js';
import { DeltaDist } from '../families/delta.js';
import type { Distribution } from '../distribution.js';
import { HalfNormalDist } from '../families/continuous/half-normal.js';
import { IndependentDist } from '../wrappers/independent.js';
import { LogNormalDist } from '../families/continuous/log-normal.js';
import { NormalDist } from '../families/continuous/normal.js';
import { broadcastIndex } from '../../ops/fused/broadcast.js';
import { summedTensor } from './elementwise.js';
import { type DensityKernel, combineKernels, densityKernelOver } from './kernel.js';

type LocScale = NormalDist | LogNormalDist;

/** `Σ_shape KL(N(μq, σq²) ‖ N(μp, σp²))`; `loc` undefined means 0 (HalfNormal). */
function normalKL(q: { loc?: tf.Tensor; scale: tf.Tensor }, p: { loc?: tf.Tensor; scale: tf.Tensor }, shape: Shape): DensityKernel {
  const ins = [q.loc, q.scale, p.loc, p.scale];
  const inputs = ins.filter((t): t is tf.Tensor => t !== undefined);
  const slot = ins.map((t) => (t === undefined ? -1 : inputs.indexOf(t)));
  const index = ins.map((t) => (t === undefined ? undefined : broadcastIndex(t.shape, shape)));
  const n = shape.reduce((a, b) => a * b, 1);
  const read = (data: readonly ArrayLike<number>[], k: number, i: number): number => (slot[k]! < 0 ? 0 : data[slot[k]!]![index[k]![i]!]!);
  return {
    inputs,
    evaluate: (data, weight, grads) => {
      let total = 0;
      for (let i = 0; i < n; i++) {
        const mq = read(data, 0, i);
        const sq = read(data, 1, i);
        const mp = read(data, 2, i);
        const sp = read(data, 3, i);
        const p2 = sp * sp;
        const diff = mq - mp;
        const num = sq * sq + diff * diff;
        total += Math.log(sp / sq) + num / (2 * p2) - 0.5;
        if (grads === undefined) continue;
        const w = weight;
        const add = (k: number, g: number): void => {
          // the same tensor may fill two slots (e.g. a shared scale): accumulate through each
          if (slot[k]! >= 0) grads[slot[k]!]![index[k]![i]!]! += w * g;
        };
        add(0, diff / p2);
        add(1, sq / p2 - 1 / sq);
        add(2, -diff / p2);
        add(3, 1 / sp - num / (p2 * sp));
      }
      return weight * total;
    },
  };
}

/** Strip the dims two Independents share (Pyro's rule); `undefined` when their counts differ. */
function bases(q: Distribution, p: Distribution): readonly [Distribution, Distribution] | undefined {
  if (q instanceof IndependentDist && p instanceof IndependentDist) {
    return q.reinterpretedBatchNdims === p.reinterpretedBatchNdims ? [q.base, p.base] : undefined;
  }
  return q instanceof IndependentDist || p instanceof IndependentDist ? undefined : [q, p];
}

/**
 * `Σ KL(q ‖ p)` over `q`'s batch shape as a kernel, or `undefined` (use `klDivergence`).
 *
 * @category distributions
 * @since 0.1.0
 */
export function klKernel(q: Distribution, p: Distribution): DensityKernel | undefined {
  if (q instanceof DeltaDist) {
    const logP = densityKernelOver(p, q.v, p.batchShape);
    const joint = tryBroadcastShapes(q.batchShape, p.batchShape);
    if (logP === undefined || joint === undefined || !shapesEqual(joint, q.batchShape)) return undefined;
    return combineKernels([
      { kernel: summedTensor(q.logDensity, q.batchShape), weight: 1 },
      { kernel: logP, weight: -1 },
    ]);
  }
  const pair = bases(q, p);
  if (pair === undefined) return undefined;
  const [bq, bp] = pair;
  const shape = tryBroadcastShapes(bq.batchShape, bp.batchShape);
  if (shape === undefined || !shapesEqual(shape, bq.batchShape)) return undefined;
  // subclasses count
  const sameFamily = (c: typeof NormalDist | typeof LogNormalDist | typeof HalfNormalDist): boolean => bq instanceof c && bp instanceof c;
  if (sameFamily(NormalDist) || sameFamily(LogNormalDist)) return normalKL(bq as LocScale, bp as LocScale, shape);
  if (sameFamily(HalfNormalDist)) return normalKL({ scale: (bq as HalfNormalDist).scale }, { scale: (bp as HalfNormalDist).scale }, shape);
  return undefined;
}
