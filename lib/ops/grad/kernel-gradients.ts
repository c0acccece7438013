/**
 * Real gradients for two tfjs kernels that have none in 4.22: `Diag` (`tf.diag`) and
 * `StridedSlice` (`tf.stridedSlice`). Both are linear maps, so their gradients are the adjoint
 * maps; each adjoint is differentiable again.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { runCustomOp } from '../fused/custom-op.js';
import { sizeOf } from '../../core/shape.js';
import { diagPart } from '../linalg/diag.js';

/** Adjoint of `tf.diag`: the diagonal of `dy` (`[...s, ...s]`) reshaped to `s`. */
function diagAdjoint(dy: tf.Tensor, xShape: number[]): tf.Tensor {
  const n = sizeOf(xShape);
  return tf.reshape(diagPart(tf.reshape(dy, [n, n])), xShape);
}

/** Adjoint of a strided slice: scatter `dy` into zeros of `xShape` (JS loop), whose own gradient is the slice. */
function stridedSliceAdjoint(dy: tf.Tensor, xShape: number[], attrs: tf.StridedSliceAttrs): tf.Tensor {
  const info = tf.slice_util.sliceInfo(
    xShape, attrs.begin, attrs.end, attrs.strides, attrs.beginMask, attrs.endMask,
    attrs.ellipsisMask, attrs.newAxisMask, attrs.shrinkAxisMask,
  );
  return runCustomOp([dy], () => {
    const src = dy.dataSync();
    const out = new Float32Array(sizeOf(xShape));
    // per-input-dim counts (finalShapeSparse drops shrunk dims on some paths)
    const shape = tf.slice_util.computeOutShape(info.begin, info.end, info.strides);
    const rank = shape.length;
    const xStrides = new Array<number>(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) xStrides[d] = xStrides[d + 1]! * xShape[d + 1]!;
    const loc = new Array<number>(rank).fill(0);
    for (const v of src) {
      let flat = 0;
      for (let d = 0; d < rank; d++) flat += (loc[d]! * info.strides[d]! + info.begin[d]!) * xStrides[d]!;
      out[flat] = out[flat]! + v;
      for (let d = rank - 1; d >= 0; d--) {
        loc[d]! += 1;
        if (loc[d]! < shape[d]!) break;
        loc[d] = 0;
      }
    }
    return {
      value: tf.tensor(out, xShape, 'float32'),
      gradFunc: (ddx) => [
        tf.reshape(
          tf.stridedSlice(ddx, attrs.begin, attrs.end, attrs.strides, attrs.beginMask, attrs.endMask, attrs.ellipsisMask, attrs.newAxisMask, attrs.shrinkAxisMask),
          dy.shape,
        ),
      ],
    };
  });
}

/** Register the `Diag` and `StridedSlice` gradients where missing; returns the names registered. @internal */
export function registerKernelGradients(): string[] {
  const added: string[] = [];
  if (tf.getGradient('Diag') === undefined) {
    tf.registerGradient({
      kernelName: 'Diag',
      inputsToSave: ['x'],
      gradFunc: (dy, saved) => ({ x: () => diagAdjoint(dy as tf.Tensor, saved[0]!.shape) }),
    });
    added.push('Diag');
  }
  if (tf.getGradient('StridedSlice') === undefined) {
    tf.registerGradient({
      kernelName: 'StridedSlice',
      inputsToSave: ['x'],
      gradFunc: (dy, saved, attrs) => ({
        x: () => stridedSliceAdjoint(dy as tf.Tensor, saved[0]!.shape, attrs as unknown as tf.StridedSliceAttrs),
      }),
    });
    added.push('StridedSlice');
  }
  return added;
}
