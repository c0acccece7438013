/**
 * The elementwise bijections of `bijectTo` as plain float64 JavaScript: for an unconstrained
 * `u`, the value `y = T(u)`, `log|T'(u)|`, and the derivatives of both, so an autoguide can
 * map and score all its sites inside one fused op. Covers the identity (real supports), `exp`,
 * `softplus`, `sigmoid`, affine maps with number parameters, their compositions and
 * `IndependentTransform`s of them: every support of the scalar families (`positive`,
 * `greaterThan`, `lessThan`, `softplusPositive`, `unitInterval`, `interval`). Other transforms
 * (stick-breaking, Cholesky factors, tensor bounds) have no map here and take the generic path.
 *
 * @module
 */
import { AffineTransformImpl } from '../../distributions/transforms/affine.js';
import { ComposeTransformImpl } from '../../distributions/transforms/compose.js';
import { ExpTransformImpl } from '../../distributions/transforms/exp.js';
import { IndependentTransformImpl } from '../../distributions/transforms/independent.js';
import { SigmoidTransformImpl } from '../../distributions/transforms/sigmoid.js';
import { SoftplusTransformImpl } from '../../distributions/transforms/softplus.js';
import type { Transform } from '../../distributions/transforms/transform.js';

/**
 * An elementwise bijection evaluated at `u`: writes `[T(u), log|T'(u)|, T'(u), d log|T'(u)|/du]`
 * into `out`.
 *
 * @category autoguides
 * @since 0.1.0
 */
export type ElementwiseMap = (u: number, out: Float64Array) => void;

/** `log(1 + eˣ)` without overflow. */
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
/** `1 / (1 + e⁻ˣ)` without overflow. */
const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

const identity: ElementwiseMap = (u, out) => {
  out[0] = u;
  out[1] = 0;
  out[2] = 1;
  out[3] = 0;
};

const exp: ElementwiseMap = (u, out) => {
  const e = Math.exp(u);
  out[0] = e;
  out[1] = u;
  out[2] = e;
  out[3] = 1;
};

const softplusMap: ElementwiseMap = (u, out) => {
  const s = sigmoid(u);
  out[0] = softplus(u);
  out[1] = -softplus(-u); // log σ(u)
  out[2] = s;
  out[3] = 1 - s;
};

const sigmoidMap: ElementwiseMap = (u, out) => {
  const s = sigmoid(u);
  out[0] = s;
  out[1] = -softplus(-u) - softplus(u); // log σ(u) + log σ(−u)
  out[2] = s * (1 - s);
  out[3] = 1 - 2 * s;
};

const affine = (loc: number, scale: number): ElementwiseMap => {
  const logScale = Math.log(Math.abs(scale));
  return (u, out) => {
    out[0] = loc + scale * u;
    out[1] = logScale;
    out[2] = scale;
    out[3] = 0;
  };
};

/** `T_k ∘ … ∘ T_1`: values chain, log-Jacobians add, derivatives follow the chain rule. */
function compose(maps: readonly ElementwiseMap[]): ElementwiseMap {
  const step = new Float64Array(4);
  return (u, out) => {
    let y = u;
    let logJ = 0;
    let dy = 1;
    let dLogJ = 0;
    for (const map of maps) {
      map(y, step);
      dLogJ += step[3]! * dy;
      dy *= step[2]!;
      logJ += step[1]!;
      y = step[0]!;
    }
    out[0] = y;
    out[1] = logJ;
    out[2] = dy;
    out[3] = dLogJ;
  };
}

/**
 * The JavaScript map of a transform from unconstrained space (`null`: the identity), or
 * `undefined` when there is none.
 *
 * @category autoguides
 * @since 0.1.0
 */
export function elementwiseMapOf(t: Transform | null): ElementwiseMap | undefined {
  if (t === null) return identity;
  if (t instanceof ExpTransformImpl) return exp;
  if (t instanceof SoftplusTransformImpl) return softplusMap;
  if (t instanceof SigmoidTransformImpl) return sigmoidMap;
  if (t instanceof AffineTransformImpl) {
    return typeof t.loc === 'number' && typeof t.scale === 'number' && t.scale !== 0 ? affine(t.loc, t.scale) : undefined;
  }
  if (t instanceof IndependentTransformImpl) return elementwiseMapOf(t.base);
  if (t instanceof ComposeTransformImpl) {
    const maps = t.parts.map(elementwiseMapOf);
    return maps.every((m): m is ElementwiseMap => m !== undefined) ? compose(maps) : undefined;
  }
  return undefined;
}
