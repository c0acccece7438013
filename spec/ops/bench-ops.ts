/**
 * Benchmarks of lib/ops: ms per call, forward and forward+gradient, on cpu and wasm.
 *
 *   npx tsx spec/ops/bench-ops.ts                 # everything, each backend in its own process
 *   npx tsx spec/ops/bench-ops.ts linalg          # only cholesky / triangularSolve
 *   npx tsx spec/ops/bench-ops.ts special wasm    # one part, one backend, in this process
 *
 * One process per backend, as in real use: V8's type feedback from one backend's run would
 * otherwise colour the other's numbers.
 * "fwd+grad" is `tf.grad(x => sum(W ⊙ op(x)))(x)`: the forward pass, the tape, and the backward
 * pass (the gradient of sum∘mul adds two tiny kernels). Each figure is the best of 9 runs of
 * the mean over enough calls to take ~20 ms: the minimum is robust to other processes on a
 * shared machine (the load average is printed). The "composed" rows are the same maths built
 * from tfjs kernels (a left-looking Cholesky, one solve row at a time), for comparison.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { useBackend, type BackendName } from '../../lib/backend.js';
import { cholesky, digamma, lgamma, lbeta, ndtri, triangularSolve } from '../../lib/ops/index.js';
import { cholesky64, choleskyBackward64, triSolve64 } from '../../lib/ops/linalg/dense64.js';
import { randomSpd, randomTriangular } from './helpers/linalg-reference.js';
import { normals, rng } from './helpers/numeric.js';

function time(body: () => void): number {
  body();
  const start = performance.now();
  let calls = 0;
  while (performance.now() - start < 20) {
    body();
    calls++;
  }
  const n = Math.max(2, Math.ceil(calls));
  let best = Infinity;
  for (let r = 0; r < 9; r++) {
    const t0 = performance.now();
    for (let i = 0; i < n; i++) body();
    best = Math.min(best, (performance.now() - t0) / n);
  }
  return best;
}

const fmt = (ms: number): string => (ms < 0.1 ? ms.toFixed(4) : ms < 10 ? ms.toFixed(3) : ms.toFixed(1));

/** Cholesky from tfjs kernels: column j from the already computed columns (O(d) kernels). */
function composedCholesky(a: tf.Tensor): tf.Tensor {
  const d = a.shape[0];
  const cols: tf.Tensor[] = [];
  for (let j = 0; j < d; j++) {
    let col = tf.slice(a, [0, j], [d, 1]);
    if (j > 0) {
      const prev = tf.concat(cols, 1); // d × j
      const rowJ = tf.slice(prev, [j, 0], [1, j]);
      col = tf.sub(col, tf.matMul(prev, rowJ, false, true));
    }
    const mask = tf.tensor2d(Float32Array.from({ length: d }, (_, i) => (i >= j ? 1 : 0)), [d, 1]);
    const pivot = tf.sqrt(tf.slice(col, [j, 0], [1, 1]));
    cols.push(tf.div(tf.mul(col, mask), pivot));
  }
  return tf.concat(cols, 1);
}

/** Forward substitution from tfjs kernels: one row per step. */
function composedSolve(l: tf.Tensor, b: tf.Tensor): tf.Tensor {
  const d = l.shape[0];
  const rows: tf.Tensor[] = [];
  for (let i = 0; i < d; i++) {
    let r = tf.slice(b, [i, 0], [1, b.shape[1]!]);
    if (i > 0) r = tf.sub(r, tf.matMul(tf.slice(l, [i, 0], [1, i]), tf.concat(rows, 0)));
    rows.push(tf.div(r, tf.slice(l, [i, i], [1, 1])));
  }
  return tf.concat(rows, 0);
}

function benchPair(op: (x: tf.Tensor) => tf.Tensor, x: tf.Tensor, skipGrad = false): [number, number] {
  const w = tf.randomUniform(op(x).shape, 0.5, 1.5, 'float32', 7);
  const fwd = time(() => tf.tidy(() => void op(x)));
  const grad = skipGrad ? NaN : time(() => tf.tidy(() => void tf.grad((t: tf.Tensor) => tf.sum(tf.mul(op(t), w)))(x)));
  w.dispose();
  return [fwd, grad];
}

async function linalg(backend: BackendName): Promise<void> {
  await useBackend(backend);
  console.log(`\n## ${backend}: linear algebra (ms per call; load average ${loadavg()[0]!.toFixed(1)})\n`);
  console.log('| op | d | forward | fwd+grad | composed fwd | composed fwd+grad |');
  console.log('|---|---|---|---|---|---|');
  for (const d of [10, 50, 200]) {
    const a = tf.tensor(Float32Array.from(randomSpd(d, d)), [d, d]);
    const [f, g] = benchPair(cholesky, a);
    const [cf, cg] = benchPair(composedCholesky, a, d > 50 && backend === 'cpu');
    console.log(`| cholesky | ${d} | ${fmt(f)} | ${fmt(g)} | ${fmt(cf)} | ${Number.isNaN(cg) ? 'skipped' : fmt(cg)} |`);
    a.dispose();
  }
  for (const k of [1, 0]) {
    for (const d of [10, 50, 200]) {
      const kk = k === 0 ? d : k;
      const l = tf.tensor(Float32Array.from(randomTriangular(d, true, d)), [d, d]);
      const b = tf.tensor(Float32Array.from(normals(d * kk, rng(d))), [d, kk]);
      const [f, g] = benchPair((t) => triangularSolve(l, t), b);
      const [fl, gl] = benchPair((t) => triangularSolve(t, b), l);
      const [cf, cg] = benchPair((t) => composedSolve(l, t), b);
      console.log(`| triangularSolve k=${kk} (grad B / grad L) | ${d} | ${fmt(f)} | ${fmt(g)} / ${fmt(gl)} | ${fmt(cf)} | ${fmt(cg)} |`);
      void fl;
      tf.dispose([l, b]);
    }
  }
}

async function special(backend: BackendName): Promise<void> {
  await useBackend(backend);
  console.log(`\n## ${backend}: special functions (ms per call; load average ${loadavg()[0]!.toFixed(1)})\n`);
  console.log('| op | n | forward | fwd+grad |');
  console.log('|---|---|---|---|');
  for (const n of [10, 1000, 100000]) {
    const x = tf.randomUniform([n], 0.01, 50, 'float32', 3);
    const p = tf.randomUniform([n], 0.001, 0.999, 'float32', 4);
    for (const [name, op, input] of [
      ['lgamma', lgamma, x],
      ['digamma', digamma, x],
      ['lbeta(x, 2.5)', (t: tf.Tensor) => lbeta(t, 2.5), x],
      ['ndtri', ndtri, p],
      ['tf.log (one kernel, for scale)', tf.log, x],
    ] as const) {
      const [f, g] = benchPair(op, input);
      console.log(`| ${name} | ${n} | ${fmt(f)} | ${fmt(g)} |`);
    }
    tf.dispose([x, p]);
  }
}

/** Inverse of a lower-triangular d×d matrix in float64: row-wise substitution, contiguous inner loops (~d³/6). */
function triInverse64(l: Float64Array, d: number): Float64Array {
  const inv = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ri = i * d;
    for (let j = 0; j < i; j++) {
      const m = l[ri + j]!;
      const rj = j * d;
      for (let c = 0; c <= j; c++) inv[ri + c] = inv[ri + c]! - m * inv[rj + c]!;
    }
    inv[ri + i] = 1;
    const diag = l[ri + i]!;
    for (let c = 0; c <= i; c++) inv[ri + c] = inv[ri + c]! / diag;
  }
  return inv;
}

/**
 * The O(d³) parts alone, pure float64 JS vs a hybrid that inverts L in JS and does the rest
 * with the backend's matmul (XNNPACK on wasm): Cholesky backward (`L⁻ᵀ Φ(Lᵀ Ḡ) L⁻¹`) and a
 * solve with k = d right-hand sides (`L⁻¹ B`).
 */
async function hybrid(backend: BackendName): Promise<void> {
  await useBackend(backend);
  console.log(`\n## ${backend}: O(d³) parts, pure JS float64 vs JS inverse + tfjs matmul (ms; load average ${loadavg()[0]!.toFixed(1)})\n`);
  console.log('| d | chol backward JS | chol backward hybrid | solve k=d JS | solve k=d hybrid |');
  console.log('|---|---|---|---|---|');
  for (const d of [50, 100, 200, 400]) {
    const a = randomSpd(d, 1);
    const l64 = new Float64Array(d * d);
    cholesky64(a, 0, d, l64, 0);
    const g64 = Float64Array.from(normals(d * d, rng(2)));
    const out = new Float64Array(d * d);
    const gt = tf.tensor(Float32Array.from(g64), [d, d]);
    const bt = tf.tensor(Float32Array.from(normals(d * d, rng(3))), [d, d]);
    const phi = tf.tensor(Float32Array.from({ length: d * d }, (_, i) => (Math.floor(i / d) > i % d ? 1 : Math.floor(i / d) === i % d ? 0.5 : 0)), [d, d]);
    const cholJs = time(() => {
      choleskyBackward64(l64, 0, Float64Array.from(gt.dataSync()), 0, d, out, 0);
      tf.tensor(Float32Array.from(out), [d, d]).dispose();
    });
    const cholHybrid = time(() =>
      tf.tidy(() => {
        const lt = tf.tensor(Float32Array.from(l64), [d, d]);
        const inv = tf.tensor(Float32Array.from(triInverse64(l64, d)), [d, d]);
        const p = tf.mul(tf.matMul(lt, gt, true, false), phi);
        const z = tf.matMul(inv, tf.matMul(p, inv), true, false);
        tf.mul(tf.add(z, tf.transpose(z)), 0.5).dataSync();
      }),
    );
    const x = new Float64Array(d * d);
    const solveJs = time(() => {
      triSolve64(l64, 0, d, true, false, Float64Array.from(bt.dataSync()), 0, d, x, 0);
      tf.tensor(Float32Array.from(x), [d, d]).dispose();
    });
    const solveHybrid = time(() =>
      tf.tidy(() => {
        tf.matMul(tf.tensor(Float32Array.from(triInverse64(l64, d)), [d, d]), bt).dataSync();
      }),
    );
    console.log(`| ${d} | ${fmt(cholJs)} | ${fmt(cholHybrid)} | ${fmt(solveJs)} | ${fmt(solveHybrid)} |`);
    tf.dispose([gt, bt, phi]);
  }
}

const part = process.argv[2] ?? 'all';
const backendArg = process.argv[3] as BackendName | undefined;
if (backendArg === undefined) {
  for (const backend of ['cpu', 'wasm']) {
    execFileSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), part, backend], { stdio: 'inherit' });
  }
} else {
  if (part === 'all' || part === 'linalg') await linalg(backendArg);
  if (part === 'all' || part === 'special') await special(backendArg);
  if (part === 'all' || part === 'hybrid') await hybrid(backendArg);
}
