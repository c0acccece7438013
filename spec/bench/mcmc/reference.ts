/**
 * Exact (or near-exact) posterior moments of the MCMC.md workloads, float64, for the checks that
 * sampled posteriors match within Monte Carlo error:
 *
 * - corr_gauss_*: every marginal is N(0, 1); funnel_*: v ~ N(0, 3), x_raw ~ N(0, 1), x_i has
 *   median 0 and quantiles ±exp(…) of a normal scale mixture (only its median is checked);
 * - eight_schools_noncentered: 2-D quadrature (examples/support/eight-schools.ts);
 * - hier_poisson_pumps: 2-D quadrature over (log α, log β) with θ integrated out (Gamma–Poisson
 *   conjugacy: `∫ Gamma(θ; α, β) Poisson(x; θt) dθ ∝ Γ(α + x)/Γ(α) · β^α / (β + t)^(α + x)`), and
 *   `θ_i | α, β, x ~ Gamma(α + x_i, β + t_i)`;
 * - logistic_regression: self-normalized importance sampling, 100 000 draws from a multivariate
 *   t (ν = 7) around the posterior mode with the Laplace covariance inflated 1.2² (mulberry32 seed
 *   99); its own Monte Carlo error is far below the chains' (effective sample size reported).
 *
 * `npx tsx spec/bench/mcmc/reference.ts` prints them as JSON (reference.json holds the output).
 */
import { mulberry32 } from '../../../examples/support/data.js';
import { eightSchoolsPosterior } from '../../../examples/support/eight-schools.js';
import { type Moments, expect2, fromMoments, grid2, marginalQuantiles, midpoints } from '../../../examples/support/quadrature.js';
import { cholesky, inverse } from '../../../examples/support/linalg64.js';
import { lgamma64 } from '../../../lib/ops/special/gamma64.js';
import { PUMPS_T, PUMPS_X, logisticData } from './models.js';

/** Reference moments per latent element, by workload. */
export type References = Readonly<Record<string, Readonly<Record<string, Moments>>>>;

export function pumpsPosterior(): Readonly<Record<string, Moments>> {
  const t = PUMPS_T.map(Math.fround);
  const x = PUMPS_X;
  const g = grid2(midpoints(-4, 2, 300), midpoints(-4, 2.5, 300), (la, lb) => {
    const a = Math.exp(la);
    const b = Math.exp(lb);
    let lp = -a + (0.1 - 1) * lb - b + la + lb; // Exp(1), Gamma(0.1, 1), Jacobians
    for (let i = 0; i < x.length; i++) lp += lgamma64(a + x[i]!) - lgamma64(a) + a * lb - (a + x[i]!) * Math.log(b + t[i]!);
    return lp;
  });
  const out: Record<string, Moments> = {};
  const [a5, a50, a95] = marginalQuantiles(g, 0, Math.exp, [0.05, 0.5, 0.95]);
  out.alpha = { ...fromMoments(expect2(g, (la) => Math.exp(la)), expect2(g, (la) => Math.exp(2 * la))), q05: a5!, q50: a50!, q95: a95! };
  const [b5, b50, b95] = marginalQuantiles(g, 1, Math.exp, [0.05, 0.5, 0.95]);
  out.beta = { ...fromMoments(expect2(g, (_, lb) => Math.exp(lb)), expect2(g, (_, lb) => Math.exp(2 * lb))), q05: b5!, q50: b50!, q95: b95! };
  x.forEach((xi, i) => {
    const shape = (la: number): number => Math.exp(la) + xi;
    const rate = (lb: number): number => Math.exp(lb) + t[i]!;
    out[`theta[${i}]`] = fromMoments(
      expect2(g, (la, lb) => shape(la) / rate(lb)),
      expect2(g, (la, lb) => (shape(la) * (shape(la) + 1)) / rate(lb) ** 2),
    );
  });
  return out;
}

/** log p(w, b | X, y) (up to a constant) and its gradient / Hessian terms for the logistic model. */
function logisticLogPost(xs: Float64Array, ys: Float64Array, theta: Float64Array): number {
  let lp = -0.5 * (theta[10]! * theta[10]!) / 25;
  for (let d = 0; d < 10; d++) lp -= 0.5 * theta[d]! * theta[d]!;
  for (let n = 0; n < 1000; n++) {
    let eta = theta[10]!;
    for (let d = 0; d < 10; d++) eta += xs[n * 10 + d]! * theta[d]!;
    lp += ys[n]! * eta - (eta > 0 ? eta + Math.log1p(Math.exp(-eta)) : Math.log1p(Math.exp(eta)));
  }
  return lp;
}

export function logisticPosterior(draws = 100000): { readonly moments: Readonly<Record<string, Moments>>; readonly importanceEss: number } {
  const data = logisticData();
  const xs = data.x.map(Math.fround);
  const ys = data.y;
  // the mode by Newton's method on θ = (w, b)
  const theta = new Float64Array(11);
  let hessian: number[][] = [];
  for (let it = 0; it < 30; it++) {
    const grad = new Array<number>(11).fill(0);
    const h = Array.from({ length: 11 }, () => new Array<number>(11).fill(0));
    for (let d = 0; d < 10; d++) {
      grad[d] = -theta[d]!;
      h[d]![d] = -1;
    }
    grad[10] = -theta[10]! / 25;
    h[10]![10] = -1 / 25;
    for (let n = 0; n < 1000; n++) {
      const row = [...xs.subarray(n * 10, n * 10 + 10), 1];
      const eta = row.reduce((s, v, k) => s + v * theta[k]!, 0);
      const p = 1 / (1 + Math.exp(-eta));
      for (let i = 0; i < 11; i++) {
        grad[i]! += (ys[n]! - p) * row[i]!;
        for (let j = 0; j < 11; j++) h[i]![j]! -= p * (1 - p) * row[i]! * row[j]!;
      }
    }
    const step = inverse(h.map((r) => r.map((v) => -v))).map((r) => r.reduce((s, v, k) => s + v * grad[k]!, 0));
    step.forEach((s, i) => (theta[i]! += s));
    hessian = h;
    if (Math.max(...step.map(Math.abs)) < 1e-12) break;
  }
  const cov = inverse(hessian.map((r) => r.map((v) => -v * (1 / 1.44))));
  const l = cholesky(cov);
  const precision = inverse(cov);
  const nu = 7;
  const g = mulberry32(99);
  const logW = new Float64Array(draws);
  const samples = new Float64Array(draws * 11);
  const z = new Float64Array(11);
  const point = new Float64Array(11);
  for (let s = 0; s < draws; s++) {
    for (let i = 0; i < 11; i++) z[i] = g.normal();
    let chi = 0;
    for (let k = 0; k < nu; k++) chi += g.normal() ** 2;
    const scale = Math.sqrt(nu / chi);
    for (let i = 0; i < 11; i++) {
      let v = 0;
      for (let k = 0; k <= i; k++) v += l[i]![k]! * z[k]!;
      point[i] = theta[i]! + scale * v;
    }
    let quad = 0;
    for (let i = 0; i < 11; i++) for (let j = 0; j < 11; j++) quad += (point[i]! - theta[i]!) * precision[i]![j]! * (point[j]! - theta[j]!);
    logW[s] = logisticLogPost(xs, ys, point) + ((nu + 11) / 2) * Math.log1p(quad / nu);
    samples.set(point, s * 11);
  }
  const max = logW.reduce((m, v) => Math.max(m, v), -Infinity);
  const w = logW.map((v) => Math.exp(v - max));
  const total = w.reduce((a, b) => a + b, 0);
  const out: Record<string, Moments> = {};
  for (let i = 0; i < 11; i++) {
    let m1 = 0;
    let m2 = 0;
    for (let s = 0; s < draws; s++) {
      const v = samples[s * 11 + i]!;
      m1 += (w[s]! * v) / total;
      m2 += (w[s]! * v * v) / total;
    }
    out[i < 10 ? `w[${i}]` : 'b'] = fromMoments(m1, m2);
  }
  const importanceEss = total ** 2 / w.reduce((a, b) => a + b * b, 0);
  return { moments: out, importanceEss };
}

/** Closed forms: corr_gauss (N(0, 1) marginals), funnel (v ~ N(0, 3), x_raw ~ N(0, 1)). */
export function closedForms(): References {
  const standard = (sd: number): Moments => ({ mean: 0, sd, q05: -1.6448536269514729 * sd, q50: 0, q95: 1.6448536269514729 * sd });
  const gauss = (d: number) => Object.fromEntries(Array.from({ length: d }, (_, i) => [`x[${i}]`, standard(1)]));
  const funnel = (name: string) => ({ v: standard(3), ...Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`${name}[${i}]`, name === 'x_raw' ? standard(1) : { mean: 0, sd: NaN, q50: 0 }])) });
  return {
    corr_gauss_2d: gauss(2),
    corr_gauss_50d: gauss(50),
    funnel_noncentered: funnel('x_raw'),
    funnel_centered: funnel('x'),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { importanceEss, moments: logistic } = logisticPosterior();
  console.log(
    JSON.stringify(
      { eight_schools_noncentered: eightSchoolsPosterior(), hier_poisson_pumps: pumpsPosterior(), logistic_regression: logistic, logistic_importance_ess: importanceEss },
      null,
      1,
    ),
  );
}
