/**
 * The bad-input side of the fault injection, driven by fast-check on both backends: random
 * invalid distribution parameters at a random step, random guide shapes that disagree with the
 * model, random and mutated params JSON, and params that belong to another model. Each is an
 * `IgnisError` naming where (step, site, argument, path, param); nothing leaks; a failed step
 * leaves the last good state.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, expect, it } from 'vitest';
import type {
  ParamsDecodeError} from '../../lib/index.js';
import {
  Adam,
  IgnisError,
  MultivariateNormal,
  Normal,
  Predictive,
  SVI,
  TraceELBO,
  constraints,
  loadParams,
  param,
  plate,
  prngKey,
  sample,
  saveParams,
} from '../../lib/index.js';
import { describeBackends } from '../helpers/backends.js';
import { DATA, copyState, expectIgnisError, release, stateValues, thrown } from '../helpers/svi-faults.js';

/** What the next step injects: a bad argument of the observation's Normal, or a guide value of the wrong shape. */
type Injection = { readonly kind: 'argument'; readonly arg: 'loc' | 'scale'; readonly value: number } | { readonly kind: 'shape'; readonly batch: readonly number[]; readonly event: boolean };
let injected: Injection | undefined;

function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  yield* plate('data', DATA.length, function* () {
    const bad = injected?.kind === 'argument' ? injected : undefined;
    yield* sample('obs', Normal(bad?.arg === 'loc' ? bad.value : loc, bad?.arg === 'scale' ? bad.value : 1), { obs: x });
  });
}

function* guide(_x: tf.Tensor) {
  const m = yield* param('loc_q', 0);
  const s = yield* param('scale_q', 1, { constraint: constraints.positive });
  const shape = injected?.kind === 'shape' ? injected : undefined;
  if (shape === undefined) yield* sample('loc', Normal(m, s));
  else if (shape.event) yield* sample('loc', MultivariateNormal(tf.add(m, tf.zeros([...shape.batch])), { scaleTril: tf.eye(shape.batch.at(-1)!) }));
  else yield* sample('loc', Normal(tf.add(m, tf.zeros([...shape.batch])), s));
}

const invalidArgument = fc.oneof(
  fc.record({ kind: fc.constant('argument' as const), arg: fc.constant('loc' as const), value: fc.constantFrom(NaN, Infinity, -Infinity) }),
  fc.record({
    kind: fc.constant('argument' as const),
    arg: fc.constant('scale' as const),
    value: fc.oneof(fc.constantFrom(NaN, Infinity, -Infinity, 0, -0), fc.double({ max: -1e-30, noNaN: true })),
  }),
);

const wrongShape = fc.record({
  kind: fc.constant('shape' as const),
  batch: fc.array(fc.integer({ min: 2, max: 4 }), { minLength: 1, maxLength: 2 }),
  event: fc.boolean(),
});

/**
 * `steps − 1` good steps, then the injected fault at step `steps`: returns the error after checking
 * that nothing leaked and that the state passed in is the last good one (a following good update
 * equals, bit for bit, the same update from an untouched copy).
 */
function failAt(steps: number, fault: Injection): unknown {
  const x = tf.tensor1d(DATA);
  const svi = SVI(model, guide, Adam({ lr: 0.05 }), TraceELBO());
  let state = svi.init(prngKey(steps), x);
  for (let i = 1; i < steps; i++) [state] = svi.update(state, x);
  const copy = copyState(state);
  const before = tf.memory().numTensors;
  injected = fault;
  const error = thrown(() => svi.update(state, x));
  injected = undefined;
  expect(tf.memory().numTensors).toBe(before);
  const [a, lossA] = svi.update(state, x);
  const [b, lossB] = svi.update(copy, x);
  expect(lossA).toBe(lossB);
  expect(stateValues(a)).toEqual(stateValues(b));
  release(a);
  release(b);
  x.dispose();
  return error;
}

describeBackends('reliability: bad input', () => {
  afterEach(() => {
    injected = undefined;
  });

  it('a random invalid distribution argument at a random step: InvalidArgument naming the step, the site before it, the plate and the argument', () => {
    fc.assert(
      fc.property(invalidArgument, fc.integer({ min: 1, max: 3 }), (fault, step) => {
        const requirement = fault.arg === 'loc' ? 'must be finite' : 'must be positive';
        expectIgnisError(
          failAt(step, fault),
          'InvalidArgument',
          new RegExp(`^SVI\\.update: the model raised an error at step ${step} after site 'loc' inside plate 'data': Normal: argument '${fault.arg}' ${requirement}: got `),
        );
      }),
      { numRuns: 12 },
    );
  });

  it('a random guide shape that disagrees with the model: ModelGuideMismatch at the latent, naming both shapes (or event dims) and the step', () => {
    fc.assert(
      fc.property(wrongShape, fc.integer({ min: 1, max: 3 }), (fault, step) => {
        const disagreement = fault.event
          ? /model and guide event dims disagree at site 'loc': the model's Normal has event dim 0 \(event shape \[\]\), the guide's MultivariateNormal has event dim 1/
          : new RegExp(`model and guide shapes disagree at site 'loc': the model's Normal has shape \\[\\], the guide's Normal has shape \\[${fault.batch.join(', ')}\\]`);
        expectIgnisError(failAt(step, fault), 'ModelGuideMismatch', new RegExp(`^SVI\\.update: step ${step} failed at site 'loc'`), disagreement);
      }),
      { numRuns: 12 },
    );
  });

  it('random JSON is refused: a ParamsDecodeError (an IgnisError) whose every issue names a path; nothing is allocated', () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string()), (text) => {
        const before = tf.memory().numTensors;
        const loaded = loadParams(text);
        expect(tf.memory().numTensors).toBe(before);
        expect(E.isLeft(loaded)).toBe(true);
        const e = (loaded as E.Left<ParamsDecodeError>).left;
        expect(e).toBeInstanceOf(IgnisError);
        expectIgnisError(e, 'InvalidArgument', /^loadParams: invalid parameters file: /);
        for (const issue of e.issues) expect(issue).toMatch(/^(\(root\)|[A-Za-z_$][\w$]*|\[".*"\]|params[.[])[^:]*: (expected|unexpected|malformed)/);
      }),
      { numRuns: 60 },
    );
  });

  it('a valid params file with one random defect is refused, the issue naming the defect’s path', () => {
    const valid = (): Record<string, unknown> =>
      JSON.parse(tf.tidy(() => saveParams({ loc: tf.tensor1d([0.5, -1.25]), scale: tf.tensor2d([[1, 2]]) }))) as Record<string, unknown>;
    const defect = fc.oneof(
      fc.record({ where: fc.constantFrom('root', 'loc', 'scale'), key: fc.string({ minLength: 1 }).filter((k) => !['format', 'version', 'params', 'shape', 'dtype', 'values', '__proto__'].includes(k)) }).map(
        (d) => ({ ...d, kind: 'extra key' as const }),
      ),
      fc.record({ param: fc.constantFrom('loc', 'scale'), field: fc.constantFrom('shape', 'dtype', 'values'), value: fc.jsonValue() }).map((d) => ({ ...d, kind: 'wrong field' as const })),
      fc.record({ index: fc.integer({ min: 0, max: 1 }), value: fc.constantFrom('NaN', 'Infinity', null, 1e39, '1') }).map((d) => ({ ...d, kind: 'bad value' as const })),
      fc.constant({ kind: 'prototype' as const }),
    );
    fc.assert(
      fc.property(defect, (d) => {
        const doc = valid();
        const params = doc.params as Record<string, Record<string, unknown>>;
        let text: string;
        let path: RegExp;
        if (d.kind === 'extra key') {
          (d.where === 'root' ? doc : params[d.where]!)[d.key] = 1;
          text = JSON.stringify(doc);
          path = /unexpected key/;
        } else if (d.kind === 'wrong field') {
          params[d.param]![d.field] = d.value;
          text = JSON.stringify(doc);
          path = new RegExp(`^params\\.${d.param}(\\.${d.field}|\\.values)`);
        } else if (d.kind === 'bad value') {
          (params.loc!.values as unknown[])[d.index] = d.value;
          text = JSON.stringify(doc);
          path = new RegExp(`^params\\.loc\\.values\\[${d.index}\\]: expected a (finite number|number within float32 range)`);
        } else {
          text = JSON.stringify(doc).replace('"params":{', '"params":{"__proto__":{"shape":[],"dtype":"float32","values":[1]},');
          path = /^params\.__proto__: expected a parameter name other than "__proto__"/;
        }
        const loaded = loadParams(text);
        if (E.isRight(loaded)) {
          // a "wrong" field that happens to be valid (e.g. values replaced by two finite numbers)
          expect(d.kind).toBe('wrong field');
          tf.dispose(Object.values(loaded.right));
          return;
        }
        expect(loaded.left.issues.some((issue) => path.test(issue)), `${JSON.stringify(d)} → ${loaded.left.message}`).toBe(true);
      }),
      { numRuns: 80 },
    );
  });

  it('params of another model: Predictive raises ParamMismatch naming the given and the read params; nothing leaks', () => {
    const identifier = fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/).filter((n) => n !== 'loc_q' && n !== 'scale_q');
    fc.assert(
      fc.property(fc.uniqueArray(identifier, { minLength: 1, maxLength: 3 }), (names) => {
        const x = tf.tensor1d(DATA);
        const params = Object.fromEntries(names.map((n) => [n, tf.scalar(1)]));
        const before = tf.memory().numTensors;
        const error = thrown(() => Predictive(model, { guide, params, numSamples: 3 })(prngKey(0), x));
        expect(tf.memory().numTensors).toBe(before);
        expectIgnisError(
          error,
          'ParamMismatch',
          new RegExp(`^Predictive: the params given match no param the model reads: given ${names.map((n) => `'${n}'`).join(', ')}; read 'loc_q', 'scale_q', which take their initial values`),
        );
        tf.dispose([x, ...Object.values(params)]);
      }),
      { numRuns: 10 },
    );
  });

  it('another SVI’s state: update raises ParamMismatch naming the step and both sets of params; the state stays usable by its own SVI', () => {
    function* otherModel() {
      yield* sample('z', Normal(0, 1));
    }
    function* otherGuide() {
      const a = yield* param('a', 0);
      yield* sample('z', Normal(a, 1));
    }
    const x = tf.tensor1d(DATA);
    const other = SVI(otherModel, otherGuide, Adam({ lr: 0.05 }), TraceELBO());
    const mine = SVI(model, guide, Adam({ lr: 0.05 }), TraceELBO());
    const foreign = other.init(prngKey(1));
    const copy = copyState(foreign);
    const before = tf.memory().numTensors;
    expectIgnisError(
      thrown(() => mine.update(foreign, x)),
      'ParamMismatch',
      /^SVI\.update: the state does not belong to this model and guide at step 1: the model and guide read the params 'loc_q', 'scale_q', the state holds 'a'/,
    );
    expect(tf.memory().numTensors).toBe(before);
    const [a] = other.update(foreign);
    const [b] = other.update(copy);
    expect(stateValues(a)).toEqual(stateValues(b));
    release(a);
    release(b);
    x.dispose();
  });
});
