import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prngKey } from '../../lib/core/key.js';
import { param, sample } from '../../lib/core/primitives.js';
import { Normal } from '../../lib/distributions/families/continuous/normal.js';
import { TraceELBO } from '../../lib/infer/elbo/trace-elbo.js';
import { SGD } from '../../lib/infer/optim/sgd.js';
import { type ProgressSink, formatDuration, progressReporter, renderProgress } from '../../lib/infer/progress.js';
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

  /** A fake stderr and clock: `advance(ms)` moves time; `writes` collects the output. */
  function fakeSink(isTTY: boolean, columns?: number) {
    let t = 0;
    const writes: string[] = [];
    const sink: ProgressSink = { isTTY, columns, write: (text) => void writes.push(text), now: () => t };
    return { sink, writes, advance: (ms: number) => void (t += ms) };
  }

  describe('renderProgress', () => {
    it('draws tqdm\'s layout: percentage, bar, steps, [elapsed<ETA, rate, loss]', () => {
      // 50 of 200 steps in 2 s: 25 it/s, 150 left: ETA 6 s; the bar is 30 cells, a quarter full (7.5 cells)
      expect(renderProgress(50, 200, -12.3456789, 2)).toBe(` 25%|${'█'.repeat(7)}▌${' '.repeat(22)}| 50/200 [00:02<00:06, 25.0 it/s, loss -12.3457]`);
      expect(renderProgress(200, 200, 0.5, 3725)).toBe(`100%|${'█'.repeat(30)}| 200/200 [1:02:05<00:00, 0.0537 it/s, loss 0.500000]`);
      expect(renderProgress(0, 0, 1, 0)).toBe(`  0%|${' '.repeat(30)}| 0/0 [00:00<?, ? it/s, loss 1.00000]`);
    });

    it('fits the terminal: the line is columns − 1 characters wide at most, the bar taking the room left', () => {
      for (const columns of [120, 80, 60, 40, 10]) {
        const line = renderProgress(900, 2000, 12.3456, 1.1, columns);
        expect(line.length).toBeLessThanOrEqual(columns - 1);
        expect(line.startsWith(' 45%')).toBe(true);
      }
      // 60 columns: the text around the bar is 5 + 48 characters, the bar gets 60 − 1 − 53 = 6 cells, 0.45 · 6 = 2.75 full
      const line = renderProgress(900, 2000, 12.3456, 1.1, 60);
      expect(line).toBe(` 45%|██▊   | 900/2000 [00:01<00:01, 818 it/s, loss 12.3456]`);
      expect(line.length).toBe(59);
    });

    it('formats durations as mm:ss and h:mm:ss', () => {
      expect([0, 59.4, 61, 3599, 3600, 36000].map(formatDuration)).toEqual(['00:00', '00:59', '01:01', '59:59', '1:00:00', '10:00:00']);
      expect(formatDuration(Number.NaN)).toBe('?');
    });
  });

  describe('progressReporter', () => {
    it('on a terminal: draws at once, then at most every 100 ms, always the last step, on one carriage-returned line, then a newline', () => {
      const { sink, writes, advance } = fakeSink(true, 80);
      const reporter = progressReporter(3, { progressBar: true }, sink);
      reporter.tick(1, 2);
      advance(50);
      reporter.tick(2, 1.5); // within 100 ms of the first draw: skipped
      advance(10);
      reporter.tick(3, 1); // the last step: drawn
      reporter.done();
      expect(writes).toHaveLength(3);
      expect(writes[0]).toMatch(/^\r 33%\|.*\| 1\/3 \[00:00<\?, \? it\/s, loss 2\.00000\]$/);
      expect(writes[1]).toMatch(/^\r100%\|.*\| 3\/3 \[00:00<00:00, 50\.0 it\/s, loss 1\.00000\]/);
      expect(writes.slice(0, 2).every((w) => w.length <= 80)).toBe(true);
      expect(writes[2]).toBe('\n');
    });

    it('when stderr is not a terminal: silent by default; with progressLines, a plain line every n seconds and one at the end', () => {
      const quiet = fakeSink(false);
      const r0 = progressReporter(10, { progressBar: true }, quiet.sink);
      r0.tick(10, 1);
      r0.done();
      expect(quiet.writes).toEqual([]);

      const log = fakeSink(false);
      const reporter = progressReporter(10, { progressBar: true, progressLines: 2 }, log.sink);
      for (let step = 1; step <= 10; step++) {
        log.advance(500); // 0.5 s per step: a line at steps 4 and 8 (every 2 s), and the last at 10
        reporter.tick(step, 1 / step);
      }
      reporter.done();
      expect(log.writes.map((w) => /\| (\d+)\/10 /.exec(w)![1])).toEqual(['4', '8', '10']);
      expect(log.writes.every((w) => w.endsWith(']\n') && !w.includes('\r'))).toBe(true);
    });

    it('is silent unless asked, and outside Node', () => {
      const { sink, writes } = fakeSink(true, 80);
      progressReporter(3, {}, sink).tick(3, 1);
      progressReporter(3, { progressBar: true }, undefined).tick(3, 1);
      expect(writes).toEqual([]);
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
      expect(writes.at(-2)).toMatch(/^\r100%\|.*\| 5\/5 \[.*, loss /);
      expect(writes.at(-1)).toBe('\n');
      tf.dispose([...Object.values(result!.params), ...Object.values(result!.state.params)]);
    });
  });
});
