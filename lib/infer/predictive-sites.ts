/**
 * The site bookkeeping behind `Predictive` (Pyro's `_predictive` rules): which sites to
 * return, the shape each comes back in, and fitting posterior samples to the model's sites.
 *
 * Shapes: with `P` the model's plate nesting (its deepest plate dim, found by tracing once),
 * a site whose batch shape has rank `r` comes back as `[N, 1 × max(0, P − r), ...valueShape]`:
 * the sample dim leftmost, padded so that plates line up across sites (a global scalar in a
 * model with one plate comes back as `[N, 1]`, as in Pyro).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel, Site } from '../core/effect.js';
import { ignisError, invalidArgument } from '../core/errors.js';
import { plate } from '../core/primitives.js';
import { shapesEqual } from '../core/shape.js';
import type { Trace } from '../core/trace.js';

/** The name of the plate `parallel` runs the samples in (Pyro's). */
export const PREDICTIVE_PLATE = '_num_predictive_samples';

/** The name under which `returnSites` asks for the model's return value (Pyro's). */
export const RETURN_SITE = '_RETURN';

/** One returned site: its name and its output shape (sample dim first). */
export interface SitePlan {
  readonly name: string;
  readonly shape: readonly number[];
}

type ValueSite = Extract<Site, { type: 'sample' | 'deterministic' }>;

const isValueSite = (s: Site): s is ValueSite => s.type === 'sample' || s.type === 'deterministic';

/** The rank of a site's batch shape (a deterministic site's value minus its event dims). */
const batchRank = (s: ValueSite): number => (s.type === 'sample' ? s.fn.batchShape.length : s.value.rank - s.eventDim);

/** How deep a trace's plates nest (the most negative plate dim, as a positive count). */
export function plateNesting(trace: Trace): number {
  let deepest = 0;
  for (const s of trace.sites.values()) for (const f of s.plates) deepest = Math.max(deepest, -f.dim);
  return deepest;
}

/**
 * The sites to return and their shapes, by Pyro's rules: the names in `returnSites` when it
 * is non-empty (`'_RETURN'` for the return value); otherwise every sample site (latent and
 * observed) and deterministic site — all of them when `includeAll` (a guide was given), else
 * those not in `exclude` (the posterior samples).
 */
export function returnPlan(
  trace: Trace,
  numSamples: number,
  returnSites: readonly string[] | undefined,
  includeAll: boolean,
  exclude: ReadonlySet<string>,
): readonly SitePlan[] {
  const nesting = plateNesting(trace);
  const plan = (s: ValueSite): SitePlan => ({
    name: s.name,
    shape: [numSamples, ...Array<number>(Math.max(0, nesting - batchRank(s))).fill(1), ...s.value.shape],
  });
  const sites = [...trace.sites.values()].filter(isValueSite);
  if (returnSites === undefined || returnSites.length === 0) {
    return sites.filter((s) => includeAll || !exclude.has(s.name)).map(plan);
  }
  return returnSites.map((name) => {
    if (name === RETURN_SITE) {
      const value: unknown = trace.returnValue;
      if (!(value instanceof tf.Tensor)) throw invalidArgument('Predictive', 'returnSites', `may only ask for '${RETURN_SITE}' when the model returns a tensor`, typeof value);
      const shape: readonly number[] = (value as tf.Tensor).shape;
      return { name, shape: [numSamples, ...shape] };
    }
    const site = trace.sites.get(name);
    if (site === undefined || !isValueSite(site)) {
      throw ignisError('MissingSite', {
        fn: 'Predictive',
        what: site === undefined ? 'no such site in the model' : `a ${site.type} site cannot be returned`,
        site: name,
        detail: `the model's sample and deterministic sites are ${sites.map((s) => `'${s.name}'`).join(', ') || 'none'}`,
        hint: 'Ask returnSites for sample or deterministic sites of the model, or for _RETURN.',
      });
    }
    return plan(site);
  });
}

/** The value of a planned site in a trace, reshaped (or broadcast) to `shape`. */
export function collect(trace: Trace, site: SitePlan): tf.Tensor {
  const value = site.name === RETURN_SITE ? (trace.returnValue as tf.Tensor) : (trace.sites.get(site.name) as ValueSite).value;
  const size = site.shape.reduce((a, b) => a * b, 1);
  return value.size < size ? tf.broadcastTo(value, [...site.shape]) : tf.reshape(value, [...site.shape]);
}

/**
 * Fit posterior samples (leading dim `n`) to the model's sample sites: each becomes
 * `[n, ...valueShape]` of its site (a reshape; its size must match). Names the model has no
 * sample site for are dropped (they cannot condition anything).
 */
export function fitSamples(trace: Trace, samples: Readonly<Record<string, tf.Tensor>>, n: number): Record<string, tf.Tensor> {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, sample] of Object.entries(samples)) {
    const site = trace.sites.get(name);
    if (site?.type !== 'sample') continue;
    const shape = [n, ...site.value.shape];
    if (sample.size !== n * site.value.size) {
      throw ignisError('ShapeMismatch', {
        fn: 'Predictive',
        what: 'posterior samples do not fit the site',
        site: name,
        detail: `samples of shape [${sample.shape.join(', ')}] for ${n} draws of a value of shape [${site.value.shape.join(', ')}]`,
        hint: 'Give each site its samples with the sample dim leftmost: [numSamples, ...valueShape].',
      });
    }
    out[name] = shapesEqual(sample.shape, shape) ? sample : tf.reshape(sample, shape);
  }
  return out;
}

/** Samples `[n, ...valueShape]` laid out for the vectorized model: `[n, 1 × (P − r), ...valueShape]`. */
export function alignForPlate(trace: Trace, samples: Readonly<Record<string, tf.Tensor>>): Record<string, tf.Tensor> {
  const nesting = plateNesting(trace);
  return Object.fromEntries(
    Object.entries(samples).map(([name, sample]) => {
      const site = trace.sites.get(name) as ValueSite;
      const pad = Math.max(0, nesting - batchRank(site));
      const [n = 1, ...valueShape] = sample.shape;
      return [name, pad === 0 ? sample : tf.reshape(sample, [n, ...Array<number>(pad).fill(1), ...valueShape])];
    }),
  );
}

/** `model` run inside the plate `_num_predictive_samples` of size `n` at dim −(nesting + 1). */
export function vectorize(model: AnyModel, n: number, nesting: number): AnyModel {
  return function* (...args: unknown[]) {
    return yield* plate(PREDICTIVE_PLATE, n, { dim: -(nesting + 1) }, function* () {
      return yield* (model as (...a: unknown[]) => Generator<never, unknown, unknown>)(...args);
    });
  };
}
