/**
 * Compiling a model's potential energy to plain JavaScript (a small tracing JIT): the model runs
 * once with its latent sites set, the tfjs kernels it launches are recorded (`record.ts`), the
 * kernels computed from the latents become float64 JavaScript ops with their vector-Jacobian
 * products (`graph.ts`, `*-ops.ts`), and the density terms are the very kernels the ELBO's fused
 * total uses. The result evaluates `U` and `∇U` without tfjs: no kernel launch, no tape, no tensor.
 *
 * The recording is valid for every latent point only if the model's operations do not depend on
 * the latents' values (no branching on data read back from a latent). So the compiled function is
 * checked against the tfjs potential at three points; any disagreement, any kernel without a
 * JavaScript version, any custom op, or a support without an elementwise bijection, and the
 * caller keeps the tfjs potential (the reason is reported).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../../core/effect.js';
import { run } from '../../../core/interpret.js';
import { tidy } from '../../../core/tidy.js';
import { sampleSites } from '../../../core/trace.js';
import { setValidation } from '../../../distributions/util.js';
import { substitute } from '../../../handlers/substitute.js';
import { elementwiseMapOf } from '../../autoguide/elementwise-maps.js';
import type { Prototype } from '../../autoguide/prototype.js';
import { type WeightedKernel, siteKernel } from '../../elbo/fused-total.js';
import type { PotentialFn } from '../integrator.js';
import { type SiteMap, evaluator } from './evaluator.js';
import { buildGraph } from './graph.js';
import { recordKernels } from './record.js';

/**
 * A compiled potential, or why there is none.
 *
 * @category mcmc
 * @since 0.2.0
 */
export type Compiled = { readonly fn: PotentialFn; readonly kernels: readonly string[] } | { readonly reason: string };

/** A deterministic point away from special values (0, 1) where the recording is made. */
const probe = (dim: number, phase: number): Float64Array => Float64Array.from({ length: dim }, (_, i) => 0.3 * Math.sin(1.7 * i + phase) + 0.05);

/** Agreement of the compiled and tfjs potentials (float64 against float32: 1e-4 relative). */
function agrees(a: number, b: number, scale: number): boolean {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));
  return Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b), scale);
}

/**
 * Compile the potential of `model(...args)` over the latents of `proto`; `reference` is the tfjs
 * potential it must agree with.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function compilePotential(model: AnyModel, args: readonly unknown[], proto: Prototype, reference: PotentialFn, caller: string): Compiled {
  const maps: SiteMap[] = [];
  let offset = 0;
  for (const site of proto.sites) {
    const map = site.transform === null ? undefined : elementwiseMapOf(site.transform);
    if (site.transform !== null && map === undefined) return { reason: `site '${site.name}': its support (${site.support.name}) has no elementwise bijection` };
    maps.push({ offset, size: site.size, map });
    offset += site.size;
  }
  const previous = setValidation(false);
  try {
    const built = tidy(() => {
      const u = probe(proto.latentDim, 0);
      const slot = new Float64Array(4);
      const values = proto.sites.map((site, s) => {
        const { offset: o, size, map } = maps[s]!;
        const y = Float32Array.from({ length: size }, (_, k) => {
          if (map === undefined) return u[o + k]!;
          map(u[o + k]!, slot);
          return slot[0]!;
        });
        return tf.tensor(y, [...site.shape], 'float32');
      });
      const byName = Object.fromEntries(proto.sites.map((s, i) => [s.name, values[i]!]));
      const recording = recordKernels(values, (): readonly WeightedKernel[] => {
        const trace = run(substitute(model, byName), args as unknown[], { caller });
        return sampleSites(trace).flatMap((site) => siteKernel(site, trace, -1));
      });
      if (recording.custom > 0) return `the model runs ${recording.custom} custom op(s) (fused or user-defined) on the latents, which the recording cannot see into`;
      const graph = buildGraph(values, recording);
      return typeof graph === 'string' ? graph : { graph, kernels: graph.nodes.map((n) => n.kernel) };
    });
    if (typeof built === 'string') return { reason: built };
    const fn = evaluator(built.graph, maps);
    const g1 = new Float64Array(proto.latentDim);
    const g2 = new Float64Array(proto.latentDim);
    for (const phase of [0, 2.1, 4.4]) {
      const u = probe(proto.latentDim, phase);
      const expected = reference(u, g1);
      const actual = fn(u, g2);
      if (!Number.isFinite(expected)) continue;
      const scale = g1.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
      if (!agrees(actual, expected, 0) || !g1.every((g, i) => agrees(g2[i]!, g, scale))) {
        return { reason: `the compiled potential disagrees with the model at a test point (U ${actual} against ${expected}): its operations may depend on the latents' values` };
      }
    }
    return { fn, kernels: built.kernels };
  } catch (e) {
    return { reason: `recording failed: ${e instanceof Error ? e.message : String(e)}` };
  } finally {
    setValidation(previous);
  }
}
