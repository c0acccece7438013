import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { formatShapes } from '../../lib/core/format-shapes.js';
import { simulate } from '../../lib/core/interpret.js';
import { prngKey } from '../../lib/core/key.js';
import { param, plate, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';

describe('core/format-shapes', () => {
  describe('formatShapes', () => {
    it('lists plates, params and each sample site as batch | event for dist and value', () => {
      function* model() {
        const w = yield* param('w', tf.zeros([2, 3]));
        yield* plate('rows', 4, function* () {
          yield* sample('z', Normal(tf.zeros([3]), 1).toEvent(1));
        });
        return w;
      }
      const text = tf.tidy(() => formatShapes(simulate(model, { key: prngKey(0) })()));
      const lines = text.split('\n');
      expect(lines[0]).toBe('Plates: rows[dim -1, size 4]');
      expect(lines.map((l) => l.trim())).toContain('Trace Shapes:');
      expect(lines.find((l) => l.trim().startsWith('w'))?.trim().split(/\s+/)).toEqual(['w', '2', '3']);
      const dist = lines.find((l) => l.includes('dist'))!.trim().split(/\s+/);
      expect(dist).toEqual(['z', 'dist', '4', '|', '3']);
      const value = lines.find((l) => l.includes('value'))!.trim().split(/\s+/);
      expect(value).toEqual(['value', '4', '|', '3']);
      // the bars line up
      const bars = lines.filter((l) => l.includes('|')).map((l) => l.indexOf('|'));
      expect(new Set(bars).size).toBe(1);
    });
  });
});
