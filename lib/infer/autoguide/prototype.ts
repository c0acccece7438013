/**
 * The prototype trace: what an autoguide learns about its model by running it once.
 *
 * The model runs with a fixed internal key (only shapes matter); every latent sample site it
 * records becomes a {@link LatentSite}: its value shape, event dim, support, the transform
 * `bijectTo(support)` from unconstrained space (or `null` for real-supported sites, whose
 * transform is the identity and costs nothing), its unconstrained shape and size, and the
 * plates it sits in. Observed sites, deterministic sites and sites hidden by `block` are left
 * alone (they are not latent, or not in the trace). The prototype holds no tensors except those
 * its supports and transforms hold (tensor bounds, e.g. `Uniform(low, high)`'s), which it keeps
 * (`keepReachable`) for the guide's lifetime: it is memoized, so it outlives the `tf.tidy` of
 * the step that traced it.
 *
 * @module
 */
import type { AnyModel, PlateFrame } from '../../core/effect.js';
import { ignisError } from '../../core/errors.js';
import { keepReachable } from '../../core/keep.js';
import { run } from '../../core/interpret.js';
import { prngKey } from '../../core/key.js';
import { type Shape, dropRight, sizeOf } from '../../core/shape.js';
import { tidy } from '../../core/tidy.js';
import { latentSites } from '../../core/trace.js';
import { bijectTo } from '../../distributions/constraints/biject-to.js';
import type { Constraint } from '../../distributions/constraints/index.js';
import type { Transform } from '../../distributions/transforms/transform.js';

/**
 * One latent site of the model, as an autoguide sees it.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface LatentSite {
  readonly name: string;
  /** The (constrained) value's shape in the prototype trace, with subsample sizes in subsampled plates. */
  readonly shape: Shape;
  /** The site's event dim (its distribution's event rank). */
  readonly eventDim: number;
  readonly support: Constraint;
  /** `bijectTo(support)`, or `null` when the support is real (the identity: no kernels). */
  readonly transform: Transform | null;
  /** The shape of the unconstrained value (`transform.inverseShape(shape)`). */
  readonly unconstrainedShape: Shape;
  /** The event dim in unconstrained space (differs from `eventDim` when the transform changes rank). */
  readonly unconstrainedEventDim: number;
  /** The number of unconstrained coordinates (its slice of the flattened latent vector). */
  readonly size: number;
  /** The plates the site sits in, outermost first, as in the model. */
  readonly plates: readonly PlateFrame[];
}

/**
 * What an autoguide knows about its model.
 *
 * @category autoguides
 * @since 0.1.0
 */
export interface Prototype {
  /** The latent sites in the order the model visits them. */
  readonly sites: readonly LatentSite[];
  /** The plates latent sites sit in, by name (the guide creates exactly these). */
  readonly plates: ReadonlyMap<string, PlateFrame>;
  /** `Σ size`: the length of the flattened unconstrained latent vector. */
  readonly latentDim: number;
}

/**
 * Whether a constraint is the reals (possibly reinterpreted as events): its transform is the identity.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function isRealSupport(c: Constraint): boolean {
  if (c.kind === 'real') return true;
  const base = (c as Partial<{ base: Constraint }>).base;
  return c.kind === 'independent' && base !== undefined && isRealSupport(base);
}

/**
 * Trace `model(...args)` once and describe its latent sites. `caller` names the guide in
 * errors: a discrete latent site raises `NotImplemented` naming it.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function tracePrototype(model: AnyModel, args: readonly unknown[], caller: string): Prototype {
  return tidy(() => {
    const trace = run(model, args as unknown[], { key: prngKey(0), caller: `${caller} (prototype trace)` });
    const sites = latentSites(trace).map((site): LatentSite => {
      const support = site.fn.support;
      if (support.isDiscrete) {
        throw ignisError('NotImplemented', {
          fn: caller,
          what: 'discrete latent sites are not supported',
          site: site.name,
          detail: `the support is ${support.name}`,
          hint: 'Marginalize the site out, or guide it by hand beside this autoguide (AutoGuideList with block(model, { hide: [...] })).',
        });
      }
      const shape = site.value.shape;
      const eventDim = site.fn.eventShape.length;
      const transform = isRealSupport(support) ? null : bijectTo(support);
      const unconstrainedShape = transform === null ? shape : transform.inverseShape(shape);
      // memoized for the guide's lifetime: keep what the support and transform hold (tensor
      // bounds) beyond every enclosing tidy (the prototype may be traced inside an SVI step)
      keepReachable([support, transform]);
      return {
        name: site.name,
        shape,
        eventDim,
        support,
        transform,
        unconstrainedShape,
        unconstrainedEventDim: eventDim + unconstrainedShape.length - shape.length,
        size: sizeOf(unconstrainedShape),
        plates: site.plates,
      };
    });
    const plates = new Map<string, PlateFrame>();
    for (const s of sites) for (const f of s.plates) plates.set(f.name, f);
    return { sites, plates, latentDim: sites.reduce((n, s) => n + s.size, 0) };
  });
}

/**
 * The batch part of a site's shape (without its event dims).
 *
 * @category autoguides
 * @since 0.1.0
 */
export const batchShapeOf = (site: LatentSite): Shape => dropRight(site.shape, site.eventDim);

/**
 * The full-size shape of a site's unconstrained value: subsampled plate dims at their full size.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function fullUnconstrainedShape(site: LatentSite): Shape {
  const shape = [...site.unconstrainedShape];
  const batchRank = shape.length - site.unconstrainedEventDim;
  for (const f of site.plates) shape[batchRank + f.dim] = f.size;
  return shape;
}

/**
 * The full-size shape of a site's constrained value.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function fullShape(site: LatentSite): Shape {
  const shape = [...site.shape];
  const batchRank = shape.length - site.eventDim;
  for (const f of site.plates) shape[batchRank + f.dim] = f.size;
  return shape;
}

/**
 * Whether any plate of the site is subsampled.
 *
 * @category autoguides
 * @since 0.1.0
 */
export const isSubsampled = (site: LatentSite): boolean => site.plates.some((f) => f.subsampleSize < f.size);
