/**
 * Parameters in constrained and unconstrained space.
 *
 * A `param` site declares a constraint (default `real`). SVI optimises the unconstrained
 * value `u` and the model sees `bijectTo(constraint).forward(u)`, as in Pyro and NumPyro.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { ParamSite } from '../core/effect.js';
import { holdsTensors } from '../core/keep.js';
import { withRowSource } from '../core/param-rows.js';
import { bijectTo } from '../distributions/constraints/biject-to.js';
import type { Constraint } from '../distributions/constraints/index.js';
import type { Transform } from '../distributions/transforms/transform.js';
import { elementwiseMapOf } from './autoguide/elementwise-maps.js';

/** Parameter values by site name. @category inference @since 0.1.0 */
export type ParamValues = Readonly<Record<string, tf.Tensor>>;

/** What SVI keeps about a parameter besides its value. @category inference @since 0.1.0 */
export interface ParamSpec {
  readonly constraint: Constraint;
  readonly eventDim: number | undefined;
}

/** Param specs by site name. */
export type ParamSpecs = Readonly<Record<string, ParamSpec>>;

const transforms = new WeakMap<Constraint, Transform | null>();

/**
 * The transform from unconstrained space to `constraint`, or `null` for `real` (identity).
 * Cached, except for constraints holding tensors (tensor bounds): a rule registered by a user
 * might derive tensors from them inside the step's `tf.tidy`, which a cached transform would
 * outlive (the built-in rules derive nothing, see `BijectionRule`).
 */
export function unconstrainedToConstrained(constraint: Constraint): Transform | null {
  const cached = transforms.get(constraint);
  if (cached !== undefined) return cached;
  const t = constraint.kind === 'real' ? null : bijectTo(constraint);
  if (!holdsTensors(constraint)) transforms.set(constraint, t);
  return t;
}

/** Param `name`'s transform from unconstrained space (`null`: identity, or no spec). */
function transformOf(specs: ParamSpecs, name: string): Transform | null {
  const spec = specs[name];
  return spec === undefined ? null : unconstrainedToConstrained(spec.constraint);
}

/** The specs of a trace's param sites. */
export function specsOf(sites: readonly ParamSite[]): ParamSpecs {
  return Object.fromEntries(sites.map((s) => [s.name, { constraint: s.constraint, eventDim: s.eventDim }]));
}

/** `u ↦ bijectTo(c).forward(u)` for every param (identity for `real`). */
export function constrain(unconstrained: ParamValues, specs: ParamSpecs): ParamValues {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, u] of Object.entries(unconstrained)) {
    const t = transformOf(specs, name);
    out[name] = t === null ? u : t.forward(u);
  }
  return out;
}

/**
 * {@link constrain} on demand: each constrained value is computed on its first read (and kept),
 * so a step pays only for the params the model and guide read. The record is also a row source
 * (`core/param-rows.ts`): a param read inside a subsampled plate gets `T(U[idx])` for an
 * elementwise bijection `T` (`T(U)[idx] = T(U[idx])`), O(subsample) instead of O(full size).
 */
export function constrainLazily(unconstrained: ParamValues, specs: ParamSpecs): ParamValues {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, u] of Object.entries(unconstrained)) {
    let value: tf.Tensor | undefined;
    Object.defineProperty(out, name, {
      enumerable: true,
      get: () => {
        // recomputed if an inner `tf.tidy` of the caller disposed it (e.g. between particles)
        if (value === undefined || value.isDisposed) {
          const t = transformOf(specs, name);
          value = t === null ? u : t.forward(u);
        }
        return value;
      },
    });
  }
  return withRowSource(out, (name, gather) => {
    const u = unconstrained[name];
    if (u === undefined) return undefined;
    const t = transformOf(specs, name);
    if (t === null) return gather(u);
    return elementwiseMapOf(t) === undefined ? undefined : t.forward(gather(u));
  });
}

/** `x ↦ bijectTo(c).inverse(x)` for every param (identity for `real`). */
export function unconstrain(constrained: ParamValues, specs: ParamSpecs): ParamValues {
  const out: Record<string, tf.Tensor> = {};
  for (const [name, x] of Object.entries(constrained)) {
    const t = transformOf(specs, name);
    out[name] = t === null ? x : t.inverse(x);
  }
  return out;
}
