// quickstart.mjs: run with `node quickstart.mjs`
import * as tf from '@tensorflow/tfjs-core';
import { Adam, AutoNormal, Normal, Predictive, SVI, TraceELBO, formatSummary, plate, prngKey, sample, summary, useBackend } from '@ignis-ppl/core';

await useBackend('wasm'); // or 'cpu'

function* model(x) {
  const loc = yield* sample('loc', Normal(0, 10));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, 1), { obs: x });
  });
}

const x = tf.tensor1d([2.9, 3.4, 3.1, 2.6, 3.3]);
const guide = AutoNormal(model);
const svi = SVI(model, guide, Adam({ lr: 0.02 }), TraceELBO());
const { params, losses } = svi.run(prngKey(0), 2000, [x], { progressBar: true });
console.log(`loss ${losses[0].toFixed(2)} -> ${losses[1999].toFixed(2)}`);

const samples = Predictive(model, { guide, params, numSamples: 2000, returnSites: ['loc'] })(prngKey(1), x);
console.log(formatSummary(summary(samples)));
// the exact posterior (conjugate): mean 3.054, sd 0.4468, 5% 2.319, 95% 3.789
