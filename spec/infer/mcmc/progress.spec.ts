import { describe, expect, it } from 'vitest';
import { chainProgress, renderChains } from '../../../lib/infer/mcmc/progress.js';

/** Runs `body` with stderr's `isTTY` set to `tty` and its writes captured. */
function capturingStderr(tty: boolean, body: () => void): string[] {
  const stderr = process.stderr as { write: unknown; isTTY: boolean | undefined };
  const [write, isTTY] = [stderr.write, stderr.isTTY];
  const written: string[] = [];
  stderr.write = (text: string) => written.push(text) > 0;
  stderr.isTTY = tty;
  try {
    body();
  } finally {
    stderr.write = write;
    stderr.isTTY = isTTY;
  }
  return written;
}

describe('progress', () => {
  describe('renderChains', () => {
    it("shows each chain's share and phase (warmup while warmup iterations remain), and iterations per second", () => {
      expect(renderChains([50, 150, 300], 300, 100, 2)).toBe('chain 0:  17% warmup | chain 1:  50% sample | chain 2: 100% sample  250 it/s');
      expect(renderChains([99, 100], 300, 100, 1)).toBe('chain 0:  33% warmup | chain 1:  33% sample  199 it/s');
      expect(renderChains([0], 10, 0, 0)).toBe('chain 0:   0% sample  0 it/s');
    });
  });

  describe('chainProgress', () => {
    it('draws one line on a terminal, redrawn in place, ended by a newline', () => {
      const written = capturingStderr(true, () => {
        const p = chainProgress(2, 10, 5, true);
        p.tick(0, 3); // the first tick draws
        p.tick(1, 10); // the last iteration of a chain always draws
        p.done();
      });
      expect(written).toHaveLength(3);
      expect(written[0]).toMatch(/^\rchain 0: {2}30% warmup \| chain 1: {3}0% warmup {2}\d+ it\/s$/);
      expect(written[1]).toMatch(/^\rchain 0: {2}30% warmup \| chain 1: 100% sample {2}\d+ it\/s$/);
      expect(written[2]).toBe('\n');
    });

    it('is silent when not asked for, or when stderr is not a terminal', () => {
      for (const [enabled, tty] of [
        [false, true],
        [true, false],
      ] as const) {
        const written = capturingStderr(tty, () => {
          const p = chainProgress(1, 10, 5, enabled);
          p.tick(0, 10);
          p.done();
        });
        expect(written).toEqual([]);
      }
    });
  });
});
