/**
 * The KL-divergence registry: `klDivergence(p, q)` dispatches on the `family` strings of `p`
 * and `q` to a rule registered with `registerKL` (Pyro's `kl_divergence` / `register_kl`).
 *
 * Lookup order: the exact pair, then `(familyP, '*')`, then `('*', familyQ)` (`'*'` matches any
 * family, as Pyro's `register_kl(Delta, Distribution)`). A family that specializes another
 * (Pyro's subclasses: `Chi2` of `Gamma`, `Weibull` of `TransformedDistribution`) also reaches
 * its ancestors' rules, most specific first (see {@link familyLineage}). Before dispatch, the generic
 * expanded distribution is unwrapped (KL is elementwise over batch dims, so the base's KL is
 * broadcast), and masked distributions follow Pyro's `Masked`/`Masked` rule. The result has
 * the broadcast batch shape of `p` and `q`.
 *
 * The built-in rules live in `kl/*.ts` and are loaded by `kl.ts`; import `klDivergence` from
 * there (or from the package root), not from this module.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../../core/errors.js';
import { broadcastShapes } from '../../core/shape.js';
import type { Distribution } from '../distribution.js';
import { ExpandedDist } from '../wrappers/expanded.js';
import { MaskedDist } from '../wrappers/masked.js';
import { broadcastIfNeeded } from '../util.js';

/**
 * A rule computing `KL(p ‖ q)` elementwise over the (broadcast) batch dims.
 *
 * @category distributions
 * @since 0.1.0
 */
export type KLRule<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (p: P, q: Q) => tf.Tensor;

/**
 * How a family is named in {@link registerKL}: its `family` string (`'Normal'`), a
 * distribution of that family, a factory (`Normal`: its function name), a class (its static
 * `family`, else its name without the `Dist` suffix), or `'*'` for any family.
 *
 * @category distributions
 * @since 0.1.0
 */
export type FamilyRef = string | Distribution | ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);

/**
 * The family string of a {@link FamilyRef}.
 *
 * @category distributions
 * @since 0.1.0
 */
export function familyOf(ref: FamilyRef): string {
  if (typeof ref === 'string') return ref;
  if (typeof ref === 'function') {
    const declared = (ref as { readonly family?: unknown }).family;
    if (typeof declared === 'string') return declared;
    return ref.name.endsWith('Dist') ? ref.name.slice(0, -'Dist'.length) : ref.name;
  }
  return ref.family;
}

const rules = new Map<string, KLRule>();
const keyOf = (p: string, q: string): string => `${p}\u0000${q}`;

/**
 * Register (or replace) the rule for `KL(p ‖ q)` with `p` of `familyP` and `q` of `familyQ`.
 * Returns the rule it replaces, if any (so a test can restore it).
 *
 * @example
 * ```ts
 * registerKL('Normal', 'HalfNormal', (p, q) => ...);
 * registerKL(Normal, Laplace, (p: NormalDist, q: LaplaceDist) => ...); // factories name families too
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function registerKL<P extends Distribution = Distribution, Q extends Distribution = Distribution>(
  familyP: FamilyRef,
  familyQ: FamilyRef,
  rule: KLRule<P, Q>,
): KLRule | undefined {
  const key = keyOf(familyOf(familyP), familyOf(familyQ));
  const previous = rules.get(key);
  rules.set(key, rule as unknown as KLRule);
  return previous;
}

/**
 * The families whose KL rules apply to `d`, most specific first: `d.family`, then the static
 * `family` each class of its prototype chain declares as its own (Pyro dispatches on the class
 * hierarchy the same way). `Chi2(df)` → `['Chi2', 'Gamma']`; `Weibull(…)` →
 * `['Weibull', 'TransformedDistribution']`; a family string stands for itself alone.
 *
 * @category distributions
 * @since 0.2.0
 */
export function familyLineage(d: string | Distribution): readonly string[] {
  if (typeof d === 'string') return [d];
  const out = [d.family];
  for (let proto: unknown = Object.getPrototypeOf(d); proto !== null && proto !== undefined; proto = Object.getPrototypeOf(proto)) {
    const ctor = (proto as { readonly constructor?: unknown }).constructor;
    if (typeof ctor !== 'function' || !Object.prototype.hasOwnProperty.call(ctor, 'family')) continue;
    const declared = (ctor as { readonly family?: unknown }).family;
    if (typeof declared === 'string' && !out.includes(declared)) out.push(declared);
  }
  return out;
}

/**
 * The rule `klDivergence` would use for this pair (family strings, or distributions, whose
 * ancestors' rules then apply too: see {@link familyLineage}), if any. Exact pairs are tried
 * first, `p`'s lineage outermost; then `(p's family, '*')`, then `('*', q's family)`.
 *
 * @category distributions
 * @since 0.1.0
 */
export function findKLRule(p: string | Distribution, q: string | Distribution): KLRule | undefined {
  const [lineageP, lineageQ] = [familyLineage(p), familyLineage(q)];
  for (const fp of lineageP) {
    for (const fq of lineageQ) {
      const rule = rules.get(keyOf(fp, fq));
      if (rule !== undefined) return rule;
    }
  }
  for (const fp of lineageP) {
    const rule = rules.get(keyOf(fp, '*'));
    if (rule !== undefined) return rule;
  }
  for (const fq of lineageQ) {
    const rule = rules.get(keyOf('*', fq));
    if (rule !== undefined) return rule;
  }
  return undefined;
}

/** The family label used in messages: `Masked(Normal)` for a masked distribution. */
const label = (d: Distribution): string => (d instanceof MaskedDist ? `Masked(${d.base.family})` : d.family);

function noRule(p: Distribution, q: Distribution): never {
  const fp = label(p);
  const fq = label(q);
  throw ignisError('NotImplemented', {
    fn: 'klDivergence',
    what: `no rule for KL(p ‖ q) with p ${fp} and q ${fq}`,
    hint: `Register one with registerKL('${fp}', '${fq}', rule).`,
  });
}

/**
 * Resolve the computation of `KL(p ‖ q)` without running it, so a missing rule is reported
 * (naming both families) before shapes are checked. Unwraps the generic expanded
 * distribution; masked pairs follow Pyro's `_kl_masked_masked` (masks combined, KL of the
 * bases, zero where masked out).
 */
function resolve(p: Distribution, q: Distribution): () => tf.Tensor {
  if (p instanceof ExpandedDist) return resolve(p.base, q);
  if (q instanceof ExpandedDist) return resolve(p, q.base);
  if (p instanceof MaskedDist && q instanceof MaskedDist) {
    const inner = resolve(p.base, q.base);
    const [pm, qm] = [p.maskValue, q.maskValue];
    return () => {
      const kl = inner();
      if (pm === false || qm === false) return tf.zerosLike(kl);
      const mask = pm === qm ? pm : tf.logicalAnd(pm, qm);
      return tf.where(tf.broadcastTo(mask, kl.shape), kl, tf.zerosLike(kl));
    };
  }
  const rule = p instanceof MaskedDist || q instanceof MaskedDist ? undefined : findKLRule(p, q);
  if (rule === undefined) return noRule(p, q);
  return () => rule(p, q);
}

/**
 * `KL(p ‖ q) = E_p[log p(x) − log q(x)]`, in closed form, of the broadcast batch shape of `p`
 * and `q` (event dims are summed).
 *
 * A pair without a rule raises `NotImplemented` naming both families and how to register one
 * (`TraceMeanFieldELBO` then falls back to the Monte Carlo term).
 *
 * @example
 * ```ts
 * klDivergence(Normal(0, 1), Normal(1, 2)); // 0.443…
 * klDivergence(Normal(l1, s1).toEvent(1), Normal(l2, s2).toEvent(1)); // Σ of the elementwise KLs
 * ```
 * @category distributions
 * @since 0.1.0
 */
export function klDivergence(p: Distribution, q: Distribution): tf.Tensor {
  const compute = resolve(p, q);
  const batchShape = broadcastShapes('klDivergence', p.batchShape, q.batchShape);
  return tf.tidy(() => broadcastIfNeeded(compute(), batchShape));
}
