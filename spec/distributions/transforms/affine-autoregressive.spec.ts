import * as tf from '@tensorflow/tfjs-core';
import { expect, it } from 'vitest';
import { prngKey, splitKey } from '../../../lib/core/key.js';
import { affineFromOutputs } from '../../../lib/distributions/transforms/affine-autoregressive-kernel.js';
import { AffineAutoregressive, type AffineAutoregressiveOptions } from '../../../lib/distributions/transforms/affine-autoregressive.js';
import { type AutoRegressiveNet, AutoRegressiveNN } from '../../../lib/nn/auto-regressive-nn.js';
import { describeBackends } from '../../helpers/backends.js';

const D = 4;
const X = [
  [0.3, -1.2, 0.8, 2.1],
  [-0.5, 0.4, -1.9, 0.05],
];

/** A bound network over `D` with hidden [9, 9] and fixed weights from `seed`, scaled up so the clamp and ReLU cut in. */
function network(seed: number, permutation?: readonly number[]): { net: AutoRegressiveNet; weights: Record<string, tf.Tensor> } {
  const module = AutoRegressiveNN(D, [9, 9], permutation === undefined ? {} : { permutation });
  const keys = splitKey(prngKey(seed), Object.keys(module.params).length);
  const weights = Object.fromEntries(
    Object.entries(module.params).map(([n, init], i) => [n, tf.tidy((): tf.Tensor => tf.mul(typeof init === 'function' ? init(keys[i]!) : init, 2.5))]),
  );
  return { net: module.bind(weights), weights };
}

/** The float64 twin: y and log|det J| of one row, from the network's float32 weights read as float64. */
function twin(net: AutoRegressiveNet, o: Required<AffineAutoregressiveOptions>): (x: readonly number[]) => { y: number[]; logDet: number } {
  const layers = net.layers.map((l) => ({ w: Array.from(l.weight.dataSync()).map((v, i) => v * l.mask[i]!), b: Array.from(l.bias.dataSync()), inDim: l.inDim, outDim: l.outDim }));
  return (x) => {
    let h = [...x];
    layers.forEach((l, k) => {
      const a = l.b.map((b, j) => b + h.reduce((s, v, i) => s + v * l.w[i * l.outDim + j]!, 0));
      h = k < layers.length - 1 ? a.map((v) => Math.max(v, 0)) : a;
    });
    const y: number[] = [];
    let logDet = 0;
    for (let i = 0; i < D; i++) {
      const [m, s] = [h[i]!, h[D + i]!];
      if (o.stable) {
        const sig = 1 / (1 + Math.exp(-(s + o.sigmoidBias)));
        y.push(sig * x[i]! + (1 - sig) * m);
        logDet += Math.log(sig);
      } else {
        const c = Math.min(Math.max(s, o.logScaleMinClip), o.logScaleMaxClip);
        y.push(Math.exp(c) * x[i]! + m);
        logDet += c;
      }
    }
    return { y, logDet };
  };
}

/** log|det| of a square matrix by Gaussian elimination with partial pivoting (float64). */
function logAbsDet(a: number[][]): number {
  const m = a.map((r) => [...r]);
  let s = 0;
  for (let c = 0; c < m.length; c++) {
    let p = c;
    for (let r = c + 1; r < m.length; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    s += Math.log(Math.abs(m[c]![c]!));
    for (let r = c + 1; r < m.length; r++) {
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k < m.length; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return s;
}

/** Central float64 finite differences of the twin: J[i][j] = ∂yᵢ/∂xⱼ. */
function jacobian(f: (x: readonly number[]) => { y: number[] }, x: readonly number[], h = 1e-6): number[][] {
  const cols = x.map((_, j) => {
    const [up, down] = [[...x], [...x]];
    up[j]! += h;
    down[j]! -= h;
    const [fu, fd] = [f(up).y, f(down).y];
    return fu.map((v, i) => (v - fd[i]!) / (2 * h));
  });
  return x.map((_, i) => cols.map((c) => c[i]!));
}

const DEFAULTS = { stable: false, logScaleMinClip: -5, logScaleMaxClip: 3, sigmoidBias: 2 } as const;

describeBackends('distributions/transforms/affine-autoregressive', () => {
  const variants: readonly [string, AffineAutoregressiveOptions, readonly number[] | undefined][] = [
    ['plain, identity order', {}, undefined],
    ['plain, order 2 0 3 1, tight clips', { logScaleMinClip: -0.5, logScaleMaxClip: 0.5 }, [2, 0, 3, 1]],
    ['stable, reversed order', { stable: true }, [3, 2, 1, 0]],
  ];
  for (const [label, options, permutation] of variants) {
    // Tolerances: the op computes in float64 from float32 weights, so y and log|det J| match the
    // float64 twin to float32 rounding of the output (rtol 1e-6 on O(1)–O(10) values → 2e-5 abs);
    // the FD Jacobian (h = 1e-6, float64) is accurate to ~1e-8, so its log|det| matches the
    // op's to the same 2e-5, and entries the order forbids are exactly zero in the twin.
    it(`${label}: y and log|det J| equal the float64 twin and the log|det| of its finite-difference Jacobian`, () => {
      const { net, weights } = network(7, permutation);
      const t = AffineAutoregressive(net, options);
      const f = twin(net, { ...DEFAULTS, ...options });
      const { y, logAbsDetJacobian } = t.forwardWithLogDet(tf.tensor2d(X));
      const [ys, lds] = [y.arraySync() as number[][], logAbsDetJacobian.arraySync() as number[]];
      const order = permutation ?? [0, 1, 2, 3];
      X.forEach((x, r) => {
        const ref = f(x);
        ref.y.forEach((v, i) => expect(Math.abs(ys[r]![i]! - v)).toBeLessThan(2e-5));
        const jac = jacobian(f, x);
        expect(Math.abs(lds[r]! - logAbsDet(jac))).toBeLessThan(2e-5);
        expect(Math.abs(lds[r]! - ref.logDet)).toBeLessThan(2e-5);
        // triangular in the order: ∂yᵢ/∂xⱼ = 0 when j comes after i
        for (let i = 0; i < D; i++) for (let j = 0; j < D; j++) if (order.indexOf(j) > order.indexOf(i)) expect(jac[i]![j]).toBe(0);
      });
      tf.dispose([y, logAbsDetJacobian, ...Object.values(weights)]);
    });

    // The fused op's hand-written gradients against tfjs autodiff of the same function from ops
    // (float32 throughout, different summation order: rtol 1e-4).
    it(`${label}: gradients for x and every weight equal autodiff of the tfjs-op reference`, () => {
      const { net, weights } = network(11, permutation);
      const t = AffineAutoregressive(net, options);
      const x = tf.tensor2d(X);
      const names = Object.keys(weights);
      const loss = (fused: boolean) => (xv: tf.Tensor, ...ws: tf.Tensor[]): tf.Scalar => {
        const bound = AutoRegressiveNN(D, [9, 9], permutation === undefined ? {} : { permutation }).bind(Object.fromEntries(names.map((n, i) => [n, ws[i]!])));
        const tt = AffineAutoregressive(bound, options);
        const [y, ld] = fused ? (({ y: a, logAbsDetJacobian: b }) => [a, b])(tt.forwardWithLogDet(xv)) : affineFromOutputs(xv, ...bound.apply(xv), tt.scaling);
        return tf.add<tf.Scalar>(tf.sum(tf.mul(y, tf.tensor2d([[1, -2, 0.5, 3], [0.7, 1, -1, 2]]))), tf.mul(tf.sum(ld), 1.3));
      };
      const inputs = [x, ...names.map((n) => weights[n]!)];
      const [got, want] = [tf.grads(loss(true))(inputs), tf.grads(loss(false))(inputs)];
      got.forEach((g, i) => {
        const [a, b] = [g.dataSync(), want[i]!.dataSync()];
        const scale = Math.max(1, ...Array.from(b).map(Math.abs));
        a.forEach((v, k) => expect(Math.abs(v - b[k]!)).toBeLessThan(1e-4 * scale));
      });
      tf.dispose([...got, ...want, x, ...Object.values(weights)]);
      expect(t.name).toBe('AffineAutoregressive');
    });

    it(`${label}: inverse undoes forward (d network passes)`, () => {
      const { net, weights } = network(3, permutation);
      const t = AffineAutoregressive(net, options);
      const x = tf.tensor2d(X);
      const before = tf.memory().numTensors;
      const back = t.inverse(t.forward(x));
      // float32 round trip through exp/log-scales up to e³: 1e-4
      (back.arraySync() as number[][]).forEach((row, r) => row.forEach((v, i) => expect(v).toBeCloseTo(X[r]![i]!, 4)));
      expect(tf.memory().numTensors).toBe(before + 2); // forward's y and the inverse
      tf.dispose([x, back, ...Object.values(weights)]);
    });
  }

  it('rejects a wrong last dim and inverted clips, naming the argument', () => {
    const { net, weights } = network(1);
    expect(() => AffineAutoregressive(net).forward(tf.zeros([2, 3]))).toThrow(/AffineAutoregressive.forward: argument 'x' must be \[\.\.\., 4\]/);
    expect(() => AffineAutoregressive(net, { logScaleMinClip: 2, logScaleMaxClip: 1 })).toThrow(/argument 'logScaleMinClip'/);
    tf.dispose(Object.values(weights));
  });
});
