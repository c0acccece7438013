/**
 * The density kernels of the continuous families an SVI step meets most (Normal, LogNormal,
 * HalfNormal, HalfCauchy, MultivariateNormal, Delta, Unit), of the GLM likelihoods (Bernoulli,
 * Binomial, Poisson, Categorical: `glm.ts`; the ELBO's fused total and MCMC's compiled
 * potential both use them) and of the wrappers (Independent, Expanded, Masked). Each kernel
 * validates like the family's `logProb` (support and shapes) and computes the same value in
 * float64, with the analytic partials:
 *
 * - Normal: `−½z² − log σ − ½ log 2π`, `z = (x − μ)/σ`; `∂x = −z/σ`, `∂μ = z/σ`, `∂σ = (z² − 1)/σ`.
 * - LogNormal: the Normal of `log x` minus `log x`; `∂x = −(z/σ + 1)/x`.
 * - HalfNormal: `log 2 − ½(x/σ)² − log σ − ½ log 2π`; `∂x = −x/σ²`, `∂σ = (x²/σ² − 1)/σ`.
 * - HalfCauchy: `log(2/π) − log σ − log(1 + (x/σ)²)`; `∂x = −2x/(σ² + x²)`, `∂σ = −1/σ + 2x²/(σ(σ² + x²))`.
 * - MultivariateNormal: as `mvnKernels.ts` (`∂x = −w`, `∂μ = w`, `∂L = tril(w zᵀ) − diag(1/Lᵢᵢ)`).
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { shapesEqual, takeRight, tryBroadcastShapes } from '../../core/shape.js';
import type { Constraint } from '../constraints/index.js';
import { DeltaDist } from '../families/delta.js';
import { ExpandedDist } from '../wrappers/expanded.js';
import { HalfCauchyDist } from '../families/continuous/half-cauchy.js';
import { HalfNormalDist } from '../families/continuous/half-normal.js';
import { IndependentDist } from '../wrappers/independent.js';
import { LogNormalDist, logNormalElement } from '../families/continuous/log-normal.js';
import { MaskedDist } from '../wrappers/masked.js';
import { MultivariateNormalDist } from '../families/multivariate/multivariate-normal.js';
import { NormalDist } from '../families/continuous/normal.js';
import { ownDrawDensity, ownDrawKernel } from '../sampling/reparam.js';
import { UnitDist } from '../families/unit.js';
import { diagonalOf } from '../../ops/linalg/diag.js';
import { checkSupport, isValidationEnabled, logProbShape } from '../util.js';
import { elementwiseDensity, summedTensor } from './elementwise.js';
import { normalDensity } from './normal.js';
import { ZERO_KERNEL, densityKernelOver, registerDensityKernel } from './kernel.js';
import { mvnDensity, mvnDiagonalDensity } from './mvn.js';
import { BernoulliDist } from '../families/discrete/bernoulli.js';
import { BinomialDist } from '../families/discrete/binomial.js';
import { CategoricalDist } from '../families/discrete/categorical.js';
import { PoissonDist } from '../families/discrete/poisson.js';
import { bernoulliDensity, binomialDensity, categoricalDensity, poissonDensity } from './glm.js';

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
const LOG_TWO_OVER_PI = Math.log(2 / Math.PI);

/** Validation shared by the elementwise families; returns the summed shape. */
function validated(dist: { readonly family: string; readonly support: Constraint }, value: tf.Tensor, batchShape: readonly number[]): readonly number[] {
  checkSupport(dist.family, dist.support, value);
  return logProbShape(dist.family, value, batchShape, 0);
}

registerDensityKernel(NormalDist, (d, value, batch) => {
  // a draw of these very parameters: its ε-form log-density, computed with the draw (reparam.ts)
  const own = ownDrawDensity(value, d.loc, d.scale);
  if (own !== undefined && shapesEqual(own.shape, logProbShape(d.family, value, batch, 0))) return ownDrawKernel(own);
  return normalDensity(value, d.loc, d.scale, validated(d, value, batch));
});

registerDensityKernel(LogNormalDist, (d, value, batch) => elementwiseDensity([value, d.loc, d.scale], validated(d, value, batch), logNormalElement));

/** Off the half-line (possible only with validation off, as `logProb`): `−∞`, no gradient. */
const offSupport = (p: Float64Array): number => {
  p[0] = 0;
  p[1] = 0;
  return -Infinity;
};

registerDensityKernel(HalfNormalDist, (d, value, batch) => {
  const shape = validated(d, value, batch);
  const strict = isValidationEnabled();
  return elementwiseDensity([value, d.scale], shape, (x, scale, _b, p) => {
    if (!strict && x < 0) return offSupport(p);
    const s2 = scale * scale;
    p[0] = -x / s2;
    p[1] = ((x * x) / s2 - 1) / scale;
    return Math.LN2 - (0.5 * x * x) / s2 - Math.log(scale) - HALF_LOG_TWO_PI;
  });
});

registerDensityKernel(HalfCauchyDist, (d, value, batch) => {
  const shape = validated(d, value, batch);
  const strict = isValidationEnabled();
  return elementwiseDensity([value, d.scale], shape, (x, scale, _b, p) => {
    if (!strict && x < 0) return offSupport(p);
    const s2 = scale * scale;
    const r = s2 + x * x;
    p[0] = (-2 * x) / r;
    p[1] = -1 / scale + (2 * x * x) / (scale * r);
    return LOG_TWO_OVER_PI - Math.log(scale) - Math.log1p((x * x) / s2);
  });
});

registerDensityKernel(MultivariateNormalDist, (d, value, batch) => {
  checkSupport(d.family, d.support, value);
  if (value.dtype !== 'float32') return undefined;
  const shape = logProbShape(d.family, value, batch, 1);
  const diagonal = diagonalOf(d.unbroadcastedScaleTril);
  return diagonal === undefined ? mvnDensity(value, d.loc, d.unbroadcastedScaleTril, shape) : mvnDiagonalDensity(value, d.loc, diagonal, shape);
});

registerDensityKernel(UnitDist, (d, _value, batch) => summedTensor(d.logFactor, batch));

registerDensityKernel(DeltaDist, (d, value, batch) => {
  if (value !== d.v) return undefined; // the equality test stays with logProb
  checkSupport(d.family, d.support, value);
  return summedTensor(d.logDensity, logProbShape(d.family, value, batch, d.eventDim));
});

registerDensityKernel(IndependentDist, (d, value, batch) => densityKernelOver(d.base, value, [...batch, ...takeRight(d.base.batchShape, d.reinterpretedBatchNdims)]));

registerDensityKernel(ExpandedDist, (d, value, batch) => {
  // ExpandedDist.logProb keeps a full-rank value's own batch shape: use the kernel where that is the broadcast shape
  const valueBatch = value.shape.slice(0, value.rank - d.eventShape.length);
  const target = valueBatch.length >= batch.length ? valueBatch : batch;
  const joint = tryBroadcastShapes(valueBatch, batch);
  return joint !== undefined && shapesEqual(joint, target) ? densityKernelOver(d.base, value, batch) : undefined;
});

registerDensityKernel(MaskedDist, (d, value, batch) => {
  if (d.maskValue !== false) return undefined;
  densityKernelOver(d.base, value, batch); // validates as logProb does
  return ZERO_KERNEL;
});

// probs | logits families: the given tensor (`param`, no op), read as its parameterization says
registerDensityKernel(BernoulliDist, (d, value, batch) => bernoulliDensity(value, d.param, d.parameterization, validated(d, value, batch)));

registerDensityKernel(BinomialDist, (d, value, batch) => binomialDensity(value, d.totalCount, d.param, d.parameterization, validated(d, value, batch)));

registerDensityKernel(PoissonDist, (d, value, batch) => poissonDensity(value, d.rate, validated(d, value, batch)));

registerDensityKernel(CategoricalDist, (d, value, batch) => categoricalDensity(value, d.logits, validated(d, value, batch)));
