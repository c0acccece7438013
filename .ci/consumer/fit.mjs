// The consumer check's runtime half: plain Node (no TypeScript, no tsx) imports the packed
// package by name and fits scenario 2 (loc ~ Normal(0, 10), scale ~ LogNormal(0, 1), 100
// points) with AutoMultivariateNormal on both backends, checking the posterior medians against
// the exact posterior (README: loc 3.208, scale 0.9312, by quadrature); then the lazily loaded
// optional peers: without them a plot raises MissingDependency naming the package, with them
// (`--with-optional`) it draws.
//
//   node fit.mjs [--with-optional]
import * as tf from '@tensorflow/tfjs-core';
import {
  Adam, AutoMultivariateNormal, IgnisError, LogNormal, Normal, SVI, TraceELBO,
  currentBackend, plate, plotLoss, prngKey, renderModelSvg, sample, useBackend,
} from '@ignis-ppl/core';

const withOptional = process.argv.includes('--with-optional');
let failures = 0;
const check = (what, ok, detail) => {
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${what}: ${detail}`);
  if (!ok) failures++;
};

// The seed example's data: mulberry32(1) normals + 3 (shared/bench/WORKLOADS.md).
function seedData() {
  let a = 1;
  const uniform = () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: 100 }, () => {
    const u1 = uniform();
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2) + 3;
  });
}

function* model(x) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0], function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
}

const STEPS = 1500;
// with the optional peers installed, only the plots are checked (the fits ran before)
for (const backend of withOptional ? ['cpu'] : ['cpu', 'wasm']) {
  await useBackend(backend);
  const x = tf.tensor1d(seedData());
  const before = tf.memory().numTensors;
  const guide = AutoMultivariateNormal(model, { initScale: 0.1 });
  const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
  const started = performance.now();
  const { params, state, losses } = svi.run(prngKey(0), withOptional ? 10 : STEPS, [x]);
  const ms = (performance.now() - started) / STEPS;
  const median = guide.median(params);
  if (!withOptional) {
    const loc = median.loc.dataSync()[0];
    const scale = median.scale.dataSync()[0];
    console.log(`${currentBackend()}: ${STEPS} steps, ${ms.toFixed(3)} ms/step, loss ${losses[0].toFixed(1)} -> ${losses[STEPS - 1].toFixed(1)}`);
    // tolerance: half the exact posterior sd (0.098 for loc, 0.068 for scale); SVI's stationary noise at lr 0.01
    // and the fit's bias are well inside it (measured: 0.012 and 0.0014 off)
    check('posterior median of loc', Math.abs(loc - 3.208) < 0.05, `${loc.toFixed(4)} vs exact 3.208`);
    check('posterior median of scale', Math.abs(scale - 0.9312) < 0.035, `${scale.toFixed(4)} vs exact 0.9312`);
  }
  tf.dispose([...Object.values(median), ...Object.values(params), ...Object.values(state.params), ...Object.values(state.optState ?? {})]);
  tf.dispose(x);

  if (backend === 'cpu') {
    const plot = plotLoss(losses).then((svg) => ({ svg }), (error) => ({ error }));
    const diagram = renderModelSvg(model, { args: [tf.zeros([3])] }).then((svg) => ({ svg }), (error) => ({ error }));
    const [p, d] = await Promise.all([plot, diagram]);
    if (withOptional) {
      check('plotLoss with vega installed', p.svg?.startsWith('<svg') === true, p.error?.message ?? `${p.svg.length} chars of SVG`);
      check('renderModelSvg with @viz-js/viz installed', d.svg?.startsWith('<svg') === true, d.error?.message ?? `${d.svg.length} chars of SVG`);
    } else {
      const named = (r, pkg) => r.error instanceof IgnisError && r.error.tag === 'MissingDependency' && r.error.message.includes(`npm install ${pkg}`);
      check('plotLoss without vega raises MissingDependency naming it', named(p, 'vega vega-lite'), p.error?.message ?? 'no error');
      check('renderModelSvg without @viz-js/viz raises MissingDependency naming it', named(d, '@viz-js/viz'), d.error?.message ?? 'no error');
    }
  }
}
console.log(failures === 0 ? 'consumer fit: all checks passed' : `consumer fit: ${failures} checks FAILED`);
process.exit(failures === 0 ? 0 : 1);
