/**
 * Unknown options are never ignored: every primitive (and blockPlate) raises an
 * `InvalidArgument` naming the option and listing the known ones (the compile-time side is in
 * spec/types/masked-sample.test-d.ts and plates.test-d.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { IgnisError } from '../../lib/core/errors.js';
import { checkOptions } from '../../lib/core/op.js';
import { deterministic, param, plate, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { blockPlate } from '../../lib/handlers/block-plate.js';

const body = function* () {
  /* nothing */
};

describe('core/op', () => {
  describe('checkOptions', () => {
    it.each([
      ['sample', () => sample('y', Normal(0, 1), { obs_mask: tf.scalar(true, 'bool') } as never), "sample: unknown option 'obs_mask' at site 'y'. Known options: obs, obsMask, infer, mask."],
      ['param', () => param('w', 0, { event_dim: 1 } as never), "param: unknown option 'event_dim' at site 'w'. Known options: constraint, eventDim."],
      ['plate', () => plate('data', 10, { subsample_size: 2 } as never, body), "plate: unknown option 'subsample_size' at site 'data'. Known options: dim, subsampleSize, subsample."],
      ['plate handle', () => plate('data', 10, { use_cuda: false } as never), "plate: unknown option 'use_cuda' at site 'data'."],
      ['deterministic', () => deterministic('d', tf.scalar(1), { event_dim: 0 } as never), "deterministic: unknown option 'event_dim' at site 'd'."],
      ['blockPlate', () => blockPlate(body, { name: 'data', strict: true, hide: ['x'] } as never), "blockPlate: unknown option 'hide'."],
    ])('%s raises InvalidArgument naming the option', (_, call, message) => {
      expect(call).toThrow(IgnisError);
      expect(call).toThrow(message);
      try {
        call();
      } catch (e) {
        expect((e as IgnisError).tag).toBe('InvalidArgument');
      }
    });

    it('accepts known options, undefined, and rejects options that are not an object', () => {
      expect(() => checkOptions('f', { a: 1, b: undefined }, ['a', 'b'])).not.toThrow();
      expect(() => checkOptions('f', undefined, ['a'])).not.toThrow();
      expect(() => checkOptions('f', 3, ['a'], 's')).toThrow("f: options must be an object at site 's': got number.");
      expect(() => checkOptions('f', [1], ['a'])).toThrow('got an array');
      expect(() => sample('y', Normal(0, 1), null as never)).toThrow(/options must be an object at site 'y': got null/);
    });
  });
});
