import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { mapMessages } from '../../lib/core/delegate.js';
import { IgnisError } from '../../lib/core/errors.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { plate, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { replay } from '../../lib/handlers/replay.js';
import { onBackends } from '../helpers/backends.js';

/** A model whose site `bad` fails (its obs has the wrong event size), recording which `finally` blocks ran. */
function failing(log: string[]) {
  return function* model() {
    try {
      yield* sample('a', Normal(0, 1));
      yield* plate('data', 3, function* () {
        try {
          yield* sample('bad', Normal(0, 1).expand([3]).toEvent(1), { obs: tf.zeros([3, 2]) });
        } finally {
          log.push('plate body');
        }
      });
    } finally {
      log.push('model');
    }
  };
}

describe('core/delegate', () => {
  onBackends(() => {
    describe('errors raised at a site', () => {
      it("run the model's finally blocks, inside plate bodies too, and still propagate", () => {
        const log: string[] = [];
        expect(() => tf.tidy(() => void simulate(failing(log), { key: prngKey(0) })())).toThrow(IgnisError);
        expect(log).toEqual(['plate body', 'model']);
      });

      it('run them through handlers (an error raised by a hook reaches the model at the site)', () => {
        const log: string[] = [];
        // replay raises ModelGuideMismatch at 'a': the replayed trace has 'a' observed
        function* guideLike() {
          yield* sample('a', Normal(0, 1), { obs: tf.scalar(0) });
        }
        const guideTrace = simulate(guideLike, { key: prngKey(0) })();
        expect(() => tf.tidy(() => void simulate(replay(failing(log), guideTrace), { key: prngKey(0) })())).toThrow(/replay: site must be sampled in the replayed trace at site 'a'/);
        expect(log).toEqual(['model']);
      });

      it('can be caught by the model, which then continues (Python semantics)', () => {
        function* forgiving() {
          let caught = '';
          try {
            yield* sample('bad', Normal(0, 1).expand([3]).toEvent(1), { obs: tf.zeros([2]) });
          } catch (e) {
            caught = (e as IgnisError).tag;
          }
          yield* sample('after', Normal(0, 1));
          return caught;
        }
        tf.tidy(() => {
          const trace = simulate(forgiving, { key: prngKey(0) })();
          expect(trace.returnValue).toBe('ShapeMismatch');
          expect([...trace.sites.keys()]).toEqual(['after']);
        });
      });

      it('leave tf.memory().numTensors unchanged', () => {
        const run = () => tf.tidy(() => void simulate(failing([]), { key: prngKey(0) })());
        expect(run).toThrow(IgnisError); // warm up
        const before = tf.memory().numTensors;
        for (let i = 0; i < 20; i++) expect(run).toThrow(IgnisError);
        expect(tf.memory().numTensors).toBe(before);
      });
    });
  });

  describe('mapMessages', () => {
    it('closes the inner generator when the outer one is closed', () => {
      const log: string[] = [];
      function* inner() {
        try {
          yield 1;
          yield 2;
        } finally {
          log.push('inner closed');
        }
      }
      const outer = mapMessages(inner(), (x: number) => x * 10);
      expect(outer.next().value).toBe(10);
      outer.return(undefined);
      expect(log).toEqual(['inner closed']);
    });

    it('throws an error of the message map into the inner generator at that yield', () => {
      function* inner() {
        try {
          yield 1;
        } catch (e) {
          return `caught ${(e as Error).message}`;
        }
        return 'not reached';
      }
      const outer = mapMessages(inner(), () => {
        throw new Error('boom');
      });
      expect(outer.next()).toEqual({ done: true, value: 'caught boom' });
    });
  });
});
