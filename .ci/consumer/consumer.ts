// The consumer check's type half: a user's file, type-checked by `tsc --noEmit` against the
// installed package's .d.ts only, under the config `tsc --init` writes and a plain strict one
// (both with skipLibCheck: false). The `@ts-expect-error` lines fail the check if Ignis's types
// degrade to `any` (the misuse would then compile); the `Assert` lines fail it if an inferred
// type is not the expected one.
import * as tf from '@tensorflow/tfjs-core';
import {
  Adam,
  AutoMultivariateNormal,
  type IgnisError,
  LogNormal,
  Normal,
  SVI,
  type SVIState,
  type Summary,
  TraceELBO,
  fromLayersModel,
  plate,
  prngKey,
  sample,
  summary,
  toInferenceData,
  useBackend,
} from '@ignis-ppl/core';

type IsAny<T> = 0 extends 1 & T ? true : false;
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

function* model(x: tf.Tensor) {
  const loc = yield* sample('loc', Normal(0, 10));
  const scale = yield* sample('scale', LogNormal(0, 1));
  yield* plate('data', x.shape[0]!, function* () {
    yield* sample('obs', Normal(loc, scale), { obs: x });
  });
  return { loc, scale };
}

export async function fit(): Promise<number> {
  await useBackend('wasm', { wasmPaths: '/wasm/' });
  // @ts-expect-error 'gpu' is not a backend Ignis runs on
  await useBackend('gpu');
  const x = tf.tensor1d([2.9, 3.1, 3.4]);
  const guide = AutoMultivariateNormal(model, { initScale: 0.1 });
  const svi = SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO());
  const { params, state, losses } = svi.run(prngKey(0), 100, [x], { progressBar: true, progressLines: 10 });
  // @ts-expect-error the model's arguments are a tuple of one tensor
  svi.run(prngKey(0), 100, ['not a tensor']);
  // @ts-expect-error run takes the model's arguments as a tuple, not spread
  svi.run(prngKey(0), 100, x);
  const median = guide.median(params);
  type _losses = Assert<Equals<typeof losses, Float64Array>>;
  type _state = Assert<Equals<typeof state, SVIState>>;
  type _median = Assert<Equals<keyof typeof median, 'loc' | 'scale'>>; // keyed by the model's latent sites
  type _notAny = Assert<Equals<IsAny<typeof median.loc>, false>>;
  // @ts-expect-error 'sigma' is not a latent site of the model
  void median.sigma;
  const table: Summary = summary({ loc: [1, 2, 3] });
  const idata = toInferenceData({ loc: [1, 2, 3] }, { chains: 1 });
  // @ts-expect-error chains is a number
  toInferenceData({ loc: [1, 2, 3] }, { chains: '1' });
  const layer = fromLayersModel({ layers: [], apply: (t: tf.Tensor) => t }); // structural: no tfjs-layers needed
  void layer;
  const tag: IgnisError['tag'] = 'BackendUnavailable';
  void tag;
  return table.rows.length + Object.keys(idata.posterior).length;
}
