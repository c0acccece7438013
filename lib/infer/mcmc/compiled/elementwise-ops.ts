/**
 * Elementwise kernels of the compiled potential: unary maps (`Exp`, `Log`, `Softplus`, …) and
 * broadcasting binary maps (`Add`, `Mul`, `RealDiv`, `Pow`, …), each with its derivative(s).
 * Broadcasting reads each operand through an index map precomputed for the shapes (or directly
 * when an operand has the output's size, or by its one element when it is a scalar).
 *
 * @module
 */
import type { Shape } from '../../../core/shape.js';
import { broadcastIndex } from '../../../ops/fused/broadcast.js';
import { type OpFactory, type PreparedOp, sizeOfShape } from './op.js';

/** `y = f(x)` and `dy/dx` given `x` and `y`. */
interface Unary {
  readonly f: (x: number) => number;
  readonly df: (x: number, y: number) => number;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

const UNARY: Readonly<Record<string, Unary>> = {
  Identity: { f: (x) => x, df: () => 1 },
  Cast: { f: (x) => x, df: () => 1 },
  Neg: { f: (x) => -x, df: () => -1 },
  Exp: { f: Math.exp, df: (_x, y) => y },
  Expm1: { f: Math.expm1, df: (_x, y) => y + 1 },
  Log: { f: Math.log, df: (x) => 1 / x },
  Log1p: { f: Math.log1p, df: (x) => 1 / (1 + x) },
  Sqrt: { f: Math.sqrt, df: (_x, y) => 0.5 / y },
  Rsqrt: { f: (x) => 1 / Math.sqrt(x), df: (x, y) => (-0.5 * y) / x },
  Square: { f: (x) => x * x, df: (x) => 2 * x },
  Abs: { f: Math.abs, df: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0) },
  Reciprocal: { f: (x) => 1 / x, df: (_x, y) => -y * y },
  Sigmoid: { f: sigmoid, df: (_x, y) => y * (1 - y) },
  Softplus: { f: softplus, df: (x) => sigmoid(x) },
  Tanh: { f: Math.tanh, df: (_x, y) => 1 - y * y },
  Sin: { f: Math.sin, df: (x) => Math.cos(x) },
  Cos: { f: Math.cos, df: (x) => -Math.sin(x) },
  Relu: { f: (x) => (x > 0 ? x : 0), df: (x) => (x > 0 ? 1 : 0) },
};

function unary(u: Unary): OpFactory {
  return () => ({
    forward([x], out) {
      for (let i = 0; i < out.length; i++) out[i] = u.f(x![i]!);
    },
    backward([x], out, dOut, [dx]) {
      if (dx === undefined) return;
      for (let i = 0; i < out.length; i++) dx[i] = dx[i]! + dOut[i]! * u.df(x![i]!, out[i]!);
    },
  });
}

/** `z = f(a, b)` and its partials `∂z/∂a`, `∂z/∂b` given `a`, `b`, `z`. */
interface Binary {
  readonly f: (a: number, b: number) => number;
  readonly da: (a: number, b: number, z: number) => number;
  readonly db: (a: number, b: number, z: number) => number;
}

const BINARY: Readonly<Record<string, Binary>> = {
  Add: { f: (a, b) => a + b, da: () => 1, db: () => 1 },
  Sub: { f: (a, b) => a - b, da: () => 1, db: () => -1 },
  Multiply: { f: (a, b) => a * b, da: (_a, b) => b, db: (a) => a },
  RealDiv: { f: (a, b) => a / b, da: (_a, b) => 1 / b, db: (_a, b, z) => -z / b },
  Maximum: { f: Math.max, da: (a, b) => (a >= b ? 1 : 0), db: (a, b) => (a >= b ? 0 : 1) },
  Minimum: { f: Math.min, da: (a, b) => (a <= b ? 1 : 0), db: (a, b) => (a <= b ? 0 : 1) },
  Pow: { f: Math.pow, da: (a, b) => b * Math.pow(a, b - 1), db: (a, _b, z) => (a > 0 ? z * Math.log(a) : 0) },
  SquaredDifference: { f: (a, b) => (a - b) * (a - b), da: (a, b) => 2 * (a - b), db: (a, b) => 2 * (b - a) },
};

/** How an operand of `shape` is read for each element of `out`: directly, its one element, or by index. */
function reader(shape: Shape, out: Shape): Int32Array | 'direct' | 'scalar' {
  const n = sizeOfShape(shape);
  if (n === 1) return 'scalar';
  if (n === sizeOfShape(out) && shape.length <= out.length) return 'direct';
  return broadcastIndex(shape, out);
}

function binary(op: Binary): OpFactory {
  return ({ inputs, output }) => {
    const ra = reader(inputs[0]!, output);
    const rb = reader(inputs[1]!, output);
    const ia = typeof ra === 'string' ? undefined : ra;
    const ib = typeof rb === 'string' ? undefined : rb;
    const at = (r: typeof ra, idx: Int32Array | undefined, k: number): number => (r === 'direct' ? k : r === 'scalar' ? 0 : idx![k]!);
    const prepared: PreparedOp = {
      forward([a, b], out) {
        if (ra === 'direct' && rb === 'direct') {
          for (let k = 0; k < out.length; k++) out[k] = op.f(a![k]!, b![k]!);
        } else if (ra === 'direct' && rb === 'scalar') {
          const bv = b![0]!;
          for (let k = 0; k < out.length; k++) out[k] = op.f(a![k]!, bv);
        } else if (ra === 'scalar' && rb === 'direct') {
          const av = a![0]!;
          for (let k = 0; k < out.length; k++) out[k] = op.f(av, b![k]!);
        } else {
          for (let k = 0; k < out.length; k++) out[k] = op.f(a![at(ra, ia, k)]!, b![at(rb, ib, k)]!);
        }
      },
      backward([a, b], out, dOut, [da, db]) {
        for (let k = 0; k < out.length; k++) {
          const g = dOut[k]!;
          if (g === 0) continue;
          const i = at(ra, ia, k);
          const j = at(rb, ib, k);
          const av = a![i]!;
          const bv = b![j]!;
          if (da !== undefined) da[i] = da[i]! + g * op.da(av, bv, out[k]!);
          if (db !== undefined) db[j] = db[j]! + g * op.db(av, bv, out[k]!);
        }
      },
    };
    return prepared;
  };
}

/** `Select(condition, t, e)`: `t` where the (constant) condition holds, else `e`, broadcast. */
const select: OpFactory = ({ inputs, output, constants }) => {
  const cond = constants[0];
  if (cond === undefined) return undefined;
  const [ic, it, ie] = inputs.map((s) => broadcastIndex(s, output)) as [Int32Array, Int32Array, Int32Array];
  return {
    forward([, t, e], out) {
      for (let k = 0; k < out.length; k++) out[k] = cond[ic[k]!] !== 0 ? t![it[k]!]! : e![ie[k]!]!;
    },
    backward(_ins, out, dOut, [, dt, de]) {
      for (let k = 0; k < out.length; k++) {
        if (cond[ic[k]!] !== 0) {
          if (dt !== undefined) dt[it[k]!] = dt[it[k]!]! + dOut[k]!;
        } else if (de !== undefined) de[ie[k]!] = de[ie[k]!]! + dOut[k]!;
      }
    },
  };
};

/** `ClipByValue(x)` to `[clipValueMin, clipValueMax]`: gradient 1 strictly inside, 0 outside. */
const clip: OpFactory = ({ attrs }) => {
  const lo = Number(attrs.clipValueMin);
  const hi = Number(attrs.clipValueMax);
  return {
    forward([x], out) {
      for (let k = 0; k < out.length; k++) out[k] = Math.min(Math.max(x![k]!, lo), hi);
    },
    backward([x], out, dOut, [dx]) {
      if (dx === undefined) return;
      for (let k = 0; k < out.length; k++) if (x![k]! >= lo && x![k]! <= hi) dx[k] = dx[k]! + dOut[k]!;
    },
  };
};

/** The elementwise kernels by tfjs kernel name. */
export const ELEMENTWISE_OPS: Readonly<Record<string, OpFactory>> = {
  ...Object.fromEntries(Object.entries(UNARY).map(([name, u]) => [name, unary(u)])),
  ...Object.fromEntries(Object.entries(BINARY).map(([name, b]) => [name, binary(b)])),
  Select: select,
  ClipByValue: clip,
};
