import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { plate, sample } from '../../lib/core/primitives.js';
import { block } from '../../lib/handlers/block.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { trackProvenance } from '../../lib/viz/provenance.js';
import { getModelRelations } from '../../lib/viz/relations.js';
import { describeBackends } from '../helpers/backends.js';
import { B, K, chain, mixture, regression, regressionData, scenario1 } from './fixtures.js';

const deps = (rel: ReturnType<typeof getModelRelations>): Record<string, readonly string[]> =>
  Object.fromEntries(rel.sites.map((s) => [s.name, [...s.dependsOn, ...s.params]]));

describe('viz/provenance', () => {
  describe('trackProvenance', () => {
    it('follows every kernel from tagged leaves, including int32 indices, bool masks and comparisons', () => {
      const found = trackProvenance(({ tag, sources }) => {
        const x = tag(tf.tensor1d([1, 2, 3]), 'x');
        const i = tag(tf.scalar(2, 'int32'), 'i');
        const m = tag(tf.tensor1d([1, 0, 1], 'bool'), 'm');
        const t = tag(tf.scalar(0.5), 't');
        return {
          gather: [...sources(tf.gather(x, i))].sort(),
          where: [...sources(tf.where(m, x, tf.zerosLike(x)))].sort(),
          compare: [...sources(tf.cast(tf.greater(x, t), 'float32'))].sort(),
          untouched: [...sources(tf.add(tf.scalar(1), tf.scalar(2)))],
          shapeOnly: [...sources(tf.zeros(x.shape))],
        };
      });
      expect(found).toEqual({ gather: ['i', 'x'], where: ['m', 'x'], compare: ['t', 'x'], untouched: [], shapeOnly: [] });
    });

    it('disposes every tensor it created, also when the body throws', () => {
      const before = tf.memory().numTensors;
      trackProvenance(({ tag, sources }) => sources(tf.exp(tag(tf.ones([4]), 'a'))).size);
      expect(() => trackProvenance(({ tag }) => tf.exp(tag(tf.ones([4]), 'a')) && (() => { throw new Error('boom'); })())).toThrow('boom');
      expect(tf.memory().numTensors).toBe(before);
      // and gradients still work afterwards (the tape was closed)
      expect(tf.grad((x: tf.Tensor) => tf.sum(tf.square(x)))(tf.scalar(3)).dataSync()[0]).toBe(6);
    });
  });
});

describeBackends('viz/relations', () => {
  describe('getModelRelations', () => {
    it('gives the regression exactly w, b, sigma → y and nothing else', () => {
      const [X, y] = regressionData();
      const rel = getModelRelations(regression, { args: [X, y] });
      expect(deps(rel)).toEqual({ w: [], b: [], sigma: [], y: ['w', 'b', 'sigma'] });
      expect(rel.sites.map((s) => [s.name, s.kind, s.distribution])).toEqual([
        ['w', 'latent', 'Normal'],
        ['b', 'latent', 'Normal'],
        ['sigma', 'latent', 'HalfNormal'],
        ['y', 'observed', 'Normal'],
      ]);
      expect(rel.sites[0]!.eventShape).toEqual([2]);
      tf.dispose([X, y]);
    });

    it('gives direct parents only (a → b → y has no a → y), through deterministic sites too', () => {
      const y = tf.scalar(1);
      expect(deps(getModelRelations(chain, { args: [y] }))).toEqual({ a: [], b: ['a'], c: ['b'], z: ['c'], y: ['b'] });
      y.dispose();
    });

    it('is exact for discrete sites: an int32 Categorical draw through gather, a Bernoulli draw through where', () => {
      const y = tf.scalar(0.5);
      const rel = getModelRelations(mixture, { args: [y] });
      expect(deps(rel)).toEqual({ weights: [], locs: [], noisy: [], z: ['weights'], y: ['locs', 'noisy', 'z'] });
      expect(rel.sites.find((s) => s.name === 'weights')).toMatchObject({ kind: 'param', constraint: 'positive' });
      y.dispose();
    });

    it('records plates outermost first with size, subsample size and dim', () => {
      const data = tf.zeros([B]);
      const rel = getModelRelations(scenario1, { args: [data] });
      const a = rel.sites.find((s) => s.name === 'a')!;
      expect(a.plates.map((f) => [f.name, f.size, f.subsampleSize, f.dim])).toEqual([
        ['mini_batch', B, B, -1],
        ['components', K, K, -2],
      ]);
      expect(a.batchShape).toEqual([K, B]);
      expect(rel.sites.find((s) => s.name === 'obs')!.plates.map((f) => f.name)).toEqual(['mini_batch']);
      expect(deps(rel)).toEqual({ a: [], obs: ['a'] });
      data.dispose();
    });

    it('looks through sites hidden by block', () => {
      function* hidden() {
        const a = yield* sample('a', Normal(0, 1));
        const h = yield* sample('h', Normal(a, 1));
        yield* plate('p', 2, function* () {
          yield* sample('y', Normal(h, 1));
        });
      }
      expect(deps(getModelRelations(block(hidden, { hide: ['h'] }), { args: [] }))).toEqual({ a: [], y: ['a'] });
    });

    it('leaves tf.memory().numTensors unchanged', () => {
      const [X, y] = regressionData();
      const before = tf.memory().numTensors;
      getModelRelations(regression, { args: [X, y] });
      getModelRelations(mixture, { args: [y] });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([X, y]);
    });
  });
});
