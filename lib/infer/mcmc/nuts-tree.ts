/**
 * The NUTS trajectory tree (Hoffman & Gelman 2014 with multinomial sampling, Betancourt 2017),
 * as Pyro builds it: a subtree of depth `d` is two subtrees of depth `d − 1` built one after the
 * other in one direction; each leaf is one leapfrog step, weighted `w = exp(H₀ − H)`; within a
 * subtree the proposal is the second half's with probability `w₂ / (w₁ + w₂)` (uniform
 * progressive sampling). A subtree stops early when a half turns back or diverges. The U-turn
 * test on a subtree with end momenta `r⁻`, `r⁺` and momentum sum `ρ`:
 * `ρ' = ρ − (r⁻ + r⁺)/2`, turning iff `(M⁻¹r⁻)·ρ' ≤ 0` or `(M⁻¹r⁺)·ρ' ≤ 0`
 * (Betancourt's generalized criterion; Pyro's whitened form is the same number).
 *
 * Everything runs on preallocated `Float64Array`s: one subtree record per depth, reused.
 *
 * @module
 */
import { type PhasePoint, type PotentialFn, copyPoint, kineticEnergy, leapfrog, phasePoint } from './integrator.js';
import type { MassMatrix } from './mass-matrix.js';
import type { RandomStream } from './random-stream.js';
import { MAX_DELTA_ENERGY, finiteOrInfinity } from './transition.js';

/** A (sub)tree: its two ends, its proposal, and what the sampler needs of it. */
export interface Tree {
  readonly left: PhasePoint;
  readonly right: PhasePoint;
  /** The proposal (its `q`, `grad`, `potential`). */
  readonly proposal: PhasePoint;
  /** The sum of all its momenta. */
  readonly rSum: Float64Array;
  /** `log Σ exp(H₀ − H)` over its leaves. */
  logWeight: number;
  turning: boolean;
  diverging: boolean;
  sumAcceptProbs: number;
  numProposals: number;
}

export const tree = (dim: number): Tree => ({
  left: phasePoint(dim),
  right: phasePoint(dim),
  proposal: phasePoint(dim),
  rSum: new Float64Array(dim),
  logWeight: 0,
  turning: false,
  diverging: false,
  sumAcceptProbs: 0,
  numProposals: 0,
});

/** `log(eᵃ + eᵇ)`, exact for infinities. */
export function logAddExp(a: number, b: number): number {
  const m = a > b ? a : b;
  if (m === -Infinity) return -Infinity;
  if (m === Infinity) return Infinity;
  return m + Math.log(Math.exp(a - m) + Math.exp(b - m));
}

/**
 * Builds NUTS trees for one chain (its buffers are reused by every iteration).
 *
 * @category mcmc
 * @since 0.2.0
 */
export class TreeBuilder {
  /** `scratch[d]`: the second half while building a subtree of depth `d + 1`, or the top level's new subtree of depth `d`. */
  readonly scratch: readonly Tree[];
  private readonly v1: Float64Array;
  private readonly v2: Float64Array;
  // the current iteration's settings
  private eps = 1;
  private h0 = 0;
  private mass!: MassMatrix;
  private rng!: RandomStream;

  private readonly potential: PotentialFn;

  constructor(potential: PotentialFn, dim: number, maxDepth: number) {
    this.potential = potential;
    this.scratch = Array.from({ length: maxDepth }, () => tree(dim));
    this.v1 = new Float64Array(dim);
    this.v2 = new Float64Array(dim);
  }

  /** Sets the iteration's step size, initial energy, mass matrix and randomness. */
  begin(eps: number, h0: number, mass: MassMatrix, rng: RandomStream): void {
    this.eps = eps;
    this.h0 = h0;
    this.mass = mass;
    this.rng = rng;
  }

  /** The U-turn test on ends `rl`, `rr` and momentum sum `rSum`. */
  isTurning(rl: Float64Array, rr: Float64Array, rSum: Float64Array): boolean {
    const vl = this.v1;
    const vr = this.v2;
    this.mass.velocity(rl, vl);
    this.mass.velocity(rr, vr);
    let left = 0;
    let right = 0;
    for (let i = 0; i < rSum.length; i++) {
      const rho = rSum[i]! - 0.5 * (rl[i]! + rr[i]!);
      left += vl[i]! * rho;
      right += vr[i]! * rho;
    }
    return left <= 0 || right <= 0;
  }

  /** One leaf: a leapfrog step from `start` in `direction` (±1). */
  private leaf(start: PhasePoint, direction: number, out: Tree): void {
    const end = out.right;
    const u = leapfrog(this.potential, this.mass, direction * this.eps, start, end, this.v1);
    const h = finiteOrInfinity(u + kineticEnergy(this.mass, end.r, this.v1));
    const delta = h - this.h0;
    copyPoint(end, out.left);
    copyPoint(end, out.proposal);
    out.rSum.set(end.r);
    out.logWeight = -delta;
    out.turning = false;
    out.diverging = delta > MAX_DELTA_ENERGY;
    out.sumAcceptProbs = delta > 0 ? Math.exp(-delta) : 1;
    out.numProposals = 1;
  }

  /** A subtree of `depth` from `start` in `direction`, into `out`. */
  build(start: PhasePoint, direction: number, depth: number, out: Tree): void {
    if (depth === 0) {
      this.leaf(start, direction, out);
      return;
    }
    this.build(start, direction, depth - 1, out);
    if (out.turning || out.diverging) return;
    const other = this.scratch[depth - 1]!;
    this.build(direction === 1 ? out.right : out.left, direction, depth - 1, other);
    const logWeight = logAddExp(out.logWeight, other.logWeight);
    if (!(other.turning || other.diverging) && this.rng.uniform() < Math.exp(other.logWeight - logWeight)) {
      copyPoint(other.proposal, out.proposal);
    }
    copyPoint(direction === 1 ? other.right : other.left, direction === 1 ? out.right : out.left);
    const rSum = out.rSum;
    for (let i = 0; i < rSum.length; i++) rSum[i] = rSum[i]! + other.rSum[i]!;
    out.sumAcceptProbs += other.sumAcceptProbs;
    out.numProposals += other.numProposals;
    out.logWeight = logWeight;
    out.diverging = other.diverging;
    out.turning = other.turning || this.isTurning(out.left.r, out.right.r, rSum);
  }
}
