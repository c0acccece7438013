/**
 * Numerics tfjs lacks: batched, differentiable linear algebra; special functions (as tensor
 * ops, and as float64 scalar kernels `lgamma64`, … for fused custom ops); gradient repairs. Importing this module calls {@link registerGradientRepairs} once, which (among
 * other things) registers tfjs-core's own gradients — a bare `@tensorflow/tfjs-core` import
 * has none.
 *
 * @module
 */
import { registerGradientRepairs } from './grad/repairs.js';

export { cholesky } from './linalg/cholesky.js';
export { triangularSolve, type TriangularSolveOptions } from './linalg/triangular-solve.js';
export { choleskySolve, choleskyInverse } from './linalg/cholesky-solve.js';
export { choleskyLogDet } from './linalg/log-det.js';
export { diagEmbed, diagPart, diagonalOf } from './linalg/diag.js';
export { tril, triu } from './linalg/tril.js';
export { matmul, matvec, type MatmulOptions } from './linalg/matvec.js';
export { affine } from './linalg/affine.js';

export { lgamma } from './special/lgamma.js';
export { digamma, trigamma, polygamma } from './special/polygamma.js';
export { lbeta } from './special/lbeta.js';
export { log1p } from './special/log1p.js';
export { xlogy, xdivy } from './special/xlogy.js';
export { erfinv, ndtri } from './special/erfinv.js';
export { erf, ndtr } from './special/ndtr.js';
export { softplusInverse } from './special/softplus-inverse.js';
export { tanh } from './special/tanh.js';
export { logBesselI0, besselI1OverI0 } from './special/bessel.js';

export { stopGradient } from './grad/stop-gradient.js';
export { registerGradientRepairs, type GradientRepairs } from './grad/repairs.js';
export { sliceAlong, takeAlongLastAxis, type SliceAlongOptions } from './grad/slicing.js';

export { lgamma64, digamma64, polygamma64 } from './special/gamma64.js';
export { erf64, erfc64, ndtr64, ndtri64, erfinv64 } from './special/erf64.js';
export { logBesselI0_64, besselI1OverI0_64 } from './special/bessel64.js';

export type { TensorLike } from './internal/tensors.js';

registerGradientRepairs();
