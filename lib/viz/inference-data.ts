/**
 * `toInferenceData`: posterior draws as ArviZ's InferenceData in JSON form, the dictionary
 * that `arviz.from_dict(**d)` takes and `arviz.from_json(path)` reads (every variable with
 * leading `chain` and `draw` dims).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import type { PosteriorSamples } from './samples.js';

/**
 * A number or nested arrays of numbers (JSON's form of an n-dimensional array).
 *
 * @category viz
 * @since 0.1.0
 */
export type NestedNumbers = number | readonly NestedNumbers[];

/**
 * ArviZ's InferenceData as a JSON-ready record: the groups (`posterior`, and optionally
 * `posterior_predictive`, `observed_data`), each a record of variables, plus `dims`, `coords`
 * and `attrs` — the keyword arguments of `arviz.from_dict`. Variables of `posterior` and
 * `posterior_predictive` have shape `[chain, draw, ...site shape]`; `observed_data` has none.
 *
 * @category viz
 * @since 0.1.0
 */
export interface InferenceDataJson {
  readonly posterior: Readonly<Record<string, NestedNumbers>>;
  readonly posterior_predictive?: Readonly<Record<string, NestedNumbers>>;
  readonly observed_data?: Readonly<Record<string, NestedNumbers>>;
  readonly dims?: Readonly<Record<string, readonly string[]>>;
  readonly coords?: Readonly<Record<string, readonly (string | number)[]>>;
  readonly attrs: Readonly<Record<string, string>>;
}

/**
 * Options of {@link toInferenceData}.
 *
 * @category viz
 * @since 0.1.0
 */
export interface InferenceDataOptions {
  /** Split the draws into this many chains of equal length, in order (default 1: a variational posterior's draws are one chain). */
  readonly chains?: number;
  /** Draws of observed sites from the posterior predictive (as `Predictive` returns them). */
  readonly posteriorPredictive?: PosteriorSamples;
  /** The observed data, by site (no chain or draw dims). */
  readonly observedData?: Readonly<Record<string, tf.Tensor | readonly number[] | Float32Array | Float64Array>>;
  /** Names of each variable's dims after `chain` and `draw` (ArviZ's `dims`; default `site_dim_0`, ...). */
  readonly dims?: Readonly<Record<string, readonly string[]>>;
  /** Labels along named dims (ArviZ's `coords`). */
  readonly coords?: Readonly<Record<string, readonly (string | number)[]>>;
}

/** `flat` (row-major, `shape`) as nested arrays. */
function nest(flat: ArrayLike<number>, shape: readonly number[], offset = 0): NestedNumbers {
  if (shape.length === 0) return flat[offset]!;
  const [n, ...rest] = shape as [number, ...number[]];
  const stride = rest.reduce((a, b) => a * b, 1);
  return Array.from({ length: n }, (_, i) => nest(flat, rest, offset + i * stride));
}

/** A site's data and shape (draws first). */
function read(value: tf.Tensor | readonly number[] | Float32Array | Float64Array): { readonly data: ArrayLike<number>; readonly shape: readonly number[] } {
  return value instanceof tf.Tensor ? { data: value.dataSync(), shape: value.shape } : { data: value, shape: [value.length] };
}

/** A group of draws as `[chain, draw, ...]` nested arrays; every site must have `draws` draws. */
function group(fn: string, name: string, samples: PosteriorSamples, chains: number, draws: number | undefined): { readonly vars: Record<string, NestedNumbers>; readonly draws: number } {
  const vars: Record<string, NestedNumbers> = {};
  let count = draws;
  for (const [site, value] of Object.entries(samples)) {
    const { data, shape } = read(value);
    const [n = 0, ...rest] = shape;
    count ??= n;
    if (n !== count) throw invalidArgument(fn, name, `must have the same number of draws for every site (${count})`, `${n} for '${site}'`);
    if (n % chains !== 0) throw invalidArgument(fn, 'chains', `must divide the number of draws (${n})`, String(chains));
    vars[site] = nest(data, [chains, n / chains, ...rest]);
  }
  return { vars, draws: count ?? 0 };
}

/**
 * Posterior draws (and optionally posterior predictive draws and the observed data) as ArviZ's
 * InferenceData dictionary. `JSON.stringify` it to a file and load it in Python with
 * `az.from_json(path)`, or `az.from_dict(**json.load(f))`. Every site's first dim indexes
 * draws (as `Predictive` returns them); all sites must have the same number of draws. JSON has
 * no NaN or Infinity: `JSON.stringify` writes non-finite draws as `null`.
 *
 * @example
 * ```ts
 * const samples = Predictive(model, { guide, params, numSamples: 1000 })(key, x);
 * await writeFile('posterior.json', JSON.stringify(toInferenceData({ loc: samples.loc, scale: samples.scale })));
 * // Python: idata = az.from_json('posterior.json'); az.summary(idata)
 * ```
 * @category viz
 * @since 0.1.0
 */
export function toInferenceData(samples: PosteriorSamples, options: InferenceDataOptions = {}): InferenceDataJson {
  const fn = 'toInferenceData';
  const chains = options.chains ?? 1;
  if (!Number.isInteger(chains) || chains < 1) throw invalidArgument(fn, 'chains', 'must be a positive integer', String(chains));
  if (Object.keys(samples).length === 0) throw invalidArgument(fn, 'samples', 'must hold at least one site', '{}');
  const posterior = group(fn, 'samples', samples, chains, undefined);
  const predictive = options.posteriorPredictive === undefined ? undefined : group(fn, 'posteriorPredictive', options.posteriorPredictive, chains, posterior.draws);
  const observed =
    options.observedData === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(options.observedData).map(([site, value]) => {
            const { data, shape } = read(value);
            return [site, nest(data, shape)];
          }),
        );
  return {
    posterior: posterior.vars,
    ...(predictive === undefined ? {} : { posterior_predictive: predictive.vars }),
    ...(observed === undefined ? {} : { observed_data: observed }),
    ...(options.dims === undefined ? {} : { dims: options.dims }),
    ...(options.coords === undefined ? {} : { coords: options.coords }),
    attrs: { inference_library: 'ignis' },
  };
}
