/**
 * Splittable, pure pseudo-random keys (JAX style), independent of the tfjs backend.
 *
 * A {@link Key} is an immutable pair of 32-bit words. Random numbers come from the
 * Threefry-2x32 block cipher (20 rounds, Salmon et al. 2011, "Parallel random numbers: as easy
 * as 1, 2, 3") used as a counter-mode PRF: `bits(key, counter) = threefry2x32(key, counter)`.
 * Splitting and folding in data are PRF evaluations on disjoint counter ranges, so derived
 * keys are independent and the same key always gives the same numbers, bit for bit, on every
 * backend. There is no "unseeded" key value (unlike tfjs, where seed 0 means unseeded).
 *
 * @module
 */

/**
 * An immutable PRNG key. Create one with {@link prngKey}; derive more with {@link splitKey}
 * or {@link foldIn}. Never reuse a key for two different random draws.
 *
 * @category randomness
 * @since 0.1.0
 */
export interface Key {
  readonly _tag: 'Key';
  readonly k0: number;
  readonly k1: number;
}

const ROTATIONS_A = [13, 15, 26, 6] as const;
const ROTATIONS_B = [17, 29, 16, 24] as const;
const SKEIN_PARITY = 0x1bd11bda;

// Counter domains, so split, foldIn and the random streams never share an input block.
const DOMAIN_SPLIT = 0x53504c54; // "SPLT"
const DOMAIN_FOLD = 0x464f4c44; // "FOLD"
const DOMAIN_BITS = 0x42495453; // "BITS"

const rotl = (x: number, r: number): number => ((x << r) | (x >>> (32 - r))) >>> 0;

/**
 * Threefry-2x32 with 20 rounds: encrypt the block `(c0, c1)` under `(k0, k1)`.
 * Returns two uint32 words. Exposed for tests against the published known-answer vectors.
 */
export function threefry2x32(k0: number, k1: number, c0: number, c1: number): readonly [number, number] {
  const ks = [k0 >>> 0, k1 >>> 0, (SKEIN_PARITY ^ k0 ^ k1) >>> 0] as const;
  let x0 = (c0 + ks[0]) >>> 0;
  let x1 = (c1 + ks[1]) >>> 0;
  for (let group = 0; group < 5; group++) {
    const rotations = group % 2 === 0 ? ROTATIONS_A : ROTATIONS_B;
    for (const r of rotations) {
      x0 = (x0 + x1) >>> 0;
      x1 = rotl(x1, r) ^ x0;
    }
    x0 = (x0 + ks[(group + 1) % 3]!) >>> 0;
    x1 = (x1 + ks[(group + 2) % 3]! + group + 1) >>> 0;
  }
  return [x0, x1];
}

const makeKey = (k0: number, k1: number): Key => Object.freeze({ _tag: 'Key', k0: k0 >>> 0, k1: k1 >>> 0 });

/**
 * A key from an integer seed. Every integer is a valid seed, including 0.
 *
 * @example
 * ```ts
 * const key = prngKey(0);
 * const [k1, k2] = splitKey(key, 2);
 * ```
 * @category randomness
 * @since 0.1.0
 */
export function prngKey(seed: number): Key {
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError(`prngKey: argument 'seed' must be a safe integer, got ${String(seed)}.`);
  }
  // High and low 32-bit words of the seed (negative seeds wrap, as in two's complement).
  const hi = Math.floor(seed / 0x100000000);
  return makeKey(hi, seed - hi * 0x100000000);
}

/** Whether a value is a {@link Key}. */
export function isKey(value: unknown): value is Key {
  return typeof value === 'object' && value !== null && (value as { _tag?: unknown })._tag === 'Key';
}

/**
 * Split a key into `n` independent keys: `split(key, n)[i] = threefry(key, (SPLIT, i))`.
 *
 * @category randomness
 * @since 0.1.0
 */
export function splitKey(key: Key, n = 2): readonly Key[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new TypeError(`splitKey: argument 'n' must be a positive integer, got ${String(n)}.`);
  }
  return Array.from({ length: n }, (_, i) => {
    const [a, b] = threefry2x32(key.k0, key.k1, DOMAIN_SPLIT, i);
    return makeKey(a, b);
  });
}

/**
 * Derive a key from `key` and a non-negative integer (a step number, a site counter):
 * `foldIn(key, d) = threefry(key, (FOLD, d))`.
 *
 * @category randomness
 * @since 0.1.0
 */
export function foldIn(key: Key, data: number): Key {
  const [a, b] = threefry2x32(key.k0, key.k1, DOMAIN_FOLD, data >>> 0);
  return makeKey(a, b);
}

/** `n` uint32 words from the key's bit stream (block j is `threefry(key, (BITS ^ j_hi, j))`). */
export function randomBits(key: Key, n: number): Uint32Array {
  const out = new Uint32Array(n);
  for (let j = 0, i = 0; i < n; j++) {
    const [a, b] = threefry2x32(key.k0, key.k1, DOMAIN_BITS ^ Math.floor(j / 0x100000000), j >>> 0);
    out[i++] = a;
    if (i < n) out[i++] = b;
  }
  return out;
}

const TWO_POW_M53 = 2 ** -53;

/**
 * `n` float64 uniforms in [0, 1), each from 53 random bits (two words).
 *
 * @category randomness
 * @since 0.1.0
 */
export function uniforms(key: Key, n: number): Float64Array {
  const bits = randomBits(key, 2 * n);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = ((bits[2 * i]! >>> 5) * 67108864 + (bits[2 * i + 1]! >>> 6)) * TWO_POW_M53;
  }
  return out;
}

/**
 * `n` float64 standard normals by the Box–Muller transform (both branches used):
 * `z₁ = r cos θ, z₂ = r sin θ` with `r = √(−2 ln(1 − u₁))`, `θ = 2π u₂`.
 *
 * @category randomness
 * @since 0.1.0
 */
export function normals(key: Key, n: number): Float64Array {
  const u = uniforms(key, n + (n % 2));
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log1p(-u[i]!));
    const theta = 2 * Math.PI * u[i + 1]!;
    out[i] = r * Math.cos(theta);
    if (i + 1 < n) out[i + 1] = r * Math.sin(theta);
  }
  return out;
}

/**
 * A random permutation of `0 … n−1` (Fisher–Yates driven by the key); its first `k` entries
 * are a uniform subsample without replacement.
 *
 * @category randomness
 * @since 0.1.0
 */
export function permutation(key: Key, n: number): Int32Array {
  const out = Int32Array.from({ length: n }, (_, i) => i);
  const u = uniforms(key, n);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(u[i]! * (i + 1));
    const t = out[i]!;
    out[i] = out[j]!;
    out[j] = t;
  }
  return out;
}
