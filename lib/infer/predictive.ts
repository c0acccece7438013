/**
 * `Predictive`: prior and posterior predictive samples (Pyro's `Predictive`).
 *
 * `Predictive(model, options)` returns `(key, ...args) => Record<string, tf.Tensor>`, each
 * tensor with the sample dim leftmost (see `predictive-sites.ts` for the exact shapes). Three
 * modes, as in Pyro:
 *
 * - **prior predictive** (neither `guide` nor `posteriorSamples`): run the model `numSamples`
 *   times; returns every sample site (latent and observed) and deterministic site.
 * - **posterior samples** (`posteriorSamples`, tensors with a leading sample dim): condition the
 *   model on draw `i` of each site for run `i`; returns every sample and deterministic site
 *   *not* among the posterior samples. `numSamples` defaults to the samples' leading size
 *   (a different `numSamples` is warned about and ignored, as Pyro does).
 * - **guide**: draw the guide (with `params`, constrained values by name), condition the
 *   model on every sample site of the guide's draw; returns *every* sample and deterministic
 *   site of the model, those the guide supplied included.
 *
 * `returnSites`, when non-empty, overrides these defaults (`'_RETURN'` asks for the model's
 * return value). `params` are given to the model too (e.g. a decoder's weights).
 *
 * With `parallel: true` all samples run at once inside a plate `_num_predictive_samples` at
 * dim −(P + 1), where `P` is the model's plate nesting found by tracing it once; otherwise
 * sample `i` runs with key `foldIn(key, i)` and the results are stacked. Both give the same
 * distribution (not the same draws).
 *
 * Params: a param of the model or guide not among `params` takes its initial value, with a
 * warning naming it; when none of the given params is read (another model's params), the call
 * is a `ParamMismatch` error.
 *
 * Gotchas: observed sites return their observations (pass no data to get predictions, as in
 * Pyro); `parallel` needs every batch dim of the model declared by a plate (a site with batch
 * dims outside any plate collides with the sample plate). Names in `posteriorSamples` that
 * are not sample sites of the model are ignored.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, ModelArgs } from '../core/effect.js';
import { invalidArgument, quoteNames } from '../core/errors.js';
import { checkGivenParams } from '../core/param-check.js';
import { run } from '../core/interpret.js';
import { type Key, foldIn, splitKey } from '../core/key.js';
import { tidy } from '../core/tidy.js';
import { type Trace, paramSites, sampleSites } from '../core/trace.js';
import { condition } from '../handlers/condition.js';
import type { ParamValues } from './params.js';
import { type SitePlan, alignForPlate, collect, fitSamples, plateNesting, returnPlan, vectorize } from './predictive-sites.js';
import { warnOnce } from '../core/warn.js';

/** Options of {@link Predictive}. */
export interface PredictiveOptions {
  /** A guide to draw latent sites from (not together with `posteriorSamples`). */
  readonly guide?: AnyModel;
  /** Constrained parameter values by name, for the guide and the model (e.g. `RunResult.params`). */
  readonly params?: ParamValues;
  /** Posterior draws by site name, each with the sample dim leftmost. */
  readonly posteriorSamples?: Readonly<Record<string, tf.Tensor>>;
  /** How many samples to draw (defaults to the posterior samples' leading size). */
  readonly numSamples?: number;
  /** The sites to return (default: see the module header). */
  readonly returnSites?: readonly string[];
  /** Draw all samples at once in a vectorized plate (default false). */
  readonly parallel?: boolean;
}

/** A predictive sampler: `(key, ...args)` to samples by site name (owned by the caller). */
export type PredictiveFn<Args extends readonly unknown[]> = (key: Key, ...args: Args) => Record<string, tf.Tensor>;

function resolveNumSamples(options: PredictiveOptions): number {
  const samples = Object.entries(options.posteriorSamples ?? {});
  if (options.guide !== undefined && samples.length > 0) {
    throw invalidArgument('Predictive', 'posteriorSamples', 'cannot be given together with a guide', `${samples.length} sites`);
  }
  const n = options.numSamples;
  if (n !== undefined && (!Number.isInteger(n) || n < 1)) throw invalidArgument('Predictive', 'numSamples', 'must be a positive integer', String(n));
  const leading = samples.map(([name, sample]) => {
    const size = sample.shape[0];
    if (size === undefined || size < 1) {
      throw invalidArgument('Predictive', `posteriorSamples.${name}`, 'must have a leading sample dim', `shape [${sample.shape.join(', ')}]`);
    }
    return size;
  });
  const first = leading[0];
  if (first === undefined) {
    if (n === undefined) throw invalidArgument('Predictive', 'numSamples', 'is required without posterior samples', 'undefined');
    return n;
  }
  const odd = leading.findIndex((size) => size !== first);
  if (odd >= 0) throw invalidArgument('Predictive', `posteriorSamples.${samples[odd]![0]}`, `must have ${first} draws like '${samples[0]![0]}'`, String(leading[odd]));
  if (n !== undefined && n !== first) warnOnce(`Predictive: the posterior samples' leading dim ${first} differs from numSamples = ${n}; using ${first}.`);
  return first;
}

const stacked = (plan: readonly SitePlan[], draws: readonly (readonly tf.Tensor[])[]): Record<string, tf.Tensor> =>
  Object.fromEntries(plan.map((site, j) => [site.name, tf.reshape(tf.stack(draws.map((d) => d[j]!)), [...site.shape])]));

/** The values of a trace's sample sites, by name. */
const drawsOf = (trace: Trace): Record<string, tf.Tensor> => Object.fromEntries(sampleSites(trace).map((s) => [s.name, s.value]));

/**
 * Prior or posterior predictive samples of `model`.
 *
 * @example
 * ```ts
 * const { params } = svi.run(prngKey(0), 2000, [data]);
 * const predict = Predictive(model, { guide, params, numSamples: 1000 });
 * const samples = predict(prngKey(1), undefined); // { mu: [1000, 1], obs: [1000, 100], ... }
 * ```
 * @category inference
 * @since 0.1.0
 */
export function Predictive<M extends AnyModel>(model: M, options: PredictiveOptions): PredictiveFn<ModelArgs<M>> {
  const numSamples = resolveNumSamples(options);
  const { guide, params, returnSites, parallel = false } = options;
  const posterior = options.posteriorSamples ?? {};
  const runOptions = (key: Key, caller: string) => ({ key, caller, ...(params === undefined ? {} : { params }) });

  return (key, ...args) =>
    tidy(() => {
      const [probeKey, guideProbeKey, guideKey, modelKey] = splitKey(key, 4) as [Key, Key, Key, Key];
      const probe = run(model, args, runOptions(probeKey, 'Predictive (model)'));
      const guideProbe = guide === undefined ? undefined : run(guide, args, runOptions(guideProbeKey, 'Predictive (guide)'));
      checkGivenParams('Predictive', guideProbe === undefined ? [probe] : [probe, guideProbe], params, true);
      const untrained = params === undefined && guideProbe !== undefined ? paramSites(guideProbe).map((p) => p.name) : [];
      if (untrained.length > 0) warnOnce(`Predictive: no params given: the guide's params ${quoteNames(untrained)} take their initial values. Pass params (e.g. RunResult.params).`);
      const plan = returnPlan(probe, numSamples, returnSites, guide !== undefined, new Set(Object.keys(posterior)));

      if (parallel) {
        let samples = posterior;
        if (guide !== undefined && guideProbe !== undefined) {
          const guideTrace = run(vectorize(guide, numSamples, plateNesting(guideProbe)), args, runOptions(guideKey, 'Predictive (guide)'));
          samples = Object.fromEntries(returnPlan(guideProbe, numSamples, undefined, true, new Set()).map((s) => [s.name, collect(guideTrace, s)]));
        }
        const conditioned = condition(vectorize(model, numSamples, plateNesting(probe)), alignForPlate(probe, fitSamples(probe, samples, numSamples)));
        const trace = run(conditioned, args, runOptions(modelKey, 'Predictive (model)'));
        return Object.fromEntries(plan.map((s) => [s.name, collect(trace, s)]));
      }

      const sliced = Object.entries(fitSamples(probe, posterior, numSamples)).map(([name, s]) => [name, tf.unstack(s)] as const);
      const draws = Array.from({ length: numSamples }, (_, i) =>
        tidy(() => {
          const sampleKey = foldIn(key, i);
          let data: Record<string, tf.Tensor> = Object.fromEntries(sliced.map(([name, s]) => [name, s[i]!]));
          let modelRunKey = sampleKey;
          if (guide !== undefined) {
            const [gk, mk] = splitKey(sampleKey, 2) as [Key, Key];
            data = drawsOf(run(guide, args, runOptions(gk, 'Predictive (guide)')));
            modelRunKey = mk;
          }
          const trace = run(condition(model, data), args, runOptions(modelRunKey, 'Predictive (model)'));
          return plan.map((s) => collect(trace, { name: s.name, shape: s.shape.slice(1) }));
        }),
      );
      return stacked(plan, draws);
    });
}
