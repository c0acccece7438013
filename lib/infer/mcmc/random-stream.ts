/**
 * The sampler's randomness: a stream of uniforms and standard normals drawn from one key, in
 * blocks (`uniforms(foldIn(key, block), 256)`), so a chain's every random choice — momenta,
 * tree directions, multinomial picks, Metropolis tests — is a function of its key alone: the
 * same key gives the same chain, bit for bit, in this thread or in a worker.
 *
 * @module
 */
import { type Key, foldIn, normals, splitKey, uniforms } from '../../core/key.js';

const BLOCK = 256;

/**
 * A stream of random numbers from a key (mutable, local to one chain).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface RandomStream {
  /** One uniform in [0, 1). */
  uniform(): number;
  /** Fills `out` with standard normals. */
  normals(out: Float64Array): void;
}

/**
 * A {@link RandomStream} of `key`: uniforms and normals come from two independent sub-keys,
 * each consumed block by block.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function randomStream(key: Key): RandomStream {
  const [uniformKey, normalKey] = splitKey(key, 2) as [Key, Key];
  let buffer: Float64Array = new Float64Array(0);
  let at = 0;
  let uniformBlock = 0;
  let normalBlock = 0;
  return {
    uniform() {
      if (at === buffer.length) {
        buffer = uniforms(foldIn(uniformKey, uniformBlock++), BLOCK);
        at = 0;
      }
      return buffer[at++]!;
    },
    normals(out) {
      out.set(normals(foldIn(normalKey, normalBlock++), out.length));
    },
  };
}
