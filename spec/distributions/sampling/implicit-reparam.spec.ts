/**
 * The JavaScript reparameterized samplers (Gamma, InverseGamma, Beta, StudentT): broadcasting
 * of parameters, gradients summed back to each parameter's shape, agreement of the implicit
 * gradients with derivatives of closed-form expectations, and memory.
 *
 * The non-pathwise parameters (`concentration`, `df`) cannot be checked by finite differences
 * of a fixed-key estimate: Marsaglia–Tsang's accept/reject map is not the implicit (CDF-fixed)
 * reparameterization, so a fixed-key FD measures a different, biased derivative. Instead:
 * (1) gammaSampler.spec.ts checks each per-draw gradient against finite differences of the CDF;
 * (2) here, the average per-draw gradient of `f(x)` must match `d/dθ E[f(X)]` from a closed
 * form (differentiated analytically or by float64 central differences) within 5 Monte Carlo
 * standard errors (`5 sd(gᵢ)/√n`, n = 20 000; a false failure has probability < 1e-6, and the
 * keys are fixed, so the test is deterministic).
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { Beta, Gamma, InverseGamma, StudentT } from '../../../lib/distributions/index.js';
import { digamma64 } from '../../../lib/ops/index.js';
import { describeBackends } from '../../helpers/backends.js';
import { logGamma64 } from '../helpers/incomplete-gamma.js';

const N = 20_000;

/** Per-draw gradients `gᵢ = ∂f(xᵢ)/∂θᵢ`, with θ broadcast to `[N]` so each draw has its own copy. */
function perDrawGradients(theta: number, draw: (thetaN: tf.Tensor) => tf.Tensor, f: (x: tf.Tensor) => tf.Tensor): Float32Array {
  return tf.tidy(() => {
    const g = tf.grad((t: tf.Tensor) => tf.sum(f(draw(t))))(tf.fill([N], theta));
    return g.dataSync() as Float32Array;
  });
}

/** Assert mean(g) within 5 standard errors of `expected`. */
function expectUnbiased(g: Float32Array, expected: number, label: string): void {
  const mean = g.reduce((s, x) => s + x, 0) / g.length;
  const sd = Math.sqrt(g.reduce((s, x) => s + (x - mean) ** 2, 0) / (g.length - 1));
  expect(Math.abs(mean - expected), `${label}: mean ${mean} vs ${expected} (se ${sd / Math.sqrt(g.length)})`).toBeLessThan(
    (5 * sd) / Math.sqrt(g.length),
  );
}

const centralDifference = (f: (x: number) => number, x: number, h = 1e-5): number => (f(x + h) - f(x - h)) / (2 * h);

/** E|T| for Student's t with ν > 1 degrees of freedom (loc 0, scale 1). */
const studentTAbsMean = (nu: number): number =>
  (2 * Math.sqrt(nu) * Math.exp(logGamma64((nu + 1) / 2) - logGamma64(nu / 2))) / (Math.sqrt(Math.PI) * (nu - 1));

describeBackends('distributions/sampling/implicit-reparam', () => {
  it('broadcasts parameters by index: unbroadcast and explicitly broadcast parameters give identical draws and summed gradients', () => {
    tf.tidy(() => {
      const [c, r] = [tf.tensor([0.5, 2, 7]), tf.tensor([[1], [3]])];
      const weights = tf.randomUniform([4, 2, 3], 0, 1, 'float32', 3);
      const f = (a: tf.Tensor, b: tf.Tensor): tf.Tensor => tf.sum(tf.mul(weights, Gamma(a, b).rsample(prngKey(1), [4])));
      const [gc, gr] = tf.grads(f)([c, r]);
      const [cb, rb] = [tf.broadcastTo(c, [2, 3]), tf.broadcastTo(r, [2, 3])];
      const [gcb, grb] = tf.grads(f)([cb, rb]);
      expect(Array.from(Gamma(c, r).rsample(prngKey(1), [4]).dataSync())).toEqual(Array.from(Gamma(cb, rb).rsample(prngKey(1), [4]).dataSync()));
      expect(gc!.shape).toEqual([3]);
      expect(gr!.shape).toEqual([2, 1]);
      const close = (a: tf.Tensor, b: tf.Tensor): void => expect(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]).toBeLessThan(1e-5 * (1 + tf.max(tf.abs(b)).dataSync()[0]!));
      close(gc!, tf.sum(gcb!, 0));
      close(gr!, tf.sum(grb!, 1, true));
    });
  });

  it('sample() returns the same values as rsample() for the same key, as a constant', () => {
    tf.tidy(() => {
      for (const d of [Gamma(2, 3), InverseGamma(3, 1), Beta(0.5, 2), StudentT(4, 1, 2)]) {
        expect(Array.from(d.sample(prngKey(2), [5]).dataSync()), d.family).toEqual(Array.from(d.rsample(prngKey(2), [5]).dataSync()));
      }
    });
  });

  it('Gamma: d/dα E[X] = 1/β and d/dα E[log X] = ψ′(α), for α above and below 1 (the boosted branch)', () => {
    for (const [alpha, beta] of [[2.5, 1.5], [0.4, 2]] as const) {
      const draw = (a: tf.Tensor): tf.Tensor => Gamma(a, beta).rsample(prngKey(11));
      expectUnbiased(perDrawGradients(alpha, draw, (x) => x), 1 / beta, `E[X], α=${alpha}`);
      expectUnbiased(perDrawGradients(alpha, draw, tf.log), centralDifference(digamma64, alpha), `E[log X], α=${alpha}`);
    }
  });

  it('InverseGamma: d/dα E[1/X] = 1/β and d/dβ E[1/X] = −α/β²', () => {
    const [alpha, beta] = [3, 2];
    expectUnbiased(perDrawGradients(alpha, (a) => InverseGamma(a, beta).rsample(prngKey(12)), tf.reciprocal), 1 / beta, 'α');
    expectUnbiased(perDrawGradients(beta, (b) => InverseGamma(alpha, b).rsample(prngKey(13)), tf.reciprocal), -alpha / beta ** 2, 'β');
  });

  it('Beta: d/da E[X] = b/(a + b)² and d/db E[X] = −a/(a + b)²', () => {
    const [a, b] = [2, 3];
    expectUnbiased(perDrawGradients(a, (t) => Beta(t, b).rsample(prngKey(14)), (x) => x), b / (a + b) ** 2, 'a');
    expectUnbiased(perDrawGradients(b, (t) => Beta(a, t).rsample(prngKey(15)), (x) => x), -a / (a + b) ** 2, 'b');
    expectUnbiased(perDrawGradients(0.5, (t) => Beta(t, 0.7).rsample(prngKey(16)), (x) => x), 0.7 / 1.2 ** 2, 'small a');
  });

  it('StudentT: d/dν E|X| matches the derivative of the closed form, and d/dσ E|X| = E|T|', () => {
    const nu = 6;
    expectUnbiased(perDrawGradients(nu, (t) => StudentT(t, 0, 1).rsample(prngKey(17)), tf.abs), centralDifference(studentTAbsMean, nu), 'ν');
    expectUnbiased(perDrawGradients(1.5, (s) => StudentT(nu, 0, s).rsample(prngKey(18)), tf.abs), studentTAbsMean(nu), 'σ');
  });

  it('Beta(0.01, 0.01): no draw is exactly ½ and P(X < 10⁻³) = 0.4667 (both Gammas underflowing float32 is not a tie)', () => {
    // Reference: I₀.₀₀₁(0.01, 0.01) = 0.46670738608769 (mpmath betainc, 30 digits). A float32 ½
    // has probability ≈ 2⁻²⁵ · density(½) ≈ 6e-10 per draw; before the fix 17% of draws were ½.
    const n = 4000;
    const x = tf.tidy(() => Beta(0.01, 0.01).sample(prngKey(19), [n]).dataSync());
    expect(x.filter((v) => v === 0.5).length).toBe(0);
    const below = x.filter((v) => v < 1e-3).length / n;
    const p = 0.46670738608769;
    expect(Math.abs(below - p)).toBeLessThan(5 * Math.sqrt((p * (1 - p)) / n));
  });

  it('leaks no tensors through the custom-gradient samplers', () => {
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const [a, b] = [tf.tensor([0.7, 3]), tf.tensor([2, 0.5])];
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(Gamma(x, y).rsample(prngKey(1), [3])))([a, b]);
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(InverseGamma(x, y).rsample(prngKey(1), [3])))([a, b]);
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(Beta(x, y).rsample(prngKey(1), [3])))([a, b]);
      tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(StudentT(x, y, b).rsample(prngKey(1), [3])))([a, b]);
    });
    expect(tf.memory().numTensors).toBe(before);
  });
});
