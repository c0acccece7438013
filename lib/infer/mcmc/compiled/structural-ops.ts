/**
 * Data-movement kernels of the compiled potential: reshapes (a copy), broadcasts, tiles,
 * transposes, reversals, slices, concatenation, stacking and gathers with constant indices. Each is an index
 * map `out[k] = in[map[k]]` precomputed for the shapes; its gradient scatters `dOut` back through
 * the same map.
 *
 * @module
 */
import type { Shape } from '../../../core/shape.js';
import { broadcastIndex } from '../../../ops/fused/broadcast.js';
import { type OpFactory, type PreparedOp, sizeOfShape } from './op.js';

const stridesOf = (shape: Shape): number[] => {
  const s = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) s[i] = s[i + 1]! * shape[i + 1]!;
  return s;
};

/** `out[k] = x[map[k]]` (one input). */
function gatherMap(map: Int32Array): PreparedOp {
  return {
    forward([x], out) {
      for (let k = 0; k < out.length; k++) out[k] = x![map[k]!]!;
    },
    backward(_ins, out, dOut, [dx]) {
      if (dx === undefined) return;
      for (let k = 0; k < out.length; k++) dx[map[k]!] = dx[map[k]!]! + dOut[k]!;
    },
  };
}

/** A plain copy (reshape-like kernels). */
const copy: OpFactory = () => ({
  forward([x], out) {
    out.set(x!);
  },
  backward(_ins, _out, dOut, [dx]) {
    if (dx === undefined) return;
    for (let k = 0; k < dOut.length; k++) dx[k] = dx[k]! + dOut[k]!;
  },
});

/** For each output multi-index, the flat input index given by `source(outIndex)`. */
function mapOver(out: Shape, source: (index: readonly number[]) => number): Int32Array {
  const n = sizeOfShape(out);
  const map = new Int32Array(n);
  const index = new Array<number>(out.length).fill(0);
  for (let k = 0; k < n; k++) {
    map[k] = source(index);
    for (let d = out.length - 1; d >= 0; d--) {
      index[d]! += 1;
      if (index[d]! < out[d]!) break;
      index[d] = 0;
    }
  }
  return map;
}

const transpose: OpFactory = ({ inputs, attrs, output }) => {
  const perm = attrs.perm as readonly number[];
  const s = stridesOf(inputs[0]!);
  return gatherMap(mapOver(output, (idx) => idx.reduce((acc, v, d) => acc + v * s[perm[d]!]!, 0)));
};

const tile: OpFactory = ({ inputs, output }) => {
  const shape = inputs[0]!;
  const s = stridesOf(shape);
  return gatherMap(mapOver(output, (idx) => idx.reduce((acc, v, d) => acc + (v % shape[d]!) * s[d]!, 0)));
};

const slice: OpFactory = ({ inputs, attrs, output }) => {
  const shape = inputs[0]!;
  const raw = attrs.begin as number | readonly number[];
  const begin = typeof raw === 'number' ? [raw, ...new Array<number>(shape.length - 1).fill(0)] : [...raw, ...new Array<number>(shape.length - raw.length).fill(0)];
  const s = stridesOf(shape);
  return gatherMap(mapOver(output, (idx) => idx.reduce((acc, v, d) => acc + (v + begin[d]!) * s[d]!, 0)));
};

/** `out` from several inputs: each output element reads `(input j, flat index)`. */
function multiGather(sources: Int32Array, offsets: Int32Array): PreparedOp {
  return {
    forward(ins, out) {
      for (let k = 0; k < out.length; k++) out[k] = ins[sources[k]!]![offsets[k]!]!;
    },
    backward(_ins, out, dOut, dIns) {
      for (let k = 0; k < out.length; k++) {
        const d = dIns[sources[k]!];
        if (d !== undefined) d[offsets[k]!] = d[offsets[k]!]! + dOut[k]!;
      }
    },
  };
}

const concat: OpFactory = ({ inputs, attrs, output }) => {
  const rank = output.length;
  const axis = (Number(attrs.axis) + rank) % rank;
  const live = inputs.map((s, j) => ({ s, j })).filter(({ s }) => sizeOfShape(s) > 0);
  const starts: number[] = [];
  let at = 0;
  for (const { s } of live) {
    starts.push(at);
    at += s[axis]!;
  }
  const n = sizeOfShape(output);
  const sources = new Int32Array(n);
  const offsets = new Int32Array(n);
  let k = 0;
  mapOver(output, (idx) => {
    let p = live.length - 1;
    while (starts[p]! > idx[axis]!) p--;
    const { s, j } = live[p]!;
    const st = stridesOf(s);
    sources[k] = j;
    offsets[k] = idx.reduce((acc, v, d) => acc + (d === axis ? v - starts[p]! : v) * st[d]!, 0);
    k++;
    return 0;
  });
  return multiGather(sources, offsets);
};

const pack: OpFactory = ({ inputs, attrs, output }) => {
  const rank = output.length;
  const axis = (Number(attrs.axis) + rank) % rank;
  const st = stridesOf(inputs[0]!);
  const n = sizeOfShape(output);
  const sources = new Int32Array(n);
  const offsets = new Int32Array(n);
  let k = 0;
  mapOver(output, (idx) => {
    sources[k] = idx[axis]!;
    offsets[k] = idx.filter((_, d) => d !== axis).reduce((acc, v, d) => acc + v * st[d]!, 0);
    k++;
    return 0;
  });
  return multiGather(sources, offsets);
};

const gather: OpFactory = ({ inputs, attrs, output, constants }) => {
  const indices = constants[1];
  if (indices === undefined || Number(attrs.batchDims ?? 0) !== 0) return undefined;
  const shape = inputs[0]!;
  const axis = (Number(attrs.axis) + shape.length) % shape.length;
  const st = stridesOf(shape);
  const indexRank = inputs[1]!.length;
  const indexStrides = stridesOf(inputs[1]!);
  return gatherMap(
    mapOver(output, (idx) => {
      // output index: x dims before axis, the index dims, x dims after axis
      let flat = 0;
      for (let d = 0; d < axis; d++) flat += idx[d]! * st[d]!;
      let which = 0;
      for (let d = 0; d < indexRank; d++) which += idx[axis + d]! * indexStrides[d]!;
      flat += indices[which]! * st[axis]!;
      for (let d = axis + 1; d < shape.length; d++) flat += idx[d + indexRank - 1]! * st[d]!;
      return flat;
    }),
  );
};

const reverse: OpFactory = ({ inputs, attrs, output }) => {
  const shape = inputs[0]!;
  const raw = attrs.dims as number | readonly number[] | null | undefined; // none: every dim
  const dims = (raw === null || raw === undefined ? shape.map((_, d) => d) : typeof raw === 'number' ? [raw] : raw).map((d) => (d + shape.length) % shape.length);
  const s = stridesOf(shape);
  return gatherMap(mapOver(output, (idx) => idx.reduce((acc, v, d) => acc + (dims.includes(d) ? shape[d]! - 1 - v : v) * s[d]!, 0)));
};

const broadcastTo: OpFactory = ({ inputs, output }) => gatherMap(broadcastIndex(inputs[0]!, output));

/** The data-movement kernels by tfjs kernel name. */
export const STRUCTURAL_OPS: Readonly<Record<string, OpFactory>> = {
  Reshape: copy,
  ExpandDims: copy,
  Squeeze: copy,
  Snapshot: copy,
  BroadcastTo: broadcastTo,
  Tile: tile,
  Transpose: transpose,
  Slice: slice,
  Concat: concat,
  Pack: pack,
  GatherV2: gather,
  Reverse: reverse,
};
