/**
 * Phantom dimension names for batch and event dims.
 *
 * A distribution or a sampled value may carry, in its type only, the *names* of its batch
 * dims `B` and event dims `E` (never sizes): `Distribution<readonly ["mini_batch"], readonly ["components"]>`.
 * The tag is an optional symbol-keyed property, so any plain `tf.Tensor` is accepted where
 * dims are unannotated, and when `B` or `E` is left wide (the default) `Value` is exactly
 * `tf.Tensor`. Sizes are checked at run time (plates, `formatShapes`); names are checked by
 * the compiler where they are literal.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';

/** A tuple of dimension names, e.g. `readonly ["mini_batch", "components"]`. */
export type Dims = readonly string[];

/** The phantom key under which batch and event dim names are carried. Never present at run time. */
export declare const dimsTag: unique symbol;

/** A tensor tagged (in its type only) with batch dims `B` and event dims `E`. */
export type Tagged<B extends Dims, E extends Dims> = tf.Tensor & { readonly [dimsTag]?: readonly [B, E] };

/**
 * A value with batch dims `B` and event dims `E`. With wide dims (the default) it is a plain
 * `tf.Tensor`, so untyped code compiles unchanged.
 *
 * @category types
 * @since 0.1.0
 */
export type Value<B extends Dims = Dims, E extends Dims = Dims> = Dims extends B
  ? tf.Tensor
  : Dims extends E
    ? tf.Tensor
    : Tagged<B, E>;
