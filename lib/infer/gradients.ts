/**
 * `valueAndGradients`: tfjs's `engine().gradients` that leaves nothing behind when the function
 * (or its backward pass) throws.
 *
 * tfjs keeps, for every op recorded on the gradient tape, clones of the tensors its backward pass
 * needs (`keep`-ed, so no `tidy` disposes them); a successful `gradients` call disposes them when
 * it drops the tape. When `f` throws, tfjs unwinds its scopes but leaves the tape, and every saved
 * clone on it, behind: 2 tensors per failed step on a scalar model, 19 on a VAE. Here a failed
 * call disposes the saved tensors of the tape it started and drops that tape, so
 * `tf.memory().numTensors` is the same after a thrown error as before the call.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

/** The engine members used here (tfjs-core 4.x: public at run time, private in its typings). */
interface TapeState {
  readonly state: {
    readonly gradientDepth: number;
    activeTape: { readonly saved?: readonly tf.Tensor[] }[] | null;
  };
}

const tapeState = (): TapeState['state'] => (tf.engine() as unknown as TapeState).state;

/**
 * `f()` and its gradients with respect to `xs` (`undefined` for an `x` the value does not reach).
 * Call it outside any other gradient computation (an SVI step); on a throw the tape's saved
 * tensors are released before the error propagates.
 */
export function valueAndGradients(f: () => tf.Scalar, xs: readonly tf.Tensor[]): { readonly value: tf.Scalar; readonly grads: readonly (tf.Tensor | undefined)[] } {
  const outermost = tapeState().gradientDepth === 0;
  try {
    const { value, grads } = tf.engine().gradients(f, [...xs], undefined, true);
    return { value, grads: grads.map((g) => g ?? undefined) };
  } catch (e) {
    const state = tapeState();
    if (outermost && state.gradientDepth === 0 && state.activeTape !== null) {
      for (const node of state.activeTape) for (const t of node.saved ?? []) t.dispose();
      state.activeTape = null;
    }
    throw e;
  }
}
