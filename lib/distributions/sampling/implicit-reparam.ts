/**
 * Reparameterized samplers written in float64 JavaScript, each run as ONE tfjs op with a
 * custom gradient: Gamma and InverseGamma (Marsaglia–Tsang draws + implicit reparameterization),
 * Beta (two Gammas, `X / (X + Y)`) and StudentT (`loc + scale · ε √(df / χ²_df)`).
 *
 * A sampler reads its parameters once (`dataSync`; parameters broadcast to the output shape
 * `sampleShape + batchShape` by index, never materialized), draws in float64, and uploads the
 * result. The gradient is the vector–Jacobian product `Σ dy · ∂x/∂θ` summed back to each
 * parameter's own shape in JavaScript; the per-element partials are computed only when tfjs
 * asks for the gradient.
 *
 * Gotcha: the gradient is first-order only (it is built from constants, not tfjs ops), so a
 * Hessian through these draws (`tf.grad(tf.grad(...))`) sees zero second derivatives.
 * Log-densities are ordinary tfjs ops and are twice differentiable.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { type Key, normals, splitKey } from '../../core/key.js';
import { type Shape, sizeOf } from '../../core/shape.js';
import { FLOAT32_TINY, standardGammaDLogZ, standardGammaLogDraws } from './gamma-sampler.js';
import { broadcastIndex, sumByIndex } from '../../ops/fused/broadcast.js';
import { FLOAT32_BELOW_ONE } from './standard-draws.js';

/** What a sampler returns: float64 values and, lazily, `∂x_k/∂θ_j` per parameter `j` and element `k`. */
interface Drawn {
  readonly values: Float64Array;
  readonly partials: () => readonly Float64Array[];
}

/** Parameter `j` read at output element `k`: `param(j, k)`. */
type ParamAt = (j: number, k: number) => number;

type Sampler = (param: ParamAt, n: number) => Drawn;

/**
 * Run `sampler` on `params` broadcast to `shape`. With `differentiable`, the result is one
 * `tf.customGrad` op whose gradient is the summed vector–Jacobian product; without, a constant.
 */
function runSampler(params: readonly tf.Tensor[], shape: Shape, sampler: Sampler, differentiable: boolean): tf.Tensor {
  const n = sizeOf(shape);
  const indices = params.map((p) => broadcastIndex(p.shape, shape));
  const data = params.map((p) => p.dataSync());
  const param: ParamAt = (j, k) => data[j]![indices[j]![k]!]!;
  const drawn = sampler(param, n);
  const upload = (): tf.Tensor => tf.tensor(Float32Array.from(drawn.values), [...shape], 'float32');
  if (!differentiable) return upload();
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const inputs = args.slice(0, params.length) as tf.Tensor[];
    return {
      value: upload(),
      gradFunc: (dy: tf.Tensor | tf.Tensor[]) => {
        const dyData = (Array.isArray(dy) ? dy[0]! : dy).dataSync();
        return drawn.partials().map((partial, j) => {
          const vjp = partial.map((p, k) => p * dyData[k]!);
          return tf.tensor(sumByIndex(vjp, indices[j]!, inputs[j]!.size), inputs[j]!.shape, 'float32');
        });
      },
    };
  });
  return op(...params);
}

/** Standard Gamma draws as clamped `log z` (torch clamps draws to the smallest normal float32). */
function gammaLogDraws(key: Key, n: number, alphaAt: (k: number) => number): Float64Array {
  const minLog = Math.log(FLOAT32_TINY);
  return standardGammaLogDraws(key, n, alphaAt).map((l) => Math.max(l, minLog));
}

/**
 * Gamma(`concentration`, `rate`) draws of `shape` (`x = z / rate`), or with `inverse` the
 * InverseGamma(`concentration`, `rate`) draws `x = rate / z`, where `z ~ Gamma(concentration, 1)`.
 * Gradients: `∂x/∂α = ±x · d log z/dα` (implicit), `∂x/∂rate = ∓x / rate`.
 */
export function gammaDraws(
  key: Key,
  concentration: tf.Tensor,
  rate: tf.Tensor,
  shape: Shape,
  options: { readonly inverse: boolean; readonly differentiable: boolean },
): tf.Tensor {
  const sign = options.inverse ? -1 : 1;
  const sampler: Sampler = (param, n) => {
    const logZ = gammaLogDraws(key, n, (k) => param(0, k));
    const values = logZ.map((l, k) => Math.exp(sign * (l - Math.log(param(1, k)))));
    const partials = (): Float64Array[] => [
      values.map((x, k) => sign * x * standardGammaDLogZ(param(0, k), logZ[k]!)),
      values.map((x, k) => (-sign * x) / param(1, k)),
    ];
    return { values, partials };
  };
  return runSampler([concentration, rate], shape, sampler, options.differentiable);
}

/**
 * Beta(`concentration1`, `concentration0`) draws of `shape` as `X / (X + Y)` with
 * `X ~ Gamma(concentration1)`, `Y ~ Gamma(concentration0)`, computed as `σ(log X − log Y)` from
 * the float64 log-draws and clamped to `[tiny, 1 − 2⁻²⁴]` so float32 values stay inside (0, 1).
 * The log-draws are not clamped at float32's `tiny` first: at small concentrations both Gammas
 * often underflow float32 (Gamma(0.01) does with probability 0.42), and clamping both made
 * Beta(0.01, 0.01) return exactly ½ in 17% of draws (torch's float64 clamp: ~1e-6). Gradients:
 * `∂x/∂a = x(1 − x) d log X/da`, `∂x/∂b = −x(1 − x) d log Y/db` (implicit, through both Gammas,
 * whose derivative is taken at the clamped log-draw, where it is finite).
 */
export function betaDraws(key: Key, concentration1: tf.Tensor, concentration0: tf.Tensor, shape: Shape, differentiable: boolean): tf.Tensor {
  const [keyX, keyY] = splitKey(key, 2) as [Key, Key];
  const sampler: Sampler = (param, n) => {
    const logX = standardGammaLogDraws(keyX, n, (k) => param(0, k));
    const logY = standardGammaLogDraws(keyY, n, (k) => param(1, k));
    const spread = logX.map((lx, k) => 1 / (1 + Math.exp(logY[k]! - lx)) / (1 + Math.exp(lx - logY[k]!)));
    const values = logX.map((lx, k) => Math.min(Math.max(1 / (1 + Math.exp(logY[k]! - lx)), FLOAT32_TINY), FLOAT32_BELOW_ONE));
    const minLog = Math.log(FLOAT32_TINY);
    const partials = (): Float64Array[] => [
      spread.map((s, k) => s * standardGammaDLogZ(param(0, k), Math.max(logX[k]!, minLog))),
      spread.map((s, k) => -s * standardGammaDLogZ(param(1, k), Math.max(logY[k]!, minLog))),
    ];
    return { values, partials };
  };
  return runSampler([concentration1, concentration0], shape, sampler, differentiable);
}

/**
 * StudentT(`df`, `loc`, `scale`) draws of `shape` as `loc + scale · ε √(df / (2G))` with
 * `ε ~ N(0, 1)` and `G ~ Gamma(df/2, 1)` (so `2G ~ χ²_df`; torch's construction). Gradients:
 * `∂x/∂loc = 1`, `∂x/∂scale = y`, `∂x/∂df = scale · y · ½ (1/df − ½ d log G/dα|_{α = df/2})`.
 */
export function studentTDraws(key: Key, df: tf.Tensor, loc: tf.Tensor, scale: tf.Tensor, shape: Shape, differentiable: boolean): tf.Tensor {
  const [keyNormal, keyGamma] = splitKey(key, 2) as [Key, Key];
  const sampler: Sampler = (param, n) => {
    const eps = normals(keyNormal, n);
    const logG = gammaLogDraws(keyGamma, n, (k) => 0.5 * param(0, k));
    const y = eps.map((e, k) => e * Math.exp(0.5 * (Math.log(param(0, k)) - Math.LN2 - logG[k]!)));
    const values = y.map((yk, k) => param(1, k) + param(2, k) * yk);
    const partials = (): Float64Array[] => [
      y.map((yk, k) => {
        const nu = param(0, k);
        return param(2, k) * yk * 0.5 * (1 / nu - 0.5 * standardGammaDLogZ(0.5 * nu, logG[k]!));
      }),
      new Float64Array(n).fill(1),
      y,
    ];
    return { values, partials };
  };
  return runSampler([df, loc, scale], shape, sampler, differentiable);
}
