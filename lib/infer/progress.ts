/**
 * A terminal progress bar for `SVI.run`: steps done, the latest loss and steps per second,
 * redrawn at most ten times a second on one line. Silent when stderr is not a TTY (CI, pipes,
 * browsers).
 *
 * @module
 */

/** Options of the progress bar. */
export interface ProgressOptions {
  /** Draw a progress bar on a terminal (default false). */
  readonly progressBar?: boolean;
}

/** Receives step updates. */
export interface ProgressReporter {
  tick(step: number, loss: number): void;
  done(): void;
}

const SILENT: ProgressReporter = { tick: () => undefined, done: () => undefined };
const WIDTH = 30;

/** Render one line of the bar. */
export function renderProgress(step: number, total: number, loss: number, stepsPerSecond: number): string {
  const filled = Math.round((WIDTH * step) / Math.max(1, total));
  const bar = `${'█'.repeat(filled)}${'░'.repeat(WIDTH - filled)}`;
  const pct = ((100 * step) / Math.max(1, total)).toFixed(0).padStart(3);
  return `${pct}% ${bar} ${step}/${total}  loss ${loss.toPrecision(6)}  ${stepsPerSecond.toFixed(0)} steps/s`;
}

/** A reporter for `total` steps: a live bar on a TTY when asked, otherwise silent. */
export function progressReporter(total: number, options: ProgressOptions): ProgressReporter {
  const stream = typeof process === 'undefined' ? undefined : process.stderr;
  if (options.progressBar !== true || stream?.isTTY !== true) return SILENT;
  const start = performance.now();
  let last = 0;
  let lastLine = '';
  const draw = (step: number, loss: number): void => {
    const seconds = (performance.now() - start) / 1000;
    lastLine = renderProgress(step, total, loss, step / Math.max(seconds, 1e-9));
    stream.write(`\r${lastLine}`);
  };
  return {
    tick(step, loss) {
      const now = performance.now();
      if (now - last < 100 && step < total) return;
      last = now;
      draw(step, loss);
    },
    done() {
      if (lastLine !== '') stream.write('\n');
    },
  };
}
