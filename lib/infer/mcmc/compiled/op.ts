/**
 * The compiled potential's operations: a tfjs kernel re-implemented as a float64 JavaScript
 * forward pass and its vector-Jacobian product, prepared once for fixed shapes and attributes
 * (index maps precomputed), then run with no allocation.
 *
 * @module
 */
import type { Shape } from '../../../core/shape.js';

/**
 * A kernel prepared for fixed shapes: `forward` writes the output from the inputs' data;
 * `backward` adds `∂L/∂input_j = (∂out/∂input_j)ᵀ dOut` into `dIns[j]` for each input that needs
 * one (`undefined` entries need none).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface PreparedOp {
  forward(ins: readonly Float64Array[], out: Float64Array): void;
  backward(ins: readonly Float64Array[], out: Float64Array, dOut: Float64Array, dIns: readonly (Float64Array | undefined)[]): void;
}

/** What a factory sees of a recorded kernel call. */
export interface OpCall {
  /** Input shapes in the order of `inputNames`. */
  readonly inputs: readonly Shape[];
  /** The kernel's input names (`a`, `b`, `x`, or `0`, `1`, … for list inputs), in order. */
  readonly inputNames: readonly string[];
  readonly attrs: Readonly<Record<string, unknown>>;
  readonly output: Shape;
  /** Constant inputs' data (index arrays, conditions), where the op needs it at preparation. */
  readonly constants: readonly (Float64Array | undefined)[];
}

/** Prepares a kernel for a call, or `undefined` when the call is not supported. */
export type OpFactory = (call: OpCall) => PreparedOp | undefined;

/** `Π shape`. */
export const sizeOfShape = (shape: Shape): number => shape.reduce((a, b) => a * b, 1);
