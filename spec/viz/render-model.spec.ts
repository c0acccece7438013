import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { quote } from '../../lib/viz/dot.js';
import { renderModel } from '../../lib/viz/render-model.js';
import { dotToSvg, renderModelSvg } from '../../lib/viz/svg.js';
import { allClusters, edgeSet, findPlate, parseDot } from './helpers/dot-parser.js';
import { parseSvg, texts } from './helpers/svg.js';
import { B, K, chain, mixture, regression, regressionData, scenario1, scenario1Guide, subsampled } from './fixtures.js';

describe('viz/render-model', () => {
  describe('renderModel', () => {
    it('nests plate components inside plate mini_batch, with their sizes and dims, and puts a inside both (scenario 1)', () => {
      const data = tf.zeros([B]);
      const graph = parseDot(renderModel(scenario1, { args: [data] }));
      const outer = findPlate(graph, 'mini_batch')!;
      const inner = findPlate(graph, 'components')!;
      expect(outer.parent).toBe(graph.root);
      expect(inner.parent).toBe(outer.cluster);
      expect(outer.cluster.attributes.label).toBe(`mini_batch\nsize ${B}, dim -1`);
      expect(inner.cluster.attributes.label).toBe(`components\nsize ${K}, dim -2`);
      expect(graph.nodes.get('a')!.clusters).toEqual([outer.cluster.id, inner.cluster.id]);
      expect(graph.nodes.get('obs')!.clusters).toEqual([outer.cluster.id]);
      expect(allClusters(graph.root)).toHaveLength(2);
      expect(edgeSet(graph)).toEqual(['a->obs']);
      data.dispose();
    });

    it('draws the regression with edges w, b, sigma → y only, y observed (filled) inside plate data', () => {
      const [X, y] = regressionData();
      const graph = parseDot(renderModel(regression, { args: [X, y] }));
      expect(edgeSet(graph)).toEqual(['b->y', 'sigma->y', 'w->y']);
      expect([...graph.nodes.keys()]).toEqual(['w', 'b', 'sigma', 'y']);
      expect(graph.nodes.get('y')!.attributes).toMatchObject({ style: 'filled', shape: 'ellipse' });
      expect(graph.nodes.get('w')!.attributes.style).toBeUndefined();
      expect(graph.nodes.get('y')!.clusters).toHaveLength(1);
      expect(findPlate(graph, 'data')!.cluster.nodes).toEqual(['y']);
      tf.dispose([X, y]);
    });

    it('shows distributions and shapes in the labels when asked', () => {
      const [X, y] = regressionData();
      const graph = parseDot(renderModel(regression, { args: [X, y], renderDistributions: true, renderShapes: true }));
      expect(graph.nodes.get('w')!.attributes.label).toBe('w\n~ Normal\n[] | [2]');
      expect(graph.nodes.get('sigma')!.attributes.label).toBe('sigma\n~ HalfNormal\n[]');
      expect(graph.nodes.get('y')!.attributes.label).toBe('y\n~ Normal\n[6]');
      tf.dispose([X, y]);
    });

    it('labels a subsampled plate with both sizes', () => {
      const y = tf.zeros([100]);
      expect(findPlate(parseDot(renderModel(subsampled, { args: [y] })), 'data')!.cluster.attributes.label).toBe('data\nsize 10 of 100, dim -1');
      y.dispose();
    });

    it('draws params as plain nodes with edges to the sites using them only with renderParams', () => {
      const y = tf.scalar(0.5);
      const without = parseDot(renderModel(mixture, { args: [y] }));
      expect(without.nodes.has('weights')).toBe(false);
      expect(edgeSet(without)).toEqual(['locs->y', 'noisy->y', 'z->y']);
      const withParams = parseDot(renderModel(mixture, { args: [y], renderParams: true, renderDistributions: true }));
      expect(withParams.nodes.get('weights')!.attributes).toMatchObject({ shape: 'plain', label: 'weights\npositive' });
      expect(edgeSet(withParams)).toEqual(['locs->y', 'noisy->y', 'weights->z', 'z->y']);
      y.dispose();
    });

    it('looks through deterministic sites unless renderDeterministic', () => {
      const y = tf.scalar(1);
      expect(edgeSet(parseDot(renderModel(chain, { args: [y] })))).toEqual(['a->b', 'b->y', 'b->z']);
      const shown = parseDot(renderModel(chain, { args: [y], renderDeterministic: true }));
      expect(edgeSet(shown)).toEqual(['a->b', 'b->c', 'b->y', 'c->z']);
      expect(shown.nodes.get('c')!.attributes.style).toBe('dashed');
      y.dispose();
    });

    it('draws a guide in its own cluster, auxiliary sites dotted, linked to the model sites of the same name', () => {
      const data = tf.zeros([B]);
      const graph = parseDot(renderModel(scenario1, { args: [data], guide: scenario1Guide, renderParams: true }));
      expect(graph.root.children.map((c) => c.attributes.label)).toEqual(['model', 'guide']);
      const guide = graph.root.children[1]!;
      expect(graph.nodes.get('guide:a_aux')!.attributes.style).toBe('dotted');
      expect(graph.nodes.get('guide:a')!.clusters[0]).toBe(guide.id);
      expect(graph.nodes.get('guide:a')!.clusters).toHaveLength(3); // guide > mini_batch > components
      expect(edgeSet(graph)).toEqual(['a->obs', 'guide:a->a', 'guide:a_aux->guide:a', 'guide:loc->guide:a_aux', 'guide:scale->guide:a_aux']);
      expect(graph.edges.find((e) => e.to === 'a')!.attributes).toMatchObject({ style: 'dashed', dir: 'none', constraint: 'false' });
      data.dispose();
    });

    it('quotes names DOT would misread', () => {
      function* odd() {
        const x = yield* sample('x "quoted" \\ name', Normal(0, 1));
        yield* sample('y->z', Normal(x, 1));
      }
      const graph = parseDot(renderModel(odd, { args: [] }));
      expect(edgeSet(graph)).toEqual(['x "quoted" \\ name->y->z']);
      expect(quote('a\nb')).toBe('"a\\nb"');
    });

    it('leaves tf.memory().numTensors unchanged', () => {
      const [X, y] = regressionData();
      const data = tf.zeros([B]);
      const before = tf.memory().numTensors;
      renderModel(regression, { args: [X, y], renderParams: true, renderDistributions: true });
      renderModel(scenario1, { args: [data], guide: scenario1Guide, renderParams: true });
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([X, y, data]);
    });
  });

  describe('renderModelSvg', () => {
    it('renders SVG, well-formed XML starting at <svg, with every node label and plate label', async () => {
      const data = tf.zeros([B]);
      const svg = await renderModelSvg(scenario1, { args: [data], renderDistributions: true });
      expect(svg.startsWith('<svg')).toBe(true);
      const words = texts(parseSvg(svg));
      expect(words).toEqual(expect.arrayContaining(['a', '~ Normal', 'obs', 'mini_batch', 'components', `size ${K}, dim -2`]));
      data.dispose();
    });

    it('raises InvalidArgument naming dotToSvg for text Graphviz cannot read', async () => {
      await expect(dotToSvg('digraph { a -> }')).rejects.toThrow(/^dotToSvg: Graphviz could not lay out the graph: .*syntax error/);
    });
  });
});
