/**
 * Baselines for `TraceGraphELBO`'s score-function terms (Pyro's `_construct_baseline` in
 * `tracegraph_elbo.py`; Mnih & Gregor 2014). A site `z` opts in with
 * `infer: { baseline: { ... } }` (Pyro's keys, camelCased):
 *
 * - `useDecayingAvgBaseline: true` (with `baselineBeta`, default 0.9): a running average of `z`'s
 *   downstream cost `C_z`, one per element of the cost's shape, carried across SVI steps in
 *   `SVIState.elboState`:
 *
 *     b_t = ā_{t−1},   ā_t = β · ā_{t−1} + (1 − β) · C_t,   ā_0 = 0,
 *
 *   the baseline of step `t` being the average *before* `C_t` enters it, so it does not depend on
 *   the current draw and the estimator stays unbiased. Never differentiated.
 * - `baselineValue`: any tensor broadcasting to the cost (e.g. a network's output); trained by the
 *   square loss `Σ (stopGradient(C_z) − b)²` (subtracted from the surrogate ELBO).
 * - `nnBaseline` with `nnBaselineInput`: `baselineValue = nnBaseline(stopGradient(input))` (the
 *   input's own gradients are blocked, as Pyro's `detach_iterable`); register the network's
 *   params in the guide (`module`) so the square loss trains them.
 *
 * The decaying average adds to a value or network baseline (Pyro's sum); `baselineValue` and
 * `nnBaseline` exclude each other. Unknown keys (e.g. Pyro's snake_case names) are errors, not
 * silently a baseline-free estimator.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { SampleSite } from '../../core/effect.js';
import { ignisError } from '../../core/errors.js';
import { showShape } from '../../core/shape.js';
import { stopGradient } from '../../ops/index.js';
import type { ElboState } from './elbo.js';

/**
 * A site's baseline options, `infer: { baseline: BaselineOptions }` (Pyro's `baseline` dict).
 *
 * @category inference
 * @since 0.3.0
 */
export interface BaselineOptions {
  /** Subtract a decaying average of the site's downstream cost (Pyro's `use_decaying_avg_baseline`). */
  readonly useDecayingAvgBaseline?: boolean;
  /** The average's decay β ∈ [0, 1) (Pyro's `baseline_beta`, default 0.9). */
  readonly baselineBeta?: number;
  /** A baseline tensor broadcasting to the site's batch shape, trained by the square loss (Pyro's `baseline_value`). */
  readonly baselineValue?: tf.Tensor;
  /** A baseline network applied to `nnBaselineInput` (Pyro's `nn_baseline`). */
  readonly nnBaseline?: (input: tf.Tensor) => tf.Tensor;
  /** The network's input; its gradients are blocked (Pyro's `nn_baseline_input`). */
  readonly nnBaselineInput?: tf.Tensor;
}

const KEYS: readonly string[] = ['useDecayingAvgBaseline', 'baselineBeta', 'baselineValue', 'nnBaseline', 'nnBaselineInput'];

/** The `elboState` key of a site's decaying average (Pyro's param-store name). */
export const averageKey = (site: string): string => `__baseline_avg_downstream_cost_${site}`;

/** A site's baseline at this step. */
export interface SiteBaseline {
  /** `b` (broadcasting to the cost), or `undefined` for none. Not stop-gradiented: `trained` says why. */
  readonly value: tf.Tensor | undefined;
  /** Whether `value` has trainable parts (a value or network baseline), so its square loss is due. */
  readonly trained: boolean;
  /**
   * The decaying average after this step's cost `C`, given `centred = C − value` (reused when the
   * average is the whole baseline: `ā + (1 − β)(C − ā)`, two kernels); `undefined` without one.
   */
  readonly advance: (centred: tf.Tensor) => tf.Tensor | undefined;
}

const NONE: SiteBaseline = { value: undefined, trained: false, advance: () => undefined };

/** The site's options, checked: known keys, a valid β, not both a value and a network. */
function optionsOf(site: SampleSite, fn: string): BaselineOptions | undefined {
  const options = site.infer.baseline as BaselineOptions | undefined;
  if (options === undefined) return undefined;
  const bad = (what: string, detail: string, hint: string) => ignisError('InvalidArgument', { fn, what, site: site.name, detail, hint });
  const unknown = Object.keys(options).filter((k) => !KEYS.includes(k));
  if (unknown.length > 0) throw bad('unknown baseline option', `got ${unknown.map((k) => `'${k}'`).join(', ')}`, `The options are ${KEYS.map((k) => `'${k}'`).join(', ')} (Pyro's names, camelCased).`);
  const beta = options.baselineBeta;
  if (beta !== undefined && !(typeof beta === 'number' && beta >= 0 && beta < 1)) throw bad('baselineBeta out of range', `got ${String(beta)}`, 'Give a decay in [0, 1), e.g. 0.9.');
  if (options.baselineValue !== undefined && options.nnBaseline !== undefined) throw bad('two trained baselines', 'both baselineValue and nnBaseline are given', 'Give one of them (Pyro refuses both too).');
  if (options.nnBaseline !== undefined && options.nnBaselineInput === undefined) throw bad('nnBaseline without input', 'nnBaselineInput is missing', 'Pass the tensor the network reads as nnBaselineInput.');
  return options;
}

/** `t` reshaped to the cost's shape when it has as many elements, else checked to broadcast to it. */
function fitted(t: tf.Tensor, cost: tf.Tensor, site: SampleSite, fn: string, what: string): tf.Tensor {
  if (t.size === cost.size && t.rank !== cost.rank) return tf.reshape(t, cost.shape);
  const rank = Math.max(t.rank, cost.rank);
  const pad = (s: readonly number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  const [a, b] = [pad(t.shape), pad(cost.shape)];
  if (a.every((d, i) => d === 1 || d === b[i]) && t.rank <= cost.rank) return t;
  throw ignisError('ShapeMismatch', {
    fn,
    what: `${what} of the wrong shape`,
    site: site.name,
    detail: `it has shape ${showShape(t.shape)}, the downstream cost ${showShape(cost.shape)}`,
    hint:
      what === 'decaying-average baseline'
        ? "The average's shape is fixed by the first step: keep the site's batch shape (subsample size, vectorized particles) the same from step to step."
        : "Give the baseline the site's batch shape.",
  });
}

/**
 * The baseline of site `site` for its (stop-gradiented) downstream cost `cost`, reading the
 * decaying average from `state` (see the module notes).
 */
export function siteBaseline(site: SampleSite, cost: tf.Tensor, state: ElboState, fn: string): SiteBaseline {
  const options = optionsOf(site, fn);
  if (options === undefined) return NONE;
  const trainedValue =
    options.nnBaseline !== undefined ? options.nnBaseline(stopGradient(options.nnBaselineInput!)) : options.baselineValue;
  const trained = trainedValue === undefined ? undefined : fitted(trainedValue, cost, site, fn, 'baseline');
  if (options.useDecayingAvgBaseline !== true) return trained === undefined ? NONE : { value: trained, trained: true, advance: () => undefined };
  const rate = 1 - (options.baselineBeta ?? 0.9);
  const old = state[averageKey(site.name)];
  if (old === undefined) return { value: trained, trained: trained !== undefined, advance: () => tf.mul(cost, rate) }; // ā_0 = 0: no average yet
  const previous = fitted(old, cost, site, fn, 'decaying-average baseline');
  if (trained === undefined) return { value: previous, trained: false, advance: (centred) => tf.add(previous, tf.mul(centred, rate)) };
  return { value: tf.add(previous, trained), trained: true, advance: () => tf.add(previous, tf.mul(tf.sub(cost, previous), rate)) };
}
