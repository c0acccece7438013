import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PlateSite } from '../../lib/core/effect.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { plate, sample } from '../../lib/core/primitives.js';
import { latentSites } from '../../lib/core/trace.js';
import { condition } from '../../lib/handlers/condition.js';
import { replay } from '../../lib/handlers/replay.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { chain } from './fixtures.js';

describe('handlers/replay', () => {
  describe('replay', () => {
    it('reproduces every latent value of a recorded trace, whatever the new key', () => {
      fc.assert(
        fc.property(fc.integer(), fc.integer(), (s1, s2) => {
          tf.tidy(() => {
            const recorded = simulate(chain, { key: prngKey(s1) })(tf.scalar(0));
            const replayed = simulate(replay(chain, recorded), { key: prngKey(s2) })(tf.scalar(0));
            for (const site of latentSites(recorded)) {
              expect(Array.from(replayed.sites.get(site.name)!.value.dataSync())).toEqual(Array.from(site.value.dataSync()));
            }
          });
        }),
        { numRuns: 40 },
      );
    });

    it('gives the model the guide trace\'s subsample indices', () => {
      function* sub() {
        yield* plate('data', 1000, { subsampleSize: 8 }, function* () {
          yield* sample('z', Normal(0, 1));
        });
      }
      tf.tidy(() => {
        const guideTrace = simulate(sub, { key: prngKey(1) })();
        const modelTrace = simulate(replay(sub, guideTrace), { key: prngKey(2) })();
        const idx = (t: typeof guideTrace) => Array.from((t.sites.get('data') as PlateSite).value.dataSync());
        expect(idx(modelTrace)).toEqual(idx(guideTrace));
      });
    });

    it('leaves observed sites alone and rejects replaying a latent site from an observed one', () => {
      tf.tidy(() => {
        const recorded = simulate(chain, { key: prngKey(0) })(tf.scalar(5));
        const replayed = simulate(replay(chain, recorded), { key: prngKey(1) })(tf.scalar(7));
        expect(replayed.sites.get('y')!.value.dataSync()[0]).toBe(7);
        const observedA = simulate(condition(chain, { a: tf.scalar(1) }), { key: prngKey(0) })(tf.scalar(0));
        expect(() => simulate(replay(chain, observedA), { key: prngKey(0) })(tf.scalar(0))).toThrow(
          /replay: site must be sampled in the replayed trace at site 'a'/,
        );
      });
    });
  });
});
