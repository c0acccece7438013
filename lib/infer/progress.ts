/**
 * A progress bar for `SVI.run`, in tqdm's layout: percentage, bar, steps, elapsed time and ETA,
 * steps per second and the latest loss —
 *
 *   ` 45%|█████████▍           | 900/2000 [00:01<00:01, 812 it/s, loss 12.3457]`
 *
 * On a terminal it redraws one line (at most ten times a second) sized to the terminal's
 * width, so it never wraps. When stderr is not a terminal (CI logs, pipes, files) it is silent
 * unless `progressLines` asks for a plain line every so often. Browsers have no stderr: use
 * `onStep` there.
 *
 * @module
 */

/** Options of the progress bar (part of `SVI.run`'s options). */
export interface ProgressOptions {
  /** Draw a progress bar on stderr (default false): redrawn in place on a terminal. */
  readonly progressBar?: boolean;
  /**
   * With `progressBar`, when stderr is not a terminal: print the bar's text as a plain line
   * every this many seconds (`true`: 10), and once at the end. Default: nothing.
   */
  readonly progressLines?: boolean | number;
}

/** Receives step updates. */
export interface ProgressReporter {
  tick(step: number, loss: number): void;
  done(): void;
}

/** Where the bar is drawn and the clock it reads (stderr and `performance.now()` by default). */
export interface ProgressSink {
  readonly isTTY: boolean;
  /** The terminal's width in columns, if known. */
  readonly columns: number | undefined;
  write(text: string): void;
  /** Milliseconds. */
  now(): number;
}

const SILENT: ProgressReporter = { tick: () => undefined, done: () => undefined };
const PARTIAL = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** Seconds as `mm:ss`, or `h:mm:ss` from an hour; `?` when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const two = (n: number): string => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const mmss = `${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
  return h > 0 ? `${h}:${mmss}` : mmss;
}

/** A bar `width` cells wide, filled to `fraction` in eighths of a cell. */
function bar(fraction: number, width: number): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * width * 8);
  const full = Math.floor(eighths / 8);
  const partial = full < width ? PARTIAL[eighths % 8]! : '';
  return `${'█'.repeat(full)}${partial}${' '.repeat(Math.max(0, width - full - partial.length))}`;
}

/**
 * One line of the bar, at most `columns − 1` characters (so that a terminal never wraps it):
 * the bar takes the width the text leaves (none when the terminal is too narrow, and then
 * the text is cut). Without `columns`, the bar is 30 cells.
 */
export function renderProgress(step: number, total: number, loss: number, elapsedSeconds: number, columns?: number): string {
  const fraction = total > 0 ? step / total : 0;
  const rate = elapsedSeconds > 0 ? step / elapsedSeconds : Number.NaN;
  const eta = step > 0 && Number.isFinite(rate) ? (total - step) / rate : Number.NaN;
  const pct = `${(100 * fraction).toFixed(0).padStart(3)}%`;
  const rateText = Number.isFinite(rate) ? `${rate >= 100 ? rate.toFixed(0) : rate.toPrecision(3)} it/s` : '? it/s';
  const tail = `| ${step}/${total} [${formatDuration(elapsedSeconds)}<${formatDuration(eta)}, ${rateText}, loss ${loss.toPrecision(6)}]`;
  if (columns === undefined) return `${pct}|${bar(fraction, 30)}${tail}`;
  const room = columns - 1 - pct.length - 1 - tail.length;
  const line = room >= 5 ? `${pct}|${bar(fraction, Math.min(room, 60))}${tail}` : `${pct}${tail}`;
  return line.slice(0, Math.max(0, columns - 1));
}

/** stderr and the clock, or undefined outside Node. */
function stderrSink(): ProgressSink | undefined {
  const proc = (globalThis as { readonly process?: { readonly stderr?: { readonly isTTY?: boolean; readonly columns?: number; write(s: string): unknown } } }).process;
  const stream = proc?.stderr;
  if (stream === undefined) return undefined;
  return { isTTY: stream.isTTY === true, columns: stream.columns, write: (s) => void stream.write(s), now: () => performance.now() };
}

/**
 * A reporter for `total` steps: a live bar on a terminal when asked, plain lines every
 * `progressLines` seconds when asked and not on a terminal, otherwise silent.
 */
export function progressReporter(total: number, options: ProgressOptions, sink: ProgressSink | undefined = stderrSink()): ProgressReporter {
  if (options.progressBar !== true || sink === undefined) return SILENT;
  const lines = options.progressLines === true ? 10 : options.progressLines === false ? undefined : options.progressLines;
  if (!sink.isTTY && (lines === undefined || !(lines > 0))) return SILENT;
  const start = sink.now();
  let last = sink.isTTY ? -Infinity : start; // a terminal shows the bar at once; a log waits an interval
  let latest: { readonly step: number; readonly loss: number } | undefined;
  let drawn = '';
  let drawnStep = -1;
  const line = (step: number, loss: number, now: number): string => renderProgress(step, total, loss, (now - start) / 1000, sink.isTTY ? sink.columns : undefined);
  const draw = (now: number): void => {
    if (latest === undefined) return;
    const text = line(latest.step, latest.loss, now);
    // pad over the previous line's tail when the new one is shorter
    sink.write(sink.isTTY ? `\r${text}${' '.repeat(Math.max(0, drawn.length - text.length))}` : `${text}\n`);
    drawn = text;
    drawnStep = latest.step;
  };
  const interval = sink.isTTY ? 100 : 1000 * lines!;
  return {
    tick(step, loss) {
      latest = { step, loss };
      const now = sink.now();
      if (now - last < interval && step < total) return;
      last = now;
      draw(now);
    },
    done() {
      if (latest === undefined) return;
      if (drawnStep !== latest.step) draw(sink.now());
      if (sink.isTTY) sink.write('\n');
    },
  };
}
