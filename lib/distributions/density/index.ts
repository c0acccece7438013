/**
 * Density kernels (`Σ log p` as JavaScript over tensors' data) and the registrations of the
 * built-in families.
 *
 * @module
 */
import './families.js';
import './gamma-poisson.js';
import './exponential-gamma.js';

export {
  type DensityKernel,
  type DensityKernelFactory,
  type WeightedKernel,
  ZERO_KERNEL,
  combineKernels,
  densityKernel,
  densityKernelOver,
  registerDensityKernel,
} from './kernel.js';
export { type DensityElement, elementwiseDensity, summedTensor } from './elementwise.js';
export { normalDensity } from './normal.js';
export { mvnDensity, mvnDiagonalDensity } from './mvn.js';
export { gammaPoissonDensity, negativeBinomialDensity } from './gamma-poisson.js';
export { bernoulliDensity, binomialDensity, categoricalDensity, poissonDensity } from './glm.js';
export { klKernel } from './kl.js';
