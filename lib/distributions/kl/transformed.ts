/**
 * The TransformedDistribution/TransformedDistribution KL rule (Pyro's
 * `_kl_transformed_transformed`): with equal transforms and event shapes, the KL of the bases
 * (a bijection does not change a KL); otherwise `NotImplemented`. Families built on
 * TransformedDistribution without rules of their own (Weibull, Kumaraswamy) reach it, as in Pyro.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { ignisError } from '../../core/errors.js';
import { shapesEqual } from '../../core/shape.js';
import type { Transform } from '../transforms/transform.js';
import type { TransformedDist } from '../wrappers/transformed.js';
import { klDivergence, registerKL } from './registry.js';

/** Fields that are derived from the others (constraints), not parameters. */
const DERIVED = new Set(['domain', 'codomain']);

/** Two tensors (or numbers) equal elementwise after broadcasting (torch's `(a == b).all()`). */
function sameValues(a: tf.Tensor | number, b: tf.Tensor | number): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return tf.tidy(() => {
    try {
      return tf.all(tf.equal(a, b)).dataSync()[0] === 1;
    } catch {
      return false; // shapes that do not broadcast
    }
  });
}

function sameField(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const isNumeric = (x: unknown): x is tf.Tensor | number => typeof x === 'number' || x instanceof tf.Tensor;
  if (isNumeric(a) && isNumeric(b)) return sameValues(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameField(x, b[i]));
  if (isTransform(a) && isTransform(b)) return sameTransform(a, b);
  return false;
}

const isTransform = (x: unknown): x is Transform => typeof x === 'object' && x !== null && 'forward' in x && 'logAbsDetJacobian' in x;

/**
 * Pyro's transform equality: the same class with equal parameters (numbers and tensors by
 * value, nested transforms recursively), e.g. two `AffineTransform(0, scale)` whose scales hold
 * the same values, or two `PowerTransform`s with equal exponents.
 */
export function sameTransform(a: Transform, b: Transform): boolean {
  if (a === b) return true;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a).filter((k) => !DERIVED.has(k));
  const other = Object.keys(b).filter((k) => !DERIVED.has(k));
  if (keys.length !== other.length) return false;
  return keys.every((k) => sameField((a as unknown as Record<string, unknown>)[k], (b as unknown as Record<string, unknown>)[k]));
}

registerKL<TransformedDist, TransformedDist>('TransformedDistribution', 'TransformedDistribution', (p, q) => {
  const same = p.transforms.length === q.transforms.length && p.transforms.every((t, i) => sameTransform(t, q.transforms[i]!));
  if (!same || !shapesEqual(p.eventShape, q.eventShape)) {
    throw ignisError('NotImplemented', {
      fn: 'klDivergence',
      what: `no rule for KL(p ‖ q) with p ${p.family} and q ${q.family}: the TransformedDistribution rule needs equal transforms and event shapes`,
      hint: `Register one with registerKL('${p.family}', '${q.family}', rule).`,
    });
  }
  return klDivergence(p.base, q.base);
});
