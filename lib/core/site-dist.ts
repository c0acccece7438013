/**
 * Reading a site's distribution, typed by its family: `siteDist(trace, 'z', NormalDist).loc`
 * instead of an `instanceof` check and a cast (Pyro: `trace.nodes["z"]["fn"].loc`).
 *
 * A family is given by its class (`NormalDist`, `MultivariateNormalDist`, … — what the factory
 * `Normal(...)` builds), so the core needs no list of families. A site inside plates holds its
 * distribution expanded to the plates (still of its family); a `.toEvent(n)` site holds an
 * `IndependentDist`, whose `.base` is the family's distribution.
 *
 * @module
 */
import { ignisError } from './errors.js';
import type { Distribution } from './site-distribution.js';
import type { Trace } from './trace.js';

/**
 * A distribution family's class, e.g. `NormalDist`.
 *
 * @category inspection
 * @since 0.2.0
 */
export type DistClass<D extends Distribution> = abstract new (...args: never[]) => D;

/**
 * Whether `fn` is of `family`: a type guard that narrows to the family with its parameters
 * typed (where `instanceof` on a generic class narrows to `any` type arguments).
 *
 * @example
 * ```ts
 * if (isDist(site.fn, NormalDist)) console.log(site.fn.loc.shape);
 * ```
 * @category inspection
 * @since 0.2.0
 */
export const isDist = <D extends Distribution>(fn: Distribution, family: DistClass<D>): fn is D => fn instanceof family;

/**
 * The distribution of sample site `name` of `trace`, as `family`. Throws `MissingSite` when the
 * trace has no sample site `name`, `InvalidArgument` naming both families when it is of another.
 *
 * @example
 * ```ts
 * const q = siteDist(guideTrace, 'z', MultivariateNormalDist);
 * q.loc; q.scaleTril; // typed, gradients flowing
 * ```
 * @category inspection
 * @since 0.2.0
 */
export function siteDist<D extends Distribution>(trace: Trace, name: string, family: DistClass<D>): D {
  const site = trace.sites.get(name);
  if (site?.type !== 'sample') {
    throw ignisError('MissingSite', {
      fn: 'siteDist',
      what: 'no sample site',
      site: name,
      detail: site === undefined ? `the trace has the sites ${[...trace.sites.keys()].map((k) => `'${k}'`).join(', ') || '(none)'}` : `'${name}' is a ${site.type} site`,
    });
  }
  const fn = site.fn;
  if (isDist(fn, family)) return fn;
  throw ignisError('InvalidArgument', {
    fn: 'siteDist',
    what: `the distribution is not a ${family.name}`,
    site: name,
    detail: `it is a ${fn.family} (${fn.constructor.name})`,
    hint: fn.family === 'Independent' ? "A .toEvent(n) site holds an IndependentDist: siteDist(trace, name, IndependentDist).base is the family's distribution." : `Pass its class, ${fn.constructor.name}.`,
  });
}
