/**
 * The kernels the compiled potential can replay, by tfjs kernel name.
 *
 * @module
 */
import { ELEMENTWISE_OPS } from './elementwise-ops.js';
import type { OpCall, OpFactory, PreparedOp } from './op.js';
import { REDUCE_OPS } from './reduce-ops.js';
import { STRUCTURAL_OPS } from './structural-ops.js';

const OPS: Readonly<Record<string, OpFactory>> = { ...ELEMENTWISE_OPS, ...STRUCTURAL_OPS, ...REDUCE_OPS };

/**
 * The prepared JavaScript version of a kernel call, or `undefined` when there is none.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function prepareOp(kernel: string, call: OpCall): PreparedOp | undefined {
  if (kernel === 'Cast' && call.attrs.dtype !== 'float32') return undefined;
  return OPS[kernel]?.(call);
}
