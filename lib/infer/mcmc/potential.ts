/**
 * The potential energy of HMC and NUTS: `U(u) = −log p(T(u), data) − log|det ∂T/∂u|`, the
 * negative log joint density of a model at the latent point `T(u)`, where `u` is the
 * flattened unconstrained latent vector (the autoguides' layout, `prototype.ts`) and
 * `T = bijectTo(support)` site by site, plus the log-Jacobian of `T` (so that `exp(−U)` is the
 * posterior density of `u`).
 *
 * Two implementations, the same function:
 *
 * - **compiled** (the default when possible, `compiled/`): the model's operations on the latents
 *   are recorded once and replayed as float64 JavaScript with their gradients, the density terms
 *   are the ELBO's fused density kernels: no tfjs kernel, tape or tensor per evaluation;
 * - **tfjs**: one tfjs gradient per evaluation: the latent vector goes through the autoguides'
 *   fused unpack (every site's constrained value and `−log|det J|` in one op), the model runs with
 *   those values substituted, and every site's `Σ log p` enters the ELBO's fused total (one op,
 *   float64 partials). It leaves no tensor behind.
 *
 * The sampler itself works on `Float64Array`s and sees only `valueAndGrad`.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../core/effect.js';
import { ignisError } from '../../core/errors.js';
import { run } from '../../core/interpret.js';
import { logJoint } from '../../core/log-density.js';
import { tidy } from '../../core/tidy.js';
import { sampleSites } from '../../core/trace.js';
import { substitute } from '../../handlers/substitute.js';
import { type Prototype, tracePrototype } from '../autoguide/prototype.js';
import { unpackForGuide, unpackLatent } from '../autoguide/unpack.js';
import { type WeightedKernel, fusedTotal, siteKernel, tensorKernel } from '../elbo/fused-total.js';
import { compilePotential } from './compiled/compile.js';

/**
 * The potential energy of a model and its gradient over the flattened unconstrained latents.
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface Potential {
  /** The model's latent sites and their layout in the unconstrained vector. */
  readonly prototype: Prototype;
  /**
   * `'compiled'` (JavaScript, no tfjs per evaluation) or `'tfjs'`; with `reason` saying why the
   * model could not be compiled, and `kernels` the replayed tfjs kernels of a compiled potential.
   */
  readonly implementation: { readonly kind: 'compiled'; readonly kernels: readonly string[] } | { readonly kind: 'tfjs'; readonly reason: string };
  /** The length of the unconstrained vector. */
  readonly dim: number;
  /** `U(u)`, writing `∇U(u)` into `grad` (both of length `dim`). */
  readonly valueAndGrad: (u: Float64Array, grad: Float64Array) => number;
  /** `U(u)` without the gradient. */
  readonly value: (u: Float64Array) => number;
  /**
   * The constrained values of `n` unconstrained points `points` (row-major `[n, dim]`), per site
   * with shape `[n, ...siteShape]` (owned by the caller).
   */
  readonly constrain: (points: Float64Array, n: number) => Record<string, tf.Tensor>;
}

/** `−log p − log|det J|` for the latent tensor `x` (`[dim]`), as a fused scalar. */
function energy(model: AnyModel, args: readonly unknown[], proto: Prototype, x: tf.Tensor, caller: string): tf.Scalar {
  const unpacked = unpackForGuide(x, proto);
  const values: Record<string, tf.Tensor> = {};
  proto.sites.forEach((s, i) => {
    values[s.name] = unpacked[i]!.value;
  });
  const trace = run(substitute(model, values), args as unknown[], { caller });
  const terms: WeightedKernel[] = [];
  for (const site of sampleSites(trace)) terms.push(...siteKernel(site, trace, -1));
  for (const u of unpacked) if (u.logDensity !== undefined) terms.push(tensorKernel(u.logDensity, 1));
  return fusedTotal(terms, () => {
    const jacobian = unpacked.flatMap((u) => (u.logDensity === undefined ? [] : [tf.sum(u.logDensity)]));
    return tf.sub<tf.Scalar>(jacobian.length === 0 ? tf.scalar(0) : tf.addN(jacobian), logJoint(trace));
  });
}

/**
 * The potential energy of `model(...args)` (see the module notes). `caller` names the kernel in
 * errors.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function potentialEnergy(model: AnyModel, args: readonly unknown[], caller: string, options: { readonly compile?: boolean } = {}): Potential {
  const proto = tracePrototype(model, args, caller);
  const dim = proto.latentDim;
  if (dim === 0) {
    throw ignisError('InvalidArgument', {
      fn: caller,
      what: 'the model has no continuous latent sites',
      detail: 'there is nothing to sample',
      hint: 'Check that the latent sites are not all observed (condition) or blocked.',
    });
  }
  const input = new Float32Array(dim);
  const toTensor = (u: Float64Array): tf.Tensor => {
    for (let i = 0; i < dim; i++) input[i] = u[i]!;
    return tf.tensor1d(input, 'float32');
  };
  const valueAndGrad = (u: Float64Array, grad: Float64Array): number => {
    const x = toTensor(u);
    try {
      const { value, grads } = tf.engine().gradients(() => energy(model, args, proto, x, caller), [x]);
      const g = grads[0]!.dataSync();
      for (let i = 0; i < dim; i++) grad[i] = g[i]!;
      const v = value.dataSync()[0]!;
      value.dispose();
      grads[0]!.dispose();
      return v;
    } finally {
      x.dispose();
    }
  };
  const compiled = options.compile === false ? { reason: 'compilation turned off (jitCompile: false)' } : compilePotential(model, args, proto, valueAndGrad, caller);
  const scratch = new Float64Array(dim);
  const value = (u: Float64Array): number => {
    if ('fn' in compiled) return compiled.fn(u, scratch);
    const x = toTensor(u);
    try {
      return tidy(() => energy(model, args, proto, x, caller).dataSync()[0]!);
    } finally {
      x.dispose();
    }
  };
  const constrain = (points: Float64Array, n: number): Record<string, tf.Tensor> =>
    tidy(() => {
      const latent = tf.tensor2d(Float32Array.from(points.subarray(0, n * dim)), [n, dim], 'float32');
      const values = unpackLatent(latent, proto);
      return Object.fromEntries(proto.sites.map((s) => [s.name, values[s.name] === latent ? tf.clone(latent) : values[s.name]!]));
    });
  return {
    prototype: proto,
    implementation: 'fn' in compiled ? { kind: 'compiled', kernels: compiled.kernels } : { kind: 'tfjs', reason: compiled.reason },
    dim,
    valueAndGrad: 'fn' in compiled ? compiled.fn : valueAndGrad,
    value,
    constrain,
  };
}
