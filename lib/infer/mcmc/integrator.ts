/**
 * The leapfrog (velocity Verlet) step of Hamiltonian dynamics with potential `U` and kinetic
 * energy `K(r) = ½ rᵀ M⁻¹ r`, over `Float64Array`s, one potential gradient per step (the
 * gradient at the start point is carried over from the previous step):
 *
 * `r½ = r − ε/2 · ∇U(q)`, `q' = q + ε · M⁻¹ r½`, `r' = r½ − ε/2 · ∇U(q')`.
 *
 * @module
 */
import type { MassMatrix } from './mass-matrix.js';

/**
 * A phase-space point with its potential and gradient (mutable buffers, owned by the sampler).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface PhasePoint {
  readonly q: Float64Array;
  readonly r: Float64Array;
  readonly grad: Float64Array;
  potential: number;
}

/** A point with zeroed buffers of length `dim`. */
export const phasePoint = (dim: number): PhasePoint => ({
  q: new Float64Array(dim),
  r: new Float64Array(dim),
  grad: new Float64Array(dim),
  potential: 0,
});

/** Copies `from` into `to`. */
export function copyPoint(from: PhasePoint, to: PhasePoint): void {
  to.q.set(from.q);
  to.r.set(from.r);
  to.grad.set(from.grad);
  to.potential = from.potential;
}

/** `U(q)`, writing `∇U(q)` into `grad`. */
export type PotentialFn = (q: Float64Array, grad: Float64Array) => number;

/**
 * The kinetic energy `½ rᵀ M⁻¹ r`, using `scratch` for `M⁻¹ r`.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function kineticEnergy(mass: MassMatrix, r: Float64Array, scratch: Float64Array): number {
  mass.velocity(r, scratch);
  let k = 0;
  for (let i = 0; i < r.length; i++) k += r[i]! * scratch[i]!;
  return 0.5 * k;
}

/**
 * One leapfrog step of size `eps` from `from` into `to` (which may be the same point);
 * `velocity` is scratch space. Returns the new potential (also stored in `to`).
 *
 * @category mcmc
 * @since 0.2.0
 */
export function leapfrog(potential: PotentialFn, mass: MassMatrix, eps: number, from: PhasePoint, to: PhasePoint, velocity: Float64Array): number {
  const n = from.q.length;
  const half = 0.5 * eps;
  const { q, r, grad } = to;
  for (let i = 0; i < n; i++) r[i] = from.r[i]! - half * from.grad[i]!;
  mass.velocity(r, velocity);
  for (let i = 0; i < n; i++) q[i] = from.q[i]! + eps * velocity[i]!;
  const u = potential(q, grad);
  for (let i = 0; i < n; i++) r[i] = r[i]! - half * grad[i]!;
  to.potential = u;
  return u;
}
