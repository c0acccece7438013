/**
 * The `bijectTo` / `transformTo` registries: dispatch on `kind`, user rules, the missing-rule
 * error, caching, tensor bounds. Values against closed forms with rtol 1e-5, atol 1e-6
 * (one or two float32 ops).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { IgnisError } from '../../../lib/core/errors.js';
import {
  bijectTo,
  constraints as c,
  makeConstraint,
  registerBijection,
  registerTransformTo,
  transformTo,
  transforms as T,
} from '../../../lib/distributions/index.js';
import { tensorsReachable } from '../../../lib/core/keep.js';
import { tidy } from '../../../lib/core/tidy.js';
import { describeBackends } from '../../helpers/backends.js';
import { closeness } from '../../helpers/golden.js';

const close = (a: tf.Tensor, e: readonly number[]): void => expect(closeness(a.dataSync(), e, 1e-5, 1e-6)).toBeUndefined();

describeBackends('bijectTo', (backend) => {
  it('dispatches on kind: Pyro structure for each built-in constraint', () => {
    const names = (t: { name: string; parts?: readonly { name: string }[] }): string[] => [t.name, ...(t.parts ?? []).map((p) => p.name)];
    expect(names(bijectTo(c.real))).toEqual(['IdentityTransform']);
    expect(names(bijectTo(c.positive))).toEqual(['ComposeTransform', 'ExpTransform', 'AffineTransform']);
    expect(names(bijectTo(c.lessThan(1)))).toEqual(['ComposeTransform', 'ExpTransform', 'AffineTransform']);
    expect(names(bijectTo(c.unitInterval))).toEqual(['SigmoidTransform']);
    expect(names(bijectTo(c.interval(0, 2)))).toEqual(['ComposeTransform', 'SigmoidTransform', 'AffineTransform']);
    expect(names(bijectTo(c.softplusPositive))).toEqual(['SoftplusTransform']);
    expect(names(bijectTo(c.simplex))).toEqual(['StickBreakingTransform']);
    expect(names(bijectTo(c.positiveOrderedVector))).toEqual(['ComposeTransform', 'OrderedTransform', 'ExpTransform']);
    expect(bijectTo(c.independent(c.positive, 2)).name).toBe('IndependentTransform');
    expect(bijectTo(c.independent(c.positive, 2)).domainEventDim).toBe(2);
    expect(names(transformTo(c.simplex))).toEqual(['SoftmaxTransform']);
    expect(transformTo(c.independent(c.simplex, 1)).name).toBe('IndependentTransform');
    expect(transformTo(c.positive)).toBe(bijectTo(c.positive));
  });

  it('interval and bound rules map onto the right sets (closed forms)', () => {
    tf.tidy(() => {
      const x = tf.tensor([-1, 0, 2]);
      const sig = (v: number): number => 1 / (1 + Math.exp(-v));
      close(bijectTo(c.interval(-1, 3)).forward(x), [-1, 0, 2].map((v) => -1 + 4 * sig(v)));
      close(bijectTo(c.greaterThanEq(2)).forward(x), [-1, 0, 2].map((v) => 2 + Math.exp(v)));
      close(bijectTo(c.lessThan(1)).forward(x), [-1, 0, 2].map((v) => 1 - Math.exp(v)));
      // tensor bounds broadcast, and such transforms are rebuilt (not cached) each call
      const lo = tf.tensor([0, 10, 20]);
      const con = c.interval(lo, tf.add(lo, 2));
      close(bijectTo(con).forward(tf.zeros([3])), [1, 11, 21]);
      expect(bijectTo(con)).not.toBe(bijectTo(con));
      close(bijectTo(c.greaterThan(lo)).forward(tf.zeros([2, 3])), [1, 11, 21, 1, 11, 21]);
    });
  });

  it('caches transforms of constraints without tensors', () => {
    expect(bijectTo(c.positive)).toBe(bijectTo(c.positive));
    expect(bijectTo(c.simplex)).toBe(T.StickBreakingTransform());
  });

  it('a constraint without a rule raises NotImplemented naming it and how to register one', () => {
    const odd = makeConstraint(`odd-${backend}`, 'odd', 0, (v) => tf.equal(tf.mod(v, 2), 1));
    let error: unknown;
    try {
      bijectTo(odd);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IgnisError);
    expect((error as IgnisError).tag).toBe('NotImplemented');
    expect((error as IgnisError).message).toBe(
      `bijectTo: no transform is registered for the constraint odd (kind 'odd-${backend}'). Register one with registerBijection('odd-${backend}', (constraint) => transform).`,
    );
    expect(() => bijectTo(c.boolean)).toThrow(/constraint boolean/);
  });

  it('registerBijection / registerTransformTo extend the registries and return the replaced rule', () => {
    const kind = `halfLine-${backend}`;
    const halfLine = makeConstraint(kind, kind, 0, (v) => tf.greater(v, 0));
    expect(registerBijection(kind, () => T.SoftplusTransform())).toBeUndefined();
    expect(bijectTo(halfLine)).toBe(T.SoftplusTransform());
    expect(transformTo(halfLine)).toBe(T.SoftplusTransform());
    const previous = registerBijection(kind, () => T.ExpTransform());
    expect(previous?.(halfLine)).toBe(T.SoftplusTransform());
    expect(bijectTo(halfLine)).toBe(T.ExpTransform());
    expect(registerTransformTo(kind, () => T.SoftplusTransform())).toBeUndefined();
    expect(transformTo(halfLine)).toBe(T.SoftplusTransform());
    expect(bijectTo(c.independent(halfLine, 1)).name).toBe('IndependentTransform');
  });

  it('creates no tensors: each transform holds only its constraint\'s own (tensor bounds), derived ones per call (issue 16.1)', () => {
    // A rule that derived `upper − lower` once would leave a tensor that an enclosing tf.tidy
    // disposes while the transform lives on (an autoguide's prototype, a param cache).
    const constraints = [
      c.greaterThan(tf.scalar(2)),
      c.greaterThanEq(tf.tensor1d([-1, 0])),
      c.lessThan(tf.scalar(3)),
      c.interval(tf.scalar(0), tf.scalar(10)),
      c.interval(tf.tensor1d([0, -1]), tf.tensor1d([10, 1])),
      c.halfOpenInterval(tf.scalar(1), tf.scalar(4)),
      c.independent(c.interval(tf.tensor1d([0, -1]), tf.tensor1d([10, 1])), 1),
      c.interval(0, tf.scalar(5)),
    ];
    for (const constraint of constraints) {
      const before = tf.memory().numTensors;
      const t = bijectTo(constraint);
      expect(tf.memory().numTensors, constraint.name).toBe(before);
      const own = new Set(tensorsReachable(constraint));
      expect(tensorsReachable(t).every((x) => own.has(x)), constraint.name).toBe(true);
      // built inside a tidy, used after it: the bounds live on, so the transform does
      const built = tidy(() => bijectTo(constraint));
      const y = tf.tidy(() => built.forward(tf.zeros([2])));
      expect(Array.from(y.dataSync()).every(Number.isFinite), constraint.name).toBe(true);
      tf.dispose([y, ...own]);
    }
    // the interval with tensor bounds: lower + (upper − lower) σ(x), exactly as with numbers
    const lo = tf.tensor1d([0, -1]);
    const hi = tf.tensor1d([10, 1]);
    const x = tf.tensor1d([0.5, -2]);
    const t = bijectTo(c.interval(lo, hi));
    const sig = (u: number): number => 1 / (1 + Math.exp(-u));
    close(t.forward(x), [10 * sig(0.5), -1 + 2 * sig(-2)]);
    close(t.inverse(t.forward(x)), [0.5, -2]);
    close(t.logAbsDetJacobian(x, t.forward(x)), [Math.log(10 * sig(0.5) * sig(-0.5)), Math.log(2 * sig(-2) * sig(2))]);
    tf.dispose([lo, hi, x]);
  });
});
