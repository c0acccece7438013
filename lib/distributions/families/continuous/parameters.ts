/**
 * Factory arguments of the continuous families as tensors, validated when validation is on
 * (Pyro's `arg_constraints`): one call per argument, errors naming the family and the argument.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import { type TensorInput, checkParam, isFiniteNumber, isPositive, toTensor } from '../../util.js';

/** `value` as a tensor; `InvalidArgument` unless every element is positive and finite. */
export function positiveParam(family: string, name: string, value: TensorInput): tf.Tensor {
  const t = toTensor(value);
  checkParam(family, name, t, 'must be positive', isPositive);
  return t;
}

/** `value` as a tensor; `InvalidArgument` unless every element is finite. */
export function finiteParam(family: string, name: string, value: TensorInput): tf.Tensor {
  const t = toTensor(value);
  checkParam(family, name, t, 'must be finite', isFiniteNumber);
  return t;
}
