/**
 * logreg (shared/bench/SCALE.md): `w ~ N(0, 1)^D`, `b ~ N(0, 10)`; plate `data` of N (with
 * `subsampleSize` S when S > 0): `y ~ Bernoulli(logits = X w + b)`; `AutoNormal` with
 * `initToFeasible()` and initScale 0.1, `TraceELBO`, `Adam(0.01)`.
 */
import * as tf from '@tensorflow/tfjs-core';
import { Adam, AutoNormal, Bernoulli, Normal, SVI, TraceELBO, initToFeasible, matvec, plate, sample } from '../../../lib/index.js';
import { float32Sum } from '../data.js';
import type { PreparedData, WorkloadSetup } from '../workload.js';
import { logregData } from './data.js';

/** The logreg workload's data and SVI setup for `n` rows (`subsample` rows per step when > 0). */
export function prepareLogreg(n: number, subsample = 0, d = 10): PreparedData {
  const data = logregData(n, d);
  const x = tf.tensor2d(data.x, [n, d]);
  const y = tf.tensor1d(data.y);
  function* model(xs: tf.Tensor, ys: tf.Tensor) {
    const w = yield* sample('w', Normal(0, 1).expand([d]).toEvent(1));
    const b = yield* sample('b', Normal(0, 10));
    if (subsample > 0) {
      yield* plate('data', n, { subsampleSize: subsample }, function* (idx) {
        const logits = tf.add(matvec(tf.gather(xs, idx), w), b);
        yield* sample('y', Bernoulli({ logits }), { obs: tf.gather(ys, idx) });
      });
    } else {
      const logits = tf.add(matvec(xs, w), b);
      yield* plate('data', n, function* () {
        yield* sample('y', Bernoulli({ logits }), { obs: ys });
      });
    }
  }
  const setup = (): WorkloadSetup => {
    const guide = AutoNormal(model, { initLocFn: initToFeasible(), initScale: 0.1 });
    return {
      svi: SVI(model, guide, Adam({ lr: 0.01 }), TraceELBO()),
      args: [x, y],
      posterior: (params) =>
        tf.tidy(() => {
          const median = guide.median(params);
          const w = median.w.dataSync();
          let err = 0;
          for (let j = 0; j < d; j++) err += (w[j]! - data.wTrue[j]!) ** 2;
          return { b_median: median.b.dataSync()[0]!, rmse_w_true: Math.sqrt(err / d) };
        }),
    };
  };
  return {
    checksums: { sum_w_true: float32Sum(data.wTrue), sum_X: float32Sum(data.x), sum_y: float32Sum(data.y) },
    setup,
    dispose: () => tf.dispose([x, y]),
  };
}
