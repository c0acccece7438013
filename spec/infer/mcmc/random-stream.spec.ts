import { describe, expect, it } from 'vitest';
import { prngKey } from '../../../lib/core/key.js';
import { randomStream } from '../../../lib/infer/mcmc/random-stream.js';

describe('random-stream', () => {
  it('is a function of its key: the same key, the same numbers across block boundaries', () => {
    const a = randomStream(prngKey(3));
    const b = randomStream(prngKey(3));
    const xs = Array.from({ length: 600 }, () => a.uniform());
    expect(Array.from({ length: 600 }, () => b.uniform())).toEqual(xs);
    expect(new Set(xs).size).toBe(600);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('draws normals independently of the uniforms consumed (separate sub-keys)', () => {
    const a = randomStream(prngKey(4));
    const b = randomStream(prngKey(4));
    a.uniform();
    const za = new Float64Array(3);
    const zb = new Float64Array(3);
    a.normals(za);
    b.normals(zb);
    expect(za).toEqual(zb);
  });
});
