/**
 * A chain's initial point: the model traced with each latent site set by the kernel's init
 * strategy (the autoguides' `initialPoint`, so strategies behave as there), flattened to the
 * unconstrained vector in the prototype's layout. A point whose potential or gradient is not
 * finite is redrawn with a fresh key (as Pyro's `_find_valid_initial_params`).
 *
 * @module
 */
import type { AnyModel } from '../../core/effect.js';
import { ignisError } from '../../core/errors.js';
import { type Key, foldIn } from '../../core/key.js';
import { tidy } from '../../core/tidy.js';
import type { InitStrategy } from '../autoguide/init-strategies.js';
import { initialPoint } from '../autoguide/init-point.js';
import type { Prototype } from '../autoguide/prototype.js';
import type { PotentialFn } from './integrator.js';

/** Attempts at a finite initial potential before giving up. */
const MAX_TRIES = 10;

/** The flattened unconstrained initial point drawn with `key` (one attempt). */
function drawPoint(model: AnyModel, args: readonly unknown[], proto: Prototype, strategy: InitStrategy, key: Key, caller: string): Float64Array {
  return tidy(() => {
    const point = initialPoint(model, args, proto, strategy, key, caller);
    const out = new Float64Array(proto.latentDim);
    let offset = 0;
    for (const s of proto.sites) {
      out.set(point.unconstrained.get(s.name)!.dataSync(), offset);
      offset += s.size;
    }
    return out;
  });
}

/**
 * An initial point with a finite potential and gradient.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function initialUnconstrained(
  model: AnyModel,
  args: readonly unknown[],
  proto: Prototype,
  strategy: InitStrategy,
  potential: PotentialFn,
  key: Key,
  caller: string,
): Float64Array {
  const grad = new Float64Array(proto.latentDim);
  let last = NaN;
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const point = drawPoint(model, args, proto, strategy, attempt === 0 ? key : foldIn(key, attempt), caller);
    last = potential(point, grad);
    if (Number.isFinite(last) && grad.every(Number.isFinite)) return point;
  }
  throw ignisError('InvalidArgument', {
    fn: caller,
    what: `no initial point with a finite potential energy and gradient in ${MAX_TRIES} tries of ${strategy.strategyName}`,
    detail: `the last potential was ${last}`,
    hint: 'Check the model at its initial values, or give a valid point with initToValue({ values: { ... } }).',
  });
}
