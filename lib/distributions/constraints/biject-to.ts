/**
 * `bijectTo(constraint)`: the transform from unconstrained space onto a constraint (Pyro's
 * `biject_to`), as a registry keyed by `constraint.kind` that users can extend with
 * {@link registerBijection}; and `transformTo` (Pyro's `transform_to`), which differs only
 * where a cheaper non-bijective map exists (`simplex` → softmax).
 *
 * `param(name, init, { constraint })` stores `bijectTo(constraint).inverse(init)` and maps the
 * unconstrained value forward at every use; autoguides map unconstrained latents onto each
 * site's support and add `logAbsDetJacobian`.
 *
 * @module
 */
import { ignisError } from '../../core/errors.js';
import { holdsTensors } from '../../core/keep.js';
import type { Bound, Constraint } from './constraint.js';
import type { IndependentConstraint } from './index.js';
import {
  AffineTransform,
  ComposeTransform,
  CorrCholeskyTransform,
  ExpTransform,
  IdentityTransform,
  IndependentTransform,
  LowerCholeskyTransform,
  OrderedTransform,
  PositiveDefiniteTransform,
  SigmoidTransform,
  SoftmaxTransform,
  SoftplusLowerCholeskyTransform,
  SoftplusTransform,
  StickBreakingTransform,
  type Transform,
  UnitLowerCholeskyTransform,
} from '../transforms/index.js';
import { IntervalAffine } from '../transforms/interval-affine.js';

/**
 * A rule building the transform for one constraint of its kind.
 *
 * Contract: a rule creates no tensors. The transform may hold the constraint's own tensors
 * (its bounds) but must derive anything else (`upper − lower`) on each call: `bijectTo` runs
 * inside `tf.tidy` scopes (SVI steps, prototype traces) that dispose what they create, while
 * its transforms live on in autoguides and caches. The built-in rules are tested for this.
 *
 * @category transforms
 * @since 0.1.0
 */
export type BijectionRule = (constraint: Constraint) => Transform;

interface Bounded extends Constraint {
  readonly lowerBound: Bound;
  readonly upperBound: Bound;
}

const lower = (c: Constraint): Bound => (c as Partial<Bounded>).lowerBound ?? 0;
const upper = (c: Constraint): Bound => (c as Partial<Bounded>).upperBound ?? 1;

/** `lower + exp(x)` (Pyro: `ComposeTransform([ExpTransform(), AffineTransform(lower, 1)])`). */
const toGreaterThan: BijectionRule = (c) => ComposeTransform([ExpTransform(), AffineTransform(lower(c), 1)]);

/** `upper − exp(x)`. */
const toLessThan: BijectionRule = (c) => ComposeTransform([ExpTransform(), AffineTransform(upper(c), -1)]);

/**
 * `σ(x)` on `[0, 1]`, else `lower + (upper − lower) σ(x)` (Pyro's special case of the unit
 * interval). Tensor bounds: the affine part derives `upper − lower` per call (a rule never
 * creates tensors, see {@link BijectionRule}).
 */
const toInterval: BijectionRule = (c) => {
  const lo = lower(c);
  const hi = upper(c);
  if (lo === 0 && hi === 1) return SigmoidTransform();
  const affine = typeof lo === 'number' && typeof hi === 'number' ? AffineTransform(lo, hi - lo) : IntervalAffine(lo, hi);
  return ComposeTransform([SigmoidTransform(), affine]);
};

const BUILT_IN: readonly (readonly [string, BijectionRule])[] = [
  ['real', () => IdentityTransform()],
  ['greaterThan', toGreaterThan],
  ['greaterThanEq', toGreaterThan],
  ['lessThan', toLessThan],
  ['softplusPositive', () => SoftplusTransform()],
  ['interval', toInterval],
  ['halfOpenInterval', toInterval],
  ['simplex', () => StickBreakingTransform()],
  ['independent', (c) => IndependentTransform(bijectTo((c as IndependentConstraint).base), (c as IndependentConstraint).reinterpretedDims)],
  ['lowerCholesky', () => LowerCholeskyTransform()],
  ['unitLowerCholesky', () => UnitLowerCholeskyTransform()],
  ['softplusLowerCholesky', () => SoftplusLowerCholeskyTransform()],
  ['positiveDefinite', () => PositiveDefiniteTransform()],
  ['corrCholesky', () => CorrCholeskyTransform()],
  ['orderedVector', () => OrderedTransform()],
  ['positiveOrderedVector', () => ComposeTransform([OrderedTransform(), ExpTransform()])],
];

const bijections = new Map<string, BijectionRule>(BUILT_IN);
const transformsTo = new Map<string, BijectionRule>([
  ['simplex', () => SoftmaxTransform()],
  ['independent', (c) => IndependentTransform(transformTo((c as IndependentConstraint).base), (c as IndependentConstraint).reinterpretedDims)],
]);

/** Transforms built from constraints without tensor parameters, reused (they are immutable). */
let cache = new WeakMap<Constraint, Transform>();
let transformToCache = new WeakMap<Constraint, Transform>();


function lookup(registry: ReadonlyMap<string, BijectionRule>, memo: WeakMap<Constraint, Transform>, fn: string, c: Constraint): Transform {
  const hit = memo.get(c);
  if (hit !== undefined) return hit;
  const rule = registry.get(c.kind);
  if (rule === undefined) {
    throw ignisError('NotImplemented', {
      fn,
      what: `no transform is registered for the constraint ${c.name} (kind '${c.kind}')`,
      hint: `Register one with registerBijection('${c.kind}', (constraint) => transform).`,
    });
  }
  const t = rule(c);
  if (!holdsTensors(c)) memo.set(c, t);
  return t;
}

/**
 * The bijection from unconstrained space onto `constraint` (Pyro's `biject_to`).
 *
 * Built-in rules (by `kind`): `real` → identity; `greaterThan(l)` / `greaterThanEq(l)` (and
 * `positive`, `nonnegative`) → `exp` then `+ l` (Pyro's `ComposeTransform([Exp, Affine(l, 1)])`,
 * numerically `exp` alone when `l = 0`); `lessThan(u)` → `u − exp`; `softplusPositive` →
 * softplus; `interval(l, u)`, `halfOpenInterval`, `unitInterval` → sigmoid (then affine
 * unless `[0, 1]`); `simplex` → stick-breaking; `independent(c, n)` →
 * `IndependentTransform(bijectTo(c), n)`; `corrCholesky`, `orderedVector`,
 * `positiveOrderedVector` (ordered, then exp) as Pyro.
 *
 * Beyond Pyro: `lowerCholesky`, `unitLowerCholesky`, `softplusLowerCholesky` (Pyro registers
 * them under `transform_to` only) and `positiveDefinite` map square matrices with the
 * corresponding transforms, so `param(name, init, { constraint: unitLowerCholesky })` works
 * (AutoMultivariateNormal's `scaleTril`). These ignore the strict upper triangle of their
 * input, so `inverse` is a right inverse and `bijective` is false.
 *
 * A constraint without a rule raises `NotImplemented` naming it; add rules with
 * {@link registerBijection}. Transforms for constraints without tensor bounds are cached.
 *
 * @example
 * ```ts
 * const t = bijectTo(constraints.interval(-1, 3));
 * t.forward(tf.scalar(0)); // 1
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function bijectTo(constraint: Constraint): Transform {
  return lookup(bijections, cache, 'bijectTo', constraint);
}

/**
 * Register (or replace) the rule `bijectTo` uses for constraints of `kind`. Returns the rule
 * it replaces, if any (so a test can restore it).
 *
 * @example
 * ```ts
 * registerBijection('myPositive', () => transforms.SoftplusTransform());
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function registerBijection(kind: string, rule: BijectionRule): BijectionRule | undefined {
  const previous = bijections.get(kind);
  bijections.set(kind, rule);
  cache = new WeakMap();
  transformToCache = new WeakMap();
  return previous;
}

/**
 * A transform from unconstrained space onto `constraint`, not necessarily bijective (Pyro's
 * `transform_to`): the same as {@link bijectTo} except `simplex` → `SoftmaxTransform` (and
 * `independent(c, n)` → `IndependentTransform(transformTo(c), n)`). Use it to map
 * parameters, never where a density needs a log-Jacobian.
 *
 * @example
 * ```ts
 * transformTo(constraints.simplex).forward(tf.zeros([3])); // [1/3, 1/3, 1/3]
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function transformTo(constraint: Constraint): Transform {
  const hit = transformToCache.get(constraint);
  if (hit !== undefined) return hit;
  const rule = transformsTo.get(constraint.kind);
  if (rule === undefined) return lookup(bijections, cache, 'transformTo', constraint);
  return lookup(transformsTo, transformToCache, 'transformTo', constraint);
}

/**
 * Register (or replace) the rule `transformTo` uses for constraints of `kind` (it otherwise
 * falls back to `bijectTo`'s). Returns the rule it replaces, if any.
 *
 * @category transforms
 * @since 0.1.0
 */
export function registerTransformTo(kind: string, rule: BijectionRule): BijectionRule | undefined {
  const previous = transformsTo.get(kind);
  transformsTo.set(kind, rule);
  transformToCache = new WeakMap();
  return previous;
}
