/**
 * Given params checked against the params a model actually reads: `simulate(model, { params })`
 * and `Predictive(model, { params })` with params saved from another model would otherwise run
 * silently with every param at its initial value.
 *
 * A param site whose name is not among the given params takes its initial value, as Pyro's
 * param store and NumPyro's `substitute` do. When params were given and the model (and guide)
 * read none of them, that is almost surely another model's params: an error where the caller
 * can raise one without leaving tensors behind (`Predictive`), a warning naming them otherwise
 * (`simulate`, whose trace is the caller's). When some were read and others not, a warning names
 * the params left at their initial values. Given names no site reads are not reported: a
 * record of a model's and a guide's params together is normal.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { ignisError, quoteNames } from './errors.js';
import { type Trace, paramSites } from './trace.js';
import { warnOnce } from './warn.js';

/**
 * Check `params` against the param sites of `traces` (see the module notes). `strict` raises
 * `ParamMismatch` when none of the given params is read; otherwise that is a warning.
 */
export function checkGivenParams(fn: string, traces: readonly Trace[], params: Readonly<Record<string, tf.Tensor>> | undefined, strict: boolean): void {
  if (params === undefined) return;
  const given = Object.keys(params);
  if (given.length === 0) return;
  const read = [...new Set(traces.flatMap((t) => paramSites(t).map((s) => s.name)))];
  const initial = read.filter((n) => !Object.hasOwn(params, n));
  if (initial.length === 0) return;
  if (initial.length === read.length) {
    const parts = {
      fn,
      what: 'the params given match no param the model reads',
      detail: `given ${quoteNames(given)}; read ${quoteNames(read)}, which ${read.length === 1 ? 'takes its initial value' : 'take their initial values'}`,
      hint: 'Pass the params of this model (RunResult.params, or svi.getParams(state) of an SVI over it, or loadParams of a file saved from it).',
    };
    if (strict) throw ignisError('ParamMismatch', parts);
    warnOnce(`${fn}: ${parts.what}: ${parts.detail}. ${parts.hint}`);
    return;
  }
  warnOnce(`${fn}: param${initial.length === 1 ? '' : 's'} ${quoteNames(initial)} ${initial.length === 1 ? 'is' : 'are'} not among the params given; ${initial.length === 1 ? 'it takes its' : 'they take their'} initial value.`);
}
