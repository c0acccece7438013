/**
 * What every per-op wasm strategy's spec shares: installing it for the suite (the wasm backend is
 * already active) and checking a second install changes nothing, comparing a result with the cpu
 * backend's, and checking an op in a loop leaks neither tensors nor heap bytes.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, expect, it } from 'vitest';
import { useBackend } from '../../../../lib/backend.js';

/** Install `install` for the suite and test that installing it again keeps the registered kernel `kernelName`. */
export function installsOnce(kernelName: string, install: () => boolean): void {
  beforeAll(() => {
    install();
  });

  it('is installed once (installing again changes nothing)', () => {
    const kernelFunc = tf.getKernel(kernelName, 'wasm').kernelFunc;
    expect(install()).toBe(false);
    expect(tf.getKernel(kernelName, 'wasm').kernelFunc).toBe(kernelFunc);
  });
}

/** `compute()` on wasm (the active backend) and then on cpu, switching back to wasm. */
export async function onWasmThenCpu<T>(compute: () => T): Promise<readonly [T, T]> {
  const onWasm = compute();
  await useBackend('cpu');
  const onCpu = compute();
  await useBackend('wasm');
  return [onWasm, onCpu];
}

/** Test that `op(x)` in a loop of tidies leaks no tensor and no heap bytes (`x` is made by `input`). */
export function leaksNothing(input: () => tf.Tensor, op: (x: tf.Tensor) => unknown): void {
  it('leaks no tensor and no heap bytes', () => {
    const x = input();
    const [tensors, bytes] = [tf.memory().numTensors, tf.memory().numBytes];
    for (let i = 0; i < 20; i++) tf.tidy(() => { op(x); }); // a braced body: a returned tensor would be kept
    expect([tf.memory().numTensors, tf.memory().numBytes]).toEqual([tensors, bytes]);
    x.dispose();
  });
}
