/**
 * The wasm `PadV2` strategy (fill with the constant, then a heap-to-heap block copy) for
 * float32 and int32: every pad is bit-exact against a plain JavaScript reference (the constant
 * as float32 or `ToInt32`, the input's 32-bit patterns copied into place), also when the
 * output's allocation grows the heap; its gradient equals the cpu backend's bit for bit; other
 * dtypes keep the original kernel; no tensor or heap byte leaks.
 */
import * as tf from '@tensorflow/tfjs-core';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { installWasmPad } from '../../../lib/ops/kernels/wasm-pad.js';
import { installsOnce, leaksNothing, onWasmThenCpu } from './helpers/strategy.js';
import { describeBackends } from '../../helpers/backends.js';
import { bitsOf, bitsOfValue, flatAt, indicesOf, randomBits, randomFloats, stridesOf, tensorOfBits } from './helpers/blocks.js';

type Dtype = 'float32' | 'int32';
type Paddings = [number, number][];

/** The constant everywhere, `x[i]` at `before + i`, as bits. */
function referencePad(bits: Int32Array, shape: readonly number[], paddings: Paddings, constant: number, dtype: Dtype): Int32Array {
  const outShape = shape.map((n, k) => paddings[k]![0] + n + paddings[k]![1]);
  const out = new Int32Array(outShape.reduce((a, b) => a * b, 1)).fill(bitsOfValue(constant, dtype));
  const outStrides = stridesOf(outShape);
  indicesOf(shape).forEach((i, at) => {
    out[flatAt(i.map((v, k) => v + paddings[k]![0]), outStrides)] = bits[at]!;
  });
  return out;
}

/** Pad a fresh tensor of random bits on the active backend and compare with the reference. */
function expectPad(shape: readonly number[], paddings: Paddings, constant: number, dtype: Dtype, seed: number): void {
  const bits = randomBits(shape.reduce((a, b) => a * b, 1), seed);
  tf.tidy(() => {
    const out = tf.pad(tensorOfBits(bits, shape, dtype), paddings, constant);
    expect(out.shape).toEqual(shape.map((n, k) => paddings[k]![0] + n + paddings[k]![1]));
    expect(out.dtype).toBe(dtype);
    expect(bitsOf(out)).toEqual(referencePad(bits, shape, paddings, constant, dtype));
  });
}

/** A shape of rank 1–4 with extents 0–6 and paddings 0–3 on either side of each axis. */
const padCase = fc
  .array(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 4 })
  .chain((shape) => fc.tuple(fc.constant(shape), fc.tuple(...shape.map(() => fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }))))));

/** Constants: special float32 values, any double (rounded by the kernel), fractional and negative for int32. */
const constant = fc.oneof(fc.constantFrom(0, -0, NaN, Infinity, -Infinity, 1e-45, 3.4e38, 1e39), fc.double(), fc.double({ min: -1e9, max: 1e9, noNaN: true }));

describeBackends('ops/kernels/wasm-pad', () => {
  installsOnce('PadV2', installWasmPad);

  it('pads [256, 8] to [256, 16] bit-exactly (float32 and int32)', () => {
    expectPad([256, 8], [[0, 0], [8, 0]], 0, 'float32', 1);
    expectPad([256, 8], [[0, 0], [8, 0]], -3, 'int32', 2);
  });

  it('pads every shape bit-exactly (property: rank 1–4, extents 0–6, paddings 0–3, constants, both dtypes)', () => {
    fc.assert(
      fc.property(padCase, constant, fc.constantFrom<Dtype>('float32', 'int32'), fc.integer(), ([shape, paddings], c, dtype, seed) => {
        expectPad(shape, paddings, c, dtype, seed);
      }),
      { numRuns: 300 },
    );
  });

  it('truncates a fractional constant for int32 and rounds it to float32 for float32', () => {
    tf.tidy(() => {
      expect(Array.from(tf.pad(tf.tensor1d([5], 'int32'), [[1, 1]], -2.7).dataSync())).toEqual([-2, 5, -2]);
      expect(tf.pad(tf.tensor1d([5]), [[1, 0]], 0.1).dataSync()[0]).toBe(Math.fround(0.1));
    });
  });

  it('copies long rows (memory.copy) and planes of rank 4, and pads an empty input with the constant', () => {
    expectPad([3, 300], [[1, 2], [0, 5]], 1.5, 'float32', 3);
    expectPad([0, 3], [[2, 0], [1, 1]], 7, 'int32', 4);
    expectPad([2, 3, 4, 5], [[1, 0], [0, 2], [1, 1], [3, 0]], -0, 'float32', 5); // no axis merges: two odometer axes
  });

  it('is right when allocating the output grows the heap', () => {
    const heap = (): number => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.length;
    const before = heap();
    const after = before / 4 + (1 << 20); // more elements than the heap has bytes: it must grow
    tf.tidy(() => {
      const out = tf.pad(tf.tensor1d([1, 2, 3, 4]), [[after - 4, 0]], -1);
      expect(heap()).toBeGreaterThan(before);
      const values = out.dataSync();
      expect([values[0], values[after - 5], values[after - 4], values[after - 1]]).toEqual([-1, -1, 1, 4]);
      expect(values.every((v, i) => v === (i < after - 4 ? -1 : i - (after - 5)))).toBe(true);
    });
  });

  it('leaves other dtypes to the original kernel (bool)', () => {
    tf.tidy(() => {
      const b = tf.pad(tf.tensor1d([1, 0], 'bool'), [[1, 0]]);
      expect([b.dtype, ...Array.from(b.dataSync())]).toEqual(['bool', 0, 1, 0]);
    });
  });

  it("gives pad's gradient (a slice) equal to the cpu backend's bit for bit", async () => {
    const paddings: Paddings = [[1, 2], [8, 0], [0, 3]];
    const [x, dy] = [randomFloats(5 * 8 * 2, 11), randomFloats(8 * 16 * 5, 12)];
    const gradient = (): Int32Array => tf.tidy(() => bitsOf(tf.grad((v: tf.Tensor) => tf.pad(v, paddings, 2))(tf.tensor(x, [5, 8, 2]), tf.tensor(dy, [8, 16, 5]))));
    const [onWasm, onCpu] = await onWasmThenCpu(gradient);
    expect(onWasm).toEqual(onCpu);
  });

  leaksNothing(() => tf.ones([256, 8]), (x) => tf.pad(x, [[0, 0], [8, 0]]));
}, ['wasm']);
