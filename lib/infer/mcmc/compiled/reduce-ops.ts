/**
 * Reductions and products of the compiled potential: `Sum`, `Mean`, `AddN` and `BatchMatMul`
 * (with transposes and a broadcast batch dim), float64 accumulation.
 *
 * @module
 */
import type { Shape } from '../../../core/shape.js';
import { type OpFactory, sizeOfShape } from './op.js';

/** For each input element, the output element it is reduced into. */
function reductionMap(shape: Shape, axes: readonly number[]): Int32Array {
  const kept = shape.map((_, d) => !axes.includes(d));
  const outShape = shape.filter((_, d) => kept[d]);
  const outStrides = outShape.map((_, i) => outShape.slice(i + 1).reduce((a, b) => a * b, 1));
  const n = sizeOfShape(shape);
  const map = new Int32Array(n);
  const index = new Array<number>(shape.length).fill(0);
  for (let k = 0; k < n; k++) {
    let flat = 0;
    let o = 0;
    for (let d = 0; d < shape.length; d++) if (kept[d]) flat += index[d]! * outStrides[o++]!;
    map[k] = flat;
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]! += 1;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return map;
}

function reduction(mean: boolean): OpFactory {
  return ({ inputs, attrs, output }) => {
    const shape = inputs[0]!;
    const raw = attrs.axis as number | readonly number[] | null | undefined;
    const list = raw === null || raw === undefined ? shape.map((_, d) => d) : typeof raw === 'number' ? [raw] : raw;
    const axes = list.map((a) => (a + shape.length) % shape.length);
    const map = reductionMap(shape, axes);
    const scale = mean ? sizeOfShape(output) / sizeOfShape(shape) : 1;
    return {
      forward([x], out) {
        out.fill(0);
        for (let k = 0; k < map.length; k++) out[map[k]!] = out[map[k]!]! + x![k]!;
        if (mean) for (let i = 0; i < out.length; i++) out[i] = out[i]! * scale;
      },
      backward(_ins, _out, dOut, [dx]) {
        if (dx === undefined) return;
        for (let k = 0; k < map.length; k++) dx[k] = dx[k]! + scale * dOut[map[k]!]!;
      },
    };
  };
}

const addN: OpFactory = () => ({
  forward(ins, out) {
    out.fill(0);
    for (const x of ins) for (let k = 0; k < out.length; k++) out[k] = out[k]! + x[k]!;
  },
  backward(_ins, _out, dOut, dIns) {
    for (const d of dIns) if (d !== undefined) for (let k = 0; k < dOut.length; k++) d[k] = d[k]! + dOut[k]!;
  },
});

/**
 * `BatchMatMul(a, b)` over operands `[...batch, m, k]`, `[...batch, k, n]` (rank ≥ 2; a batch of
 * one on either side broadcasts).
 */
const batchMatMul: OpFactory = ({ inputs, attrs, output }) => {
  const [sa, sb] = inputs as [Shape, Shape];
  if (sa.length < 2 || sb.length < 2 || output.length < 2) return undefined;
  const ta = attrs.transposeA === true;
  const tb = attrs.transposeB === true;
  const m = output[output.length - 2]!;
  const n = output[output.length - 1]!;
  const batch = sizeOfShape(output) / (m * n);
  const k = ta ? sa[sa.length - 2]! : sa[sa.length - 1]!;
  const batchA = sizeOfShape(sa) / (m * k);
  const batchB = sizeOfShape(sb) / (k * n);
  if ((batchA !== batch && batchA !== 1) || (batchB !== batch && batchB !== 1)) return undefined;
  const aBatch = batchA === 1 ? 0 : m * k;
  const bBatch = batchB === 1 ? 0 : k * n;
  // element (i, p) of op(a) is a[i·ai + p·ap]; element (p, j) of op(b) is b[p·bp + j·bj]
  const ai = ta ? 1 : k;
  const ap = ta ? m : 1;
  const bp = tb ? 1 : n;
  const bj = tb ? k : 1;
  return {
    forward([a, b], out) {
      for (let s = 0; s < batch; s++) {
        const ao = s * aBatch;
        const bo = s * bBatch;
        const oo = s * m * n;
        for (let i = 0; i < m; i++) {
          const arow = ao + i * ai;
          for (let j = 0; j < n; j++) {
            const bcol = bo + j * bj;
            let acc = 0;
            for (let p = 0; p < k; p++) acc += a![arow + p * ap]! * b![bcol + p * bp]!;
            out[oo + i * n + j] = acc;
          }
        }
      }
    },
    backward([a, b], _out, dOut, [da, db]) {
      for (let s = 0; s < batch; s++) {
        const ao = s * aBatch;
        const bo = s * bBatch;
        const oo = s * m * n;
        for (let i = 0; i < m; i++) {
          const arow = ao + i * ai;
          for (let j = 0; j < n; j++) {
            const g = dOut[oo + i * n + j]!;
            if (g === 0) continue;
            const bcol = bo + j * bj;
            if (da !== undefined) for (let p = 0; p < k; p++) da[arow + p * ap] = da[arow + p * ap]! + g * b![bcol + p * bp]!;
            if (db !== undefined) for (let p = 0; p < k; p++) db[bcol + p * bp] = db[bcol + p * bp]! + g * a![arow + p * ap]!;
          }
        }
      }
    },
  };
};

/** The reductions and products by tfjs kernel name. */
export const REDUCE_OPS: Readonly<Record<string, OpFactory>> = {
  Sum: reduction(false),
  Mean: reduction(true),
  AddN: addN,
  BatchMatMul: batchMatMul,
};
