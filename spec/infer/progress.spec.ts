import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prngKey } from '../../lib/core/key.js';
import { param, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { SGD } from '../../lib/infer/optim/sgd.js';
import { progressReporter, renderProgress } from '../../lib/infer/progress.js';
import { SVI } from '../../lib/infer/svi.js';

function* model() {
  yield* sample('z', Normal(0, 1), { obs: tf.scalar(0.5) });
}
function* guide() {
  yield* param('unused', 0);
}

/** Run `body` with process.stderr.isTTY set to `tty` and its writes captured. */
function withStderr(tty: boolean, body: () => void): string[] {
  const writes: string[] = [];
  const original = Object.getOwnPropertyDescriptor(process.stderr, 'isTTY');
  Object.defineProperty(process.stderr, 'isTTY', { value: tty, configurable: true });
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    writes.push(String(chunk));
    return true;
  });
  try {
    body();
  } finally {
    spy.mockRestore();
    if (original === undefined) delete (process.stderr as { isTTY?: boolean }).isTTY;
    else Object.defineProperty(process.stderr, 'isTTY', original);
  }
  return writes;
}

describe('infer/progress', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  describe('renderProgress', () => {
    it('draws percentage, a 30-cell bar, steps, loss to 6 significant digits and steps per second', () => {
      expect(renderProgress(50, 200, -12.3456789, 812.4)).toBe(` 25% ${'█'.repeat(8)}${'░'.repeat(22)} 50/200  loss -12.3457  812 steps/s`);
      expect(renderProgress(200, 200, 0.5, 10)).toBe(`100% ${'█'.repeat(30)} 200/200  loss 0.500000  10 steps/s`);
      expect(renderProgress(0, 0, 1, 0)).toBe(`  0% ${'░'.repeat(30)} 0/0  loss 1.00000  0 steps/s`);
    });
  });

  describe('progressReporter', () => {
    it('draws the last step on one carriage-returned line and ends it with a newline on a TTY', () => {
      const writes = withStderr(true, () => {
        const reporter = progressReporter(3, { progressBar: true });
        reporter.tick(1, 2);
        reporter.tick(2, 1.5); // within 100 ms of the first draw: skipped
        reporter.tick(3, 1);
        reporter.done();
      });
      expect(writes.length).toBe(3);
      expect(writes[0]).toMatch(/^\r 33% .* 1\/3 {2}loss 2\.00000 /);
      expect(writes[1]).toMatch(/^\r100% .* 3\/3 {2}loss 1\.00000 /);
      expect(writes[2]).toBe('\n');
    });

    it('is silent unless asked', () => {
      expect(withStderr(true, () => progressReporter(3, {}).tick(3, 1))).toEqual([]);
    });
  });

  describe('SVI.run with progressBar', () => {
    it('writes nothing when stderr is not a TTY', () => {
      let result: ReturnType<ReturnType<typeof SVI>['run']> | undefined;
      const writes = withStderr(false, () => {
        result = SVI(model, guide, SGD({ lr: 0.1 }), TraceELBO()).run(prngKey(0), 5, [], { progressBar: true });
      });
      expect(writes).toEqual([]);
      expect(result!.losses.length).toBe(5);
      tf.dispose([...Object.values(result!.params), ...Object.values(result!.state.params)]);
    });

    it('draws the bar when stderr is a TTY', () => {
      let result: ReturnType<ReturnType<typeof SVI>['run']> | undefined;
      const writes = withStderr(true, () => {
        result = SVI(model, guide, SGD({ lr: 0.1 }), TraceELBO()).run(prngKey(0), 5, [], { progressBar: true });
      });
      expect(writes.at(-2)).toMatch(/^\r100% .* 5\/5 {2}loss /);
      expect(writes.at(-1)).toBe('\n');
      tf.dispose([...Object.values(result!.params), ...Object.values(result!.state.params)]);
    });
  });
});
