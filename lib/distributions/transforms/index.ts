/**
 * Transforms (Pyro's `torch.distributions.transforms`), one per file, and the `transforms`
 * namespace object.
 *
 * @module
 */
import { AffineAutoregressive } from './affine-autoregressive.js';
import { AffineTransform } from './affine.js';
import { ComposeTransform } from './compose.js';
import { CorrCholeskyTransform } from './corr-cholesky.js';
import { ExpTransform } from './exp.js';
import { IdentityTransform } from './identity.js';
import { IndependentTransform } from './independent.js';
import { LowerCholeskyAffine } from './lower-cholesky-affine.js';
import { LowerCholeskyTransform } from './lower-cholesky.js';
import { OrderedTransform } from './ordered.js';
import { PositiveDefiniteTransform } from './positive-definite.js';
import { PowerTransform } from './power.js';
import { SigmoidTransform } from './sigmoid.js';
import { SoftmaxTransform } from './softmax.js';
import { SoftplusLowerCholeskyTransform } from './softplus-lower-cholesky.js';
import { SoftplusTransform } from './softplus.js';
import { StickBreakingTransform } from './stick-breaking.js';
import { TanhTransform } from './tanh.js';
import { UnitLowerCholeskyTransform } from './unit-lower-cholesky.js';

export * from './transform.js';
export * from './affine.js';
export * from './affine-autoregressive.js';
export type { AffineAutoregressiveScaling } from './affine-autoregressive-kernel.js';
export * from './compose.js';
export * from './corr-cholesky.js';
export * from './exp.js';
export * from './identity.js';
export * from './independent.js';
export * from './lower-cholesky-affine.js';
export * from './lower-cholesky.js';
export * from './ordered.js';
export * from './positive-definite.js';
export * from './power.js';
export * from './sigmoid.js';
export * from './softmax.js';
export * from './softplus-lower-cholesky.js';
export * from './softplus.js';
export * from './stick-breaking.js';
export * from './tanh.js';
export * from './unit-lower-cholesky.js';

/**
 * All transform factories under one name, called without `new`:
 * `transforms.ExpTransform()`, `transforms.AffineTransform(loc, scale)`,
 * `transforms.ComposeTransform([...])`, `transforms.LowerCholeskyAffine(loc, scaleTril)`, ….
 *
 * @example
 * ```ts
 * const t = transforms.ComposeTransform([transforms.SigmoidTransform(), transforms.AffineTransform(-1, 4)]);
 * t.forward(tf.scalar(0)); // 1
 * ```
 * @category transforms
 * @since 0.1.0
 */
export const transforms = Object.freeze({
  AffineAutoregressive,
  AffineTransform,
  ComposeTransform,
  CorrCholeskyTransform,
  ExpTransform,
  IdentityTransform,
  IndependentTransform,
  LowerCholeskyAffine,
  LowerCholeskyTransform,
  OrderedTransform,
  PositiveDefiniteTransform,
  PowerTransform,
  SigmoidTransform,
  SoftmaxTransform,
  SoftplusLowerCholeskyTransform,
  SoftplusTransform,
  StickBreakingTransform,
  TanhTransform,
  UnitLowerCholeskyTransform,
});
