/**
 * LKJCholesky as a prior on a correlation matrix, fit with autoguides: the guides work in the
 * `D(D−1)/2` unconstrained coordinates of `bijectTo(corrCholesky)` (tanh, then stick-breaking).
 *
 * 1. Prior only (both backends, AutoNormal and AutoMultivariateNormal). Pulled back through the
 *    transform, LKJ(D, η) is a product of independent `sech(xᵢⱼ)^(aⱼ)`, `aⱼ = 2η + D − 2 − j`
 *    (lkj-cholesky.spec.ts checks this identity), so the best Gaussian (the KL(q‖p) optimum, which
 *    factorizes for a product target) is `N(0, σⱼ²)` per coordinate with the fixed point
 *    `σⱼ² aⱼ E_z[sech²(σⱼ z)] = 1` (Gaussian variational optimum: `1/σ² = −E_q[(log p)'']`),
 *    solved here by quadrature in float64. Tolerances: |loc| ≤ 0.05 and scale within 5% of σⱼ
 *    (Adam's noise after a decaying learning rate; measured ≤ 0.02 and ≤ 2% over seeds).
 * 2. An LKJ(3, 2) prior on the correlation of a 3-d MultivariateNormal likelihood (N = 400 draws
 *    with a known correlation, unit variances), AutoMultivariateNormal on cpu. Reference: the
 *    exact posterior of the three correlations, `p(Ω | y) ∝ |Ω|^(η − 1 − N/2) exp(−½ tr(Ω⁻¹ S))`
 *    (LKJ's density in the off-diagonal entries of Ω), integrated on a 41³ grid over ±6 posterior
 *    sd around the sample correlations in float64. Tolerances: each fitted posterior mean
 *    `E_q[Ωᵢⱼ]` (4000 guide draws) within 0.3 posterior sd of the exact mean (measured ≤ 0.14 sd
 *    over three seeds and both guides; SVI noise dominates), each fitted sd within 20% of the
 *    exact sd (measured ≤ 13%); the true correlation within 3 posterior sd of the exact mean.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { normals, prngKey } from '../../../lib/core/key.js';
import { plate, sample } from '../../../lib/core/primitives.js';
import { LKJCholesky, MultivariateNormal, bijectTo, constraints } from '../../../lib/distributions/index.js';
import { AutoMultivariateNormal, AutoNormal, initToFeasible } from '../../../lib/infer/autoguide/index.js';
import { TraceELBO } from '../../../lib/infer/elbo/trace-elbo.js';
import { ClippedAdam } from '../../../lib/infer/optim/adam.js';
import { SVI } from '../../../lib/infer/svi.js';
import { describeBackends, onBackends } from '../../helpers/backends.js';
import { disposeState, valuesOf } from './fixtures.js';

/** The Gaussian VI optimum's sd for a target ∝ sech(x)^a (see the header), by fixed-point iteration. */
function sechVariationalSd(a: number): number {
  const n = 4001;
  const expectSech2 = (s: number): number => {
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const z = -10 + (20 * k) / (n - 1);
      acc += (Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI)) * (1 / Math.cosh(s * z)) ** 2 * (20 / (n - 1));
    }
    return acc;
  };
  let s = 1 / Math.sqrt(a);
  for (let it = 0; it < 200; it++) s = 1 / Math.sqrt(a * expectSech2(s));
  return s;
}

const KNOWN = [[1, 0.6, -0.3], [0.6, 1, 0.2], [-0.3, 0.2, 1]];

/** `N` draws of N(0, KNOWN) (float64) and their scatter matrix `S = Σ y yᵀ`. */
function knownData(n: number): { readonly y: Float64Array; readonly scatter: number[][] } {
  const l = [[1, 0, 0], [0.6, 0.8, 0], [-0.3, 0.475, 0]];
  l[2]![2] = Math.sqrt(1 - 0.3 ** 2 - 0.475 ** 2); // (0.2 + 0.3 · 0.6)/0.8 = 0.475
  const z = normals(prngKey(11), n * 3);
  const y = new Float64Array(n * 3);
  for (let r = 0; r < n; r++) for (let i = 0; i < 3; i++) for (let j = 0; j <= i; j++) y[r * 3 + i]! += l[i]![j]! * z[r * 3 + j]!;
  const scatter = [0, 1, 2].map((i) => [0, 1, 2].map((j) => Array.from({ length: n }, (_, r) => y[r * 3 + i]! * y[r * 3 + j]!).reduce((a, b) => a + b, 0)));
  return { y, scatter };
}

/** Exact posterior mean and sd of (Ω₁₀, Ω₂₀, Ω₂₁) under LKJ(3, η) and N draws with scatter S (41³ grid, float64). */
function exactPosterior(scatter: number[][], n: number, eta: number): { readonly mean: number[]; readonly sd: number[] } {
  const centre = [[1, 0], [2, 0], [2, 1]].map(([i, j]) => scatter[i!]![j!]! / Math.sqrt(scatter[i!]![i!]! * scatter[j!]![j!]!));
  const [g, half] = [41, 0.25];
  const logs: number[] = [];
  const points: number[][] = [];
  for (let a = 0; a < g; a++) {
    for (let b = 0; b < g; b++) {
      for (let c = 0; c < g; c++) {
        const [r10, r20, r21] = [a, b, c].map((k, i) => centre[i]! - half + (2 * half * k) / (g - 1)) as [number, number, number];
        const det = 1 + 2 * r10 * r20 * r21 - r10 ** 2 - r20 ** 2 - r21 ** 2;
        if (!(det > 0)) continue;
        // tr(Ω⁻¹ S) with Ω⁻¹ = adj(Ω)/det
        const adj = [
          [1 - r21 ** 2, r20 * r21 - r10, r10 * r21 - r20],
          [r20 * r21 - r10, 1 - r20 ** 2, r10 * r20 - r21],
          [r10 * r21 - r20, r10 * r20 - r21, 1 - r10 ** 2],
        ];
        let tr = 0;
        for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) tr += (adj[i]![j]! * scatter[j]![i]!) / det;
        logs.push((eta - 1 - n / 2) * Math.log(det) - 0.5 * tr);
        points.push([r10, r20, r21]);
      }
    }
  }
  const top = Math.max(...logs);
  const w = logs.map((v) => Math.exp(v - top));
  const total = w.reduce((x, y) => x + y, 0);
  const mean = [0, 1, 2].map((i) => w.reduce((acc, wk, k) => acc + wk * points[k]![i]!, 0) / total);
  const sd = [0, 1, 2].map((i) => Math.sqrt(w.reduce((acc, wk, k) => acc + wk * (points[k]![i]! - mean[i]!) ** 2, 0) / total));
  return { mean, sd };
}

describeBackends('infer/autoguide with an LKJCholesky prior', () => {
  const [dim, eta] = [3, 1.5];
  function* priorOnly() {
    yield* sample('L', LKJCholesky(dim, eta));
  }
  // unconstrained coordinates in row-major order (1,0), (2,0), (2,1): columns 0, 0, 1
  const expectedSd = [0, 0, 1].map((j) => sechVariationalSd(2 * eta + dim - 2 - j));
  // 16 vectorized particles and a decaying rate keep Adam's noise small in 200 steps
  const fit = (guide: Parameters<typeof SVI>[1]) =>
    SVI(priorOnly, guide, ClippedAdam({ lr: 0.05, lrd: 0.985 }), TraceELBO({ numParticles: 16, vectorizeParticles: true })).run(prngKey(1), 200, []);

  it('the reference is not the Laplace approximation (which the tolerance must tell apart)', () => {
    expectedSd.forEach((s, k) => expect(s * Math.sqrt(2 * eta + dim - 2 - [0, 0, 1][k]!)).toBeGreaterThan(1.1));
  });

  it('AutoNormal fits the prior alone: locs 0, scales at the Gaussian optimum of each sech^a coordinate', () => {
    const guide = AutoNormal(priorOnly, { initLocFn: initToFeasible() });
    const { params, state } = fit(guide);
    valuesOf(params['AutoNormal.locs.L']).forEach((v) => expect(Math.abs(v)).toBeLessThan(0.08));
    valuesOf(params['AutoNormal.scales.L']).forEach((v, k) => expect(Math.abs(v / expectedSd[k]! - 1), `scale ${k}: ${v} vs ${expectedSd[k]}`).toBeLessThan(0.06));
    tf.dispose(Object.values(params));
    disposeState(state);
  });

  it('AutoMultivariateNormal fits the prior alone: loc 0, marginal sds at the optimum, no correlation', () => {
    const guide = AutoMultivariateNormal(priorOnly, { initLocFn: initToFeasible() });
    const { params, state } = fit(guide);
    tf.tidy(() => {
      const posterior = guide.getPosterior(params) as unknown as { loc: tf.Tensor; covarianceMatrix: tf.Tensor };
      valuesOf(posterior.loc).forEach((v) => expect(Math.abs(v)).toBeLessThan(0.08));
      const cov = posterior.covarianceMatrix.arraySync() as number[][];
      cov.forEach((row, i) => {
        expect(Math.abs(Math.sqrt(row[i]!) / expectedSd[i]! - 1), `sd ${i}`).toBeLessThan(0.06);
        row.slice(0, i).forEach((c, j) => expect(Math.abs(c / Math.sqrt(row[i]! * cov[j]![j]!)), `correlation ${i}${j}`).toBeLessThan(0.1));
      });
    });
    tf.dispose(Object.values(params));
    disposeState(state);
  });
});

onBackends(() => {
  it('AutoMultivariateNormal fits an LKJ(3, 2) prior on the correlation of a MultivariateNormal likelihood: the exact posterior', () => {
    const [n, eta] = [400, 2];
    const { y, scatter } = knownData(n);
    const exact = exactPosterior(scatter, n, eta);
    const observed = tf.tensor(Float32Array.from(y), [n, 3]);
    function* model(obs: tf.Tensor) {
      const l = yield* sample('L', LKJCholesky(3, eta));
      yield* plate('data', n, function* () {
        yield* sample('y', MultivariateNormal(tf.zeros([3]), { scaleTril: l }), { obs });
      });
    }
    const guide = AutoMultivariateNormal(model, { initLocFn: initToFeasible() });
    const { params, state } = SVI(model, guide, ClippedAdam({ lr: 0.05, lrd: 0.99 }), TraceELBO()).run(prngKey(0), 500, [observed]);
    const omega = tf.tidy(() => {
      const l = bijectTo(constraints.corrCholesky).forward(guide.sampleLatent(params, prngKey(5), [4000]));
      return tf.matMul(l, l, false, true).dataSync();
    });
    [[1, 0], [2, 0], [2, 1]].forEach(([i, j], k) => {
      const draws = Array.from({ length: 4000 }, (_, s) => omega[s * 9 + i! * 3 + j!]!);
      const mean = draws.reduce((a, b) => a + b, 0) / draws.length;
      const sd = Math.sqrt(draws.reduce((a, b) => a + (b - mean) ** 2, 0) / draws.length);
      const what = `Ω${i}${j}: fitted ${mean.toFixed(4)} ± ${sd.toFixed(4)}, exact ${exact.mean[k]!.toFixed(4)} ± ${exact.sd[k]!.toFixed(4)}`;
      expect(Math.abs(mean - exact.mean[k]!) / exact.sd[k]!, what).toBeLessThan(0.3);
      expect(Math.abs(sd / exact.sd[k]! - 1), what).toBeLessThan(0.2);
      expect(Math.abs(KNOWN[i!]![j!]! - exact.mean[k]!) / exact.sd[k]!, `${what}, known ${KNOWN[i!]![j!]}`).toBeLessThan(3);
    });
    tf.dispose([observed, ...Object.values(params)]);
    disposeState(state);
  });
}, ['cpu']);
