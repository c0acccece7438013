import * as tf from '@tensorflow/tfjs-core';
import * as fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { type ParamsDecodeError, loadParams, saveParams } from '../../lib/infer/params-io.js';
import type { ParamValues } from '../../lib/infer/params.js';

const bits = (t: tf.Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

function left(json: string): ParamsDecodeError {
  const result = loadParams(json);
  if (E.isRight(result)) {
    tf.dispose(Object.values(result.right));
    throw new Error('expected a decode error');
  }
  return result.left;
}

const file = (params: unknown, extra: Record<string, unknown> = {}): string => JSON.stringify({ format: 'ignis-params', version: 1, params, ...extra });

describe('infer/params-io', () => {
  describe('saveParams/loadParams', () => {
    it('round-trips random float32 tensors bit for bit (fast-check over shapes and values, -0 and subnormals included)', () => {
      const shapeAndValues = fc
        .array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 })
        .chain((shape) => fc.tuple(fc.constant(shape), fc.array(fc.float({ noNaN: true, noDefaultInfinity: true }), { minLength: shape.reduce((a, b) => a * b, 1), maxLength: shape.reduce((a, b) => a * b, 1) })));
      const paramsArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), shapeAndValues, { maxKeys: 4 });
      fc.assert(
        fc.property(paramsArb, (spec) => {
          const params: ParamValues = Object.fromEntries(Object.entries(spec).map(([n, [shape, values]]) => [n, tf.tensor(Float32Array.from(values), shape)]));
          const loaded = loadParams(saveParams(params));
          expect(E.isRight(loaded)).toBe(true);
          const back = (loaded as E.Right<ParamValues>).right;
          expect(Object.keys(back)).toEqual(Object.keys(params));
          for (const [n, t] of Object.entries(params)) {
            expect(back[n]!.shape).toEqual(t.shape);
            expect(back[n]!.dtype).toBe('float32');
            expect(bits(back[n]!)).toEqual(bits(t));
          }
          tf.dispose([...Object.values(params), ...Object.values(back)]);
        }),
        { numRuns: 200 },
      );
    });

    it('writes the versioned format with the shortest float32 decimals', () => {
      const params = { loc: tf.tensor1d([0.1, -0, 2.5]), 'encoder$$$0.weight': tf.tensor2d([[1, 2]]) };
      const json = saveParams(params);
      expect(JSON.parse(json)).toEqual({
        format: 'ignis-params',
        version: 1,
        params: { loc: { shape: [3], dtype: 'float32', values: [0.1, -0, 2.5] }, 'encoder$$$0.weight': { shape: [1, 2], dtype: 'float32', values: [1, 2] } },
      });
      expect(json).toContain('[0.1, -0, 2.5]');
      tf.dispose(Object.values(params));
    });

    it('refuses to save non-finite values, naming the parameter', () => {
      const params = { scale: tf.tensor1d([1, NaN]) };
      expect(() => saveParams(params)).toThrow(/saveParams: argument 'params.scale' must hold finite values: got NaN at element 1/);
      params.scale.dispose();
    });
  });

  describe('loadParams', () => {
    it('reports malformed JSON', () => {
      expect(left('{"format": ').message).toMatch(/^loadParams: invalid parameters file: \(root\): malformed JSON: /);
    });

    it('names the path of a bad value', () => {
      const error = left(file({ loc: { shape: [4], dtype: 'float32', values: [0, 1, 2, 'NaN'] } }));
      expect(error.issues).toEqual(['params.loc.values[3]: expected a finite number, got "NaN"']);
      expect(error.message).toBe('loadParams: invalid parameters file: params.loc.values[3]: expected a finite number, got "NaN".');
    });

    it('names the path of every bad field', () => {
      const error = left(
        JSON.stringify({
          format: 'other',
          version: 2,
          params: { 'a.b': { shape: [-1, 1.5], dtype: 'float64', values: [1e39] }, c: 3 },
        }),
      );
      expect(error.issues).toEqual([
        'format: expected "ignis-params", got "other"',
        'version: expected 1, got 2',
        'params["a.b"].shape[0]: expected a non-negative integer, got -1',
        'params["a.b"].shape[1]: expected a non-negative integer, got 1.5',
        'params["a.b"].dtype: expected "float32", got "float64"',
        'params["a.b"].values[0]: expected a number within float32 range, got 1e+39',
        'params.c: expected an object with shape, dtype and values, got 3',
      ]);
      expect(left('[]').issues).toEqual(['(root): expected an object with format, version and params, got []']);
      expect(left(JSON.stringify({ format: 'ignis-params', version: 1 })).issues).toEqual(['params: expected an object of parameters by name, got nothing']);
    });

    it('checks that the values fill the shape and that names are non-empty', () => {
      expect(left(file({ w: { shape: [2, 3], dtype: 'float32', values: [1, 2, 3, 4, 5] } })).issues).toEqual([
        'params.w.values: expected 6 values for shape [2, 3], got 5',
      ]);
      expect(left(file({ '': { shape: [], dtype: 'float32', values: [1] } })).issues).toEqual(['params[""]: expected a non-empty parameter name, got ""']);
    });

    it('creates only the returned tensors (no leak)', () => {
      const before = tf.memory().numTensors;
      const loaded = loadParams(file({ a: { shape: [2], dtype: 'float32', values: [1, 2] }, b: { shape: [], dtype: 'float32', values: [3] } }));
      expect(tf.memory().numTensors).toBe(before + 2);
      if (E.isRight(loaded)) tf.dispose(Object.values(loaded.right));
      left(file({ a: { shape: [2], dtype: 'float32', values: [1] } }));
      expect(tf.memory().numTensors).toBe(before);
    });

    it('refuses keys the format does not have, at the root and in an entry, naming each', () => {
      const entry = { shape: [1], dtype: 'float32', values: [1] };
      expect(left(file({ loc: { ...entry, unit: 'm' } }, { comment: 'x' })).issues).toEqual([
        'comment: unexpected key (expected only format, version, params)',
        'params.loc.unit: unexpected key (expected only shape, dtype, values)',
      ]);
    });

    it('refuses a param named "__proto__" (an object assignment would make it a prototype); saveParams does too', () => {
      const text = file({}).replace('"params":{}', '"params":{"__proto__":{"shape":[],"dtype":"float32","values":[1]}}');
      expect(left(text).message).toBe('loadParams: invalid parameters file: params.__proto__: expected a parameter name other than "__proto__".');
      const params: Record<string, tf.Tensor> = {};
      Object.defineProperty(params, '__proto__', { value: tf.scalar(1), enumerable: true });
      expect(() => saveParams(params)).toThrow(/^saveParams: argument 'params' must not have a param named "__proto__"/);
      tf.dispose(Object.values(params));
    });

    it('its Left is an IgnisError (tag InvalidArgument) carrying the issues', () => {
      const e = left('{');
      expect(e).toBeInstanceOf(IgnisError);
      expect([e.tag, e._tag, e.issues.length]).toEqual(['InvalidArgument', 'ParamsDecodeError', 1]);
      expect(() => {
        throw e;
      }).toThrow(/^loadParams: invalid parameters file: \(root\): malformed JSON/);
    });
  });
});
