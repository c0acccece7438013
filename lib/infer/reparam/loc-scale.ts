/**
 * `LocScaleReparam`: partial (non-)centering of a location–scale site (Pyro's
 * `LocScaleReparam`; Gorinova, Moore & Hoffman 2019, "Automatic Reparameterisation of
 * Probabilistic Programs").
 *
 * For a site `x ~ F(μ, σ)` of a location–scale family `F` (Normal, Cauchy, Laplace, StudentT
 * with its `df` kept, and any other family with real support and `loc`/`scale`), and
 * `c ∈ [0, 1]` (`centered`), the site becomes
 *
 *   x_decentered ~ F(c·μ, σ^c),    x = μ + σ^(1−c) · (x_decentered − c·μ)
 *
 * which has the same law for `x`. `c = 1` is the original (centered) model, `c = 0` the fully
 * non-centered one (`x_decentered ~ F(0, 1)`, `x = μ + σ·x_decentered`): the geometry
 * hierarchical models need when the data are weak. Without `centered`, `c` is learned per
 * event element: a param `${name}_centered` on the unit interval, initialized at ½.
 *
 * As in Pyro: a number `centered` of exactly 1 leaves the site untouched; a given value of `x`
 * (observed, conditioned, substituted) is mapped to `x_decentered = (x − μ)·σ^(c−1) + c·μ`; no
 * Jacobian term enters the density (the map is a change of variables of the *model*).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Message, SampleMessage, SampleSite } from '../../core/effect.js';
import { ignisError, invalidArgument } from '../../core/errors.js';
import { param } from '../../core/primitives.js';
import { unitInterval } from '../../distributions/constraints/index.js';
import type { Distribution } from '../../distributions/distribution.js';
import { LocScaleDist } from '../../distributions/families/continuous/loc-scale.js';
import { StudentTDist } from '../../distributions/families/continuous/student-t.js';
import { type Reparam, auxiliarySite, deterministicSite, unwrapIndependent, wrapToEvent } from './reparam.js';

/**
 * Options of {@link LocScaleReparam}.
 *
 * @category inference
 * @since 0.3.0
 */
export interface LocScaleOptions {
  /** `c ∈ [0, 1]`: a number or a tensor (per element); omitted, a learned param `${name}_centered`. */
  readonly centered?: number | tf.Tensor;
}

/** The location, scale and a rebuild with new ones, for the families this reparameterizer knows. */
interface LocScaleForm {
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;
  readonly rebuild: (loc: tf.Tensor, scale: tf.Tensor) => Distribution;
}

function locScaleForm(fn: Distribution): LocScaleForm | undefined {
  if (fn instanceof StudentTDist) return { loc: fn.loc, scale: fn.scale, rebuild: (l, s) => new StudentTDist(fn.df, l, s, fn.batchShape) };
  if (fn instanceof LocScaleDist && fn.support.name === 'real') {
    const Family = fn.constructor as new (loc: tf.Tensor, scale: tf.Tensor, batchShape?: readonly number[]) => Distribution;
    return { loc: fn.loc, scale: fn.scale, rebuild: (l, s) => new Family(l, s, fn.batchShape) };
  }
  return undefined;
}

function checkCentered(centered: number | tf.Tensor | undefined): void {
  if (centered === undefined) return;
  const values = typeof centered === 'number' ? [centered] : Array.from(centered.dataSync());
  const bad = values.find((c) => !(c >= 0 && c <= 1));
  if (bad !== undefined) throw invalidArgument('LocScaleReparam', 'centered', 'must lie in [0, 1]', String(bad));
}

/** `c·μ` and `σ^c`, with numbers folded (`c = 0`: `0` and `1` broadcast by the family's batch shape). */
function decenteredParams(loc: tf.Tensor, scale: tf.Tensor, c: number | tf.Tensor): { readonly loc: tf.Tensor; readonly scale: tf.Tensor } {
  if (c === 0) return { loc: tf.scalar(0), scale: tf.scalar(1) };
  return { loc: tf.mul(loc, c), scale: tf.pow(scale, c) };
}

/** `x = μ + σ^(1−c)·(x_dec − c·μ)`. */
function recenter(dec: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor, c: number | tf.Tensor): tf.Tensor {
  if (c === 0) return tf.add(loc, tf.mul(scale, dec));
  return tf.add(loc, tf.mul(tf.pow(scale, tf.sub(1, c)), tf.sub(dec, tf.mul(c, loc))));
}

/** `x_dec = (x − μ)·σ^(c−1) + c·μ`. */
function decenter(value: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor, c: number | tf.Tensor): tf.Tensor {
  if (c === 0) return tf.div(tf.sub(value, loc), scale);
  return tf.add(tf.mul(tf.sub(value, loc), tf.pow(scale, tf.sub(c, 1))), tf.mul(c, loc));
}

/**
 * Decenter a location–scale site (see the module notes).
 *
 * @example
 * ```ts
 * const nonCentered = reparam(model, { config: { theta: LocScaleReparam({ centered: 0 }) } });
 * ```
 * @category inference
 * @since 0.3.0
 */
export function LocScaleReparam(options: LocScaleOptions = {}): Reparam<'_decentered', true> {
  checkCentered(options.centered);
  const fixed = options.centered;
  return {
    name: 'LocScaleReparam',
    *apply(message: SampleMessage): Generator<Message, SampleMessage, unknown> {
      if (fixed === 1) return message;
      const { fn, eventDim } = unwrapIndependent(message.fn);
      const form = locScaleForm(fn);
      if (form === undefined) {
        throw ignisError('InvalidArgument', {
          fn: 'LocScaleReparam',
          what: 'not a location–scale distribution',
          site: message.name,
          detail: `the site's distribution is ${fn.family} (support ${fn.support.name})`,
          hint: 'LocScaleReparam applies to Normal, Cauchy, Laplace, StudentT and other real-valued loc/scale families; for a TransformedDistribution use TransformReparam.',
        });
      }
      const c: number | tf.Tensor =
        fixed ??
        (yield* param(`${message.name}_centered`, tf.fill(message.fn.eventShape as number[], 0.5), { constraint: unitInterval }));
      const params = decenteredParams(form.loc, form.scale, c);
      const given = message.value === undefined ? undefined : decenter(message.value, form.loc, form.scale, c);
      const site = (yield auxiliarySite(message, `${message.name}_decentered`, wrapToEvent(form.rebuild(params.loc, params.scale), eventDim), given)) as SampleSite;
      const value = message.value ?? recenter(site.value, form.loc, form.scale, c);
      return deterministicSite(message, value, eventDim);
    },
  };
}
