// main.js: bundle with `npx esbuild main.js --bundle --format=esm --splitting --outdir=public`
import * as tf from '@tensorflow/tfjs-core';
import { Adam, AutoNormal, Normal, SVI, TraceELBO, plate, prngKey, sample, useBackend } from '@ignis-ppl/core';

// The wasm backend fetches its binary: copy node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm to public/wasm/
await useBackend('wasm', { wasmPaths: '/wasm/' });

function* model(x) {
  const loc = yield* sample('loc', Normal(0, 10));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, 1), { obs: x });
  });
}

const x = tf.tensor1d([2.9, 3.4, 3.1, 2.6, 3.3]);
const guide = AutoNormal(model);
const svi = SVI(model, guide, Adam({ lr: 0.02 }), TraceELBO());
const stop = new AbortController(); // e.g. a Stop button: onclick = () => stop.abort()
const { params } = await svi.runAsync(prngKey(0), 2000, [x], {
  signal: stop.signal, // aborting rejects with an SVIRunError (tag Cancelled) carrying the state so far
  onStep: (step, loss) => {
    if (step % 100 === 0) document.querySelector('#loss').textContent = `step ${step}: loss ${loss.toFixed(3)}`;
  },
});
const { loc } = guide.median(params);
document.querySelector('#result').textContent = `posterior median of loc: ${loc.dataSync()[0].toFixed(3)}`;
