import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fromTransferable, toTransferable } from '../../../lib/infer/mcmc/worker-data.js';

describe('worker-data', () => {
  it('round-trips tensors inside arrays and plain objects through structured clone', () => {
    const args = [tf.tensor2d([1, 2, 3, 4], [2, 2]), { n: 3, ids: tf.tensor1d([1, 2], 'int32'), name: 'x' }, [0.5, null]];
    const back = fromTransferable(structuredClone(toTransferable(args, 'args'))) as [tf.Tensor, { n: number; ids: tf.Tensor; name: string }, unknown[]];
    expect(back[0].shape).toEqual([2, 2]);
    expect(Array.from(back[0].dataSync())).toEqual([1, 2, 3, 4]);
    expect(back[1].ids.dtype).toBe('int32');
    expect(back[1].n).toBe(3);
    expect(back[1].name).toBe('x');
    expect(back[2]).toEqual([0.5, null]);
    tf.dispose([...args.filter((a) => a instanceof tf.Tensor), back[0], back[1].ids, (args[1] as { ids: tf.Tensor }).ids]);
  });

  it('names the argument that cannot cross a thread', () => {
    expect(() => toTransferable([1, { f: () => 1 }], 'args')).toThrow(/MCMC: argument 'args\[1\]\.f' must be a tensor, number, string, array or plain object with chainMethod 'parallel': got a function/);
    expect(() => toTransferable([new Map()], 'args')).toThrow(/argument 'args\[0\]'/);
  });
});
