/**
 * Composition of transforms (Pyro's `ComposeTransform`): `parts` applied left to right.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Shape, sizeOf, takeRight } from '../../core/shape.js';
import type { Constraint } from '../constraints/constraint.js';
import { independent, real } from '../constraints/index.js';
import { sumRightmost } from '../wrappers/independent.js';
import { type ForwardWithLogDet, type Transform, TransformBase } from './transform.js';

/** Pyro's domain: the first part's domain, widened to the largest event dim the chain needs. */
function composeDomain(parts: readonly Transform[]): Constraint {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first === undefined || last === undefined) return real;
  let eventDim = last.codomainEventDim;
  for (const part of [...parts].reverse()) {
    eventDim = Math.max(eventDim + part.domainEventDim - part.codomainEventDim, part.domainEventDim);
  }
  return eventDim > first.domainEventDim ? independent(first.domain, eventDim - first.domainEventDim) : first.domain;
}

/** Pyro's codomain: the last part's codomain, widened likewise. */
function composeCodomain(parts: readonly Transform[]): Constraint {
  const first = parts[0];
  const last = parts[parts.length - 1];
  if (first === undefined || last === undefined) return real;
  let eventDim = first.domainEventDim;
  for (const part of parts) {
    eventDim = Math.max(eventDim + part.codomainEventDim - part.domainEventDim, part.codomainEventDim);
  }
  return eventDim > last.codomainEventDim ? independent(last.codomain, eventDim - last.codomainEventDim) : last.codomain;
}

/**
 * `parts[n−1] ∘ … ∘ parts[0]`. The log-Jacobian is the sum of the parts' log-Jacobians, each
 * summed over the event dims the composition adds to it (Pyro's bookkeeping).
 *
 * All methods run inside `tf.tidy` (intermediates are disposed). Kernels: parts with a
 * constant log-Jacobian (affine maps with a number scale, the identity) contribute a number,
 * not kernels; intermediates `xᵢ` are recomputed by `logAbsDetJacobian` only for parts that
 * need them. `forwardWithLogDet` threads the intermediates and never
 * recomputes. An empty composition is the identity on ℝ.
 *
 * @category transforms
 * @since 0.1.0
 */
export class ComposeTransformImpl extends TransformBase {
  readonly name = 'ComposeTransform';
  readonly parts: readonly Transform[];
  readonly domain: Constraint;
  readonly codomain: Constraint;

  constructor(parts: readonly Transform[]) {
    super();
    this.parts = [...parts];
    this.domain = composeDomain(this.parts);
    this.codomain = composeCodomain(this.parts);
  }

  override get bijective(): boolean {
    return this.parts.every((p) => p.bijective);
  }

  /** The product of the parts' signs (a tensor if one is), `undefined` if one has none. */
  override get sign(): number | tf.Tensor | undefined {
    let sign: number | tf.Tensor = 1;
    for (const part of this.parts) {
      const s = part.sign;
      if (s === undefined) return undefined;
      sign = typeof sign === 'number' && typeof s === 'number' ? sign * s : tf.mul(sign, s);
    }
    return sign;
  }

  override get constantLogDet(): number | undefined {
    let total = 0;
    for (const part of this.parts) {
      const c = part.constantLogDet;
      if (c === undefined || part.domainEventDim !== 0 || part.codomainEventDim !== 0) return undefined;
      total += c;
    }
    return total;
  }

  forward(x: tf.Tensor): tf.Tensor {
    if (this.parts.length === 1) return this.parts[0]!.forward(x);
    return tf.tidy(() => this.parts.reduce((v, part) => part.forward(v), x));
  }

  inverse(y: tf.Tensor): tf.Tensor {
    if (this.parts.length === 1) return this.parts[0]!.inverse(y);
    return tf.tidy(() => this.parts.reduceRight((v, part) => part.inverse(v), y));
  }

  logAbsDetJacobian(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    return tf.tidy(() => this.logDetUntidied(x, y));
  }

  /**
   * Intermediates are computed on demand: forward from `x`, except past the last part with a
   * non-constant log-Jacobian, where they come back from `y` through the (cheap, affine)
   * inverses — so `bijectTo(positive)` = Exp then Affine(0, 1) costs no kernel here.
   */
  private logDetUntidied(x: tf.Tensor, y: tf.Tensor): tf.Tensor {
    const n = this.parts.length;
    let lastVarying = -1;
    this.parts.forEach((part, i) => {
      if (part.constantLogDet === undefined) lastVarying = i;
    });
    const xs: (tf.Tensor | undefined)[] = [x];
    xs[n] = y;
    const input = (i: number): tf.Tensor => {
      const known = xs[i];
      if (known !== undefined) return known;
      const computed = i > lastVarying ? this.parts[i]!.inverse(input(i + 1)) : this.parts[i - 1]!.forward(input(i - 1));
      xs[i] = computed;
      return computed;
    };
    return this.sumTerms(x.shape, (part, i) => part.logAbsDetJacobian(input(i), input(i + 1)));
  }

  override forwardWithLogDet(x: tf.Tensor): ForwardWithLogDet {
    const [y, logAbsDetJacobian] = tf.tidy(() => {
      const r = this.forwardWithLogDetUntidied(x);
      return [r.y, r.logAbsDetJacobian];
    });
    return { y, logAbsDetJacobian };
  }

  /** Threads the intermediates; parts with a constant log-Jacobian only run `forward`. */
  private forwardWithLogDetUntidied(x: tf.Tensor): ForwardWithLogDet {
    let value = x;
    const logDets: (tf.Tensor | undefined)[] = [];
    for (const part of this.parts) {
      if (part.constantLogDet === undefined) {
        const step = part.forwardWithLogDet(value);
        logDets.push(step.logAbsDetJacobian);
        value = step.y;
      } else {
        logDets.push(undefined);
        value = part.forward(value);
      }
    }
    return { y: value, logAbsDetJacobian: this.sumTerms(x.shape, (_part, i) => logDets[i]!) };
  }

  /**
   * Σ over parts of `sumRightmost(term_i, eventDim_i − part.domainEventDim)`; constant parts add
   * `c · (elements summed)` as a number. `term(part, i)` is called only for non-constant parts.
   */
  private sumTerms(xShape: Shape, term: (part: Transform, i: number) => tf.Tensor): tf.Tensor {
    let eventDim = this.domainEventDim;
    let shape = xShape;
    let constant = 0;
    let sum: tf.Tensor | undefined;
    this.parts.forEach((part, i) => {
      const c = part.constantLogDet;
      if (c !== undefined) {
        constant += c * sizeOf(takeRight(shape, eventDim));
      } else {
        const t = sumRightmost(term(part, i), eventDim - part.domainEventDim);
        sum = sum === undefined ? t : tf.add(sum, t);
      }
      eventDim += part.codomainEventDim - part.domainEventDim;
      shape = part.forwardShape(shape);
    });
    const batch = xShape.slice(0, xShape.length - this.domainEventDim);
    if (sum === undefined) return tf.fill([...batch], constant);
    return constant === 0 ? sum : tf.add(sum, constant);
  }

  override forwardShape(shape: Shape): Shape {
    return this.parts.reduce((s, part) => part.forwardShape(s), shape);
  }

  override inverseShape(shape: Shape): Shape {
    return this.parts.reduceRight((s, part) => part.inverseShape(s), shape);
  }

  override toString(): string {
    return `ComposeTransform(${this.parts.map(String).join(', ')})`;
  }
}

/**
 * The composition applying `parts` in order: `forward(x) = parts[n−1](…parts[0](x))`.
 *
 * @example
 * ```ts
 * const t = ComposeTransform([ExpTransform(), AffineTransform(2, 1)]); // y = 2 + eˣ
 * ```
 * @category transforms
 * @since 0.1.0
 */
export function ComposeTransform(parts: readonly Transform[]): ComposeTransformImpl {
  return new ComposeTransformImpl(parts);
}
