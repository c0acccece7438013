/**
 * README "Troubleshooting" shows the failure messages as they print: each example there is run
 * here (on the default backend, wasm, where they were taken) and its `name: message` must appear
 * in the README verbatim.
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs-core';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  SVIRunError} from '../../lib/index.js';
import {
  Adam,
  AutoMultivariateNormal,
  LogNormal,
  Normal,
  Predictive,
  SGD,
  SVI,
  TraceELBO,
  constraints,
  disposeState,
  factor,
  loadParams,
  param,
  plate,
  prngKey,
  sample,
  useBackend,
} from '../../lib/index.js';
import { seedData } from '../../examples/support/data.js';
import { DATA, faultGuide, faultModel, thrown } from '../helpers/svi-faults.js';

function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

function* handWritten(_x: tf.Tensor) {
  const m = yield* param('loc_q', 0);
  const s = yield* param('scale_q', 1, { constraint: constraints.positive });
  yield* sample('loc', Normal(m, s));
  yield* sample('scale', LogNormal(0, 1));
}

const printed = (e: unknown): string => `${(e as Error).name}: ${(e as Error).message}`;

describe('README troubleshooting (wasm)', () => {
  let readme = '';
  let x: tf.Tensor;
  beforeAll(async () => {
    await useBackend('wasm');
    readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
    x = tf.tensor1d(Float32Array.from(seedData()));
  });
  afterAll(async () => {
    x.dispose();
    await useBackend('cpu');
  });
  const expectInReadme = (text: string): void => expect(readme.includes(text), text).toBe(true);

  it('a non-finite loss', () => {
    const y = tf.tensor1d([...Array.from(seedData()).slice(0, 99), Infinity]);
    const svi = SVI(model, AutoMultivariateNormal(model), Adam({ lr: 0.005 }), TraceELBO());
    const state = svi.init(prngKey(0), x);
    expectInReadme(printed(thrown(() => svi.update(state, y))));
    disposeState(state);
    y.dispose();
  });

  it('a NaN gradient with a finite loss', () => {
    function* kink() {
      const p = yield* param('p', 0);
      yield* factor('f', tf.where(tf.greater(p, 0), tf.sqrt(p), 0));
    }
    function* noGuide() {
      // nothing latent, no param
    }
    const svi = SVI(kink, noGuide, SGD({ lr: 0.1 }), TraceELBO());
    const state = svi.init(prngKey(0));
    expectInReadme(printed(thrown(() => svi.update(state))));
    disposeState(state);
  });

  it('divergence: scenario 2 at Adam lr 10⁶, and a divergent update refused', () => {
    const e = thrown(() => SVI(model, AutoMultivariateNormal(model), Adam({ lr: 1e6 }), TraceELBO()).run(prngKey(0), 2000, [x])) as SVIRunError;
    expectInReadme(printed(e));
    disposeState(e.state);
    const data = tf.tensor1d(DATA);
    const svi = SVI(faultModel, faultGuide, Adam({ lr: (step: number) => (step <= 2 ? 0.05 : 1e6) }), TraceELBO());
    let state = svi.init(prngKey(7), data);
    [state] = svi.update(state, data);
    [state] = svi.update(state, data);
    expectInReadme(printed(thrown(() => svi.update(state, data))));
    disposeState(state);
    data.dispose();
  });

  it('a guide shape that disagrees with the model', () => {
    function* wrongShape(_x: tf.Tensor) {
      const l = yield* param('loc_loc', tf.zeros([3]));
      yield* sample('loc', Normal(l, 1));
      yield* sample('scale', LogNormal(0, 1));
    }
    expectInReadme(printed(thrown(() => SVI(model, wrongShape as never, Adam({ lr: 0.01 }), TraceELBO()).init(prngKey(0), x))));
  });

  it('params that belong to another model', () => {
    const other = { 'AutoNormal.locs.loc': tf.scalar(3) };
    expectInReadme(printed(thrown(() => Predictive(model, { guide: handWritten, params: other, numSamples: 10 })(prngKey(1), x))));
    tf.dispose(Object.values(other));
    const foreign = SVI(model, AutoMultivariateNormal(model), Adam({ lr: 0.01 }), TraceELBO()).init(prngKey(0), x);
    expectInReadme(printed(thrown(() => SVI(model, handWritten, Adam({ lr: 0.01 }), TraceELBO()).update(foreign, x))));
    disposeState(foreign);
    const loaded = loadParams(
      '{"format":"ignis-params","version":1,"params":{"loc":{"shape":[2],"dtype":"float32","values":[0.5,1],"units":"m"},"__proto__":{"shape":[],"dtype":"float32","values":[1]}}}',
    );
    expect(E.isLeft(loaded)).toBe(true);
    if (E.isLeft(loaded)) expectInReadme(printed(loaded.left));
  });
});
