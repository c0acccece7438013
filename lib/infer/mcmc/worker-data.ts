/**
 * Model arguments across a thread boundary: tensors become `{ dtype, shape, values }` records
 * (structured-cloneable), arrays and plain objects are walked, numbers, strings, booleans,
 * `null`/`undefined` and typed arrays pass as they are. Functions and other objects cannot cross
 * and are an error naming where they are.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../../core/errors.js';

/** A tensor as plain data. */
interface TensorRecord {
  readonly __ignisTensor: true;
  readonly dtype: tf.DataType;
  readonly shape: readonly number[];
  readonly values: ArrayLike<number> | readonly string[];
}

const isTensor = (v: unknown): v is tf.Tensor => v instanceof tf.Tensor;

const isRecord = (v: unknown): v is TensorRecord => typeof v === 'object' && v !== null && (v as { __ignisTensor?: unknown }).__ignisTensor === true;

/** `value` with every tensor replaced by a record; `path` names it in errors. */
export function toTransferable(value: unknown, path: string): unknown {
  if (isTensor(value)) {
    const t = value;
    const values = t.dtype === 'string' ? (t.dataSync() as unknown as readonly Uint8Array[]).map((b) => new TextDecoder().decode(b)) : t.dataSync().slice();
    return { __ignisTensor: true, dtype: t.dtype, shape: t.shape, values } satisfies TensorRecord;
  }
  if (value === null || value === undefined || typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (ArrayBuffer.isView(value)) return value;
  if (Array.isArray(value)) return value.map((v, i) => toTransferable(v, `${path}[${i}]`));
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toTransferable(v, `${path}.${k}`)]));
  }
  throw invalidArgument(
    'MCMC',
    path,
    "must be a tensor, number, string, array or plain object with chainMethod 'parallel'",
    typeof value === 'function' ? 'a function' : Object.prototype.toString.call(value),
    'Pass data only, or build what the model needs inside the model module.',
  );
}

/** The inverse of {@link toTransferable}: records become tensors again (the caller disposes them). */
export function fromTransferable(value: unknown): unknown {
  if (isRecord(value)) return tf.tensor(value.values, [...value.shape], value.dtype);
  if (Array.isArray(value)) return value.map(fromTransferable);
  if (typeof value === 'object' && value !== null && !ArrayBuffer.isView(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromTransferable(v)]));
  }
  return value;
}
