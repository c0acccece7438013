/**
 * Stan's windowed warmup schedule (as Pyro builds it): a fast initial buffer (step size only),
 * slow windows that double in length (the inverse mass matrix is re-estimated at the end of
 * each), the last one stretched to meet a fast final buffer. With the defaults (75 / 25 / 50):
 *
 * - warmup 500: `75 | 25, 50, 100, 200 | 50`;
 * - warmup 1000: `75 | 25, 50, 100, 200, 500 | 50`.
 *
 * When `75 + 25 + 50` exceeds the warmup, the buffers are 15 % and 10 % of it and one window
 * takes the rest; below 20 iterations there is a single window (no mass-matrix adaptation).
 *
 * @module
 */

/**
 * An adaptation window: iterations `start … end` (inclusive, from 0).
 *
 * @category mcmc
 * @since 0.2.0
 */
export interface AdaptWindow {
  readonly start: number;
  readonly end: number;
}

/**
 * The windows of a warmup of `warmup` iterations: the first is the initial buffer, the last the
 * final buffer, the ones between are the slow (mass-matrix) windows.
 *
 * @category mcmc
 * @since 0.2.0
 */
export function adaptationSchedule(warmup: number, initBuffer = 75, termBuffer = 50, baseWindow = 25): readonly AdaptWindow[] {
  if (warmup < 1) return [];
  if (warmup < 20) return [{ start: 0, end: warmup - 1 }];
  let start = initBuffer;
  let end = termBuffer;
  let window = baseWindow;
  if (initBuffer + termBuffer + baseWindow > warmup) {
    start = Math.trunc(0.15 * warmup);
    end = Math.trunc(0.1 * warmup);
    window = warmup - start - end;
  }
  const windows: AdaptWindow[] = [{ start: 0, end: start - 1 }];
  const endStart = warmup - end;
  let nextStart = start;
  let nextSize = window;
  while (nextStart < endStart) {
    const curStart = nextStart;
    let curSize = nextSize;
    if (3 * curSize <= endStart - curStart) nextSize = 2 * curSize;
    else curSize = endStart - curStart;
    nextStart = curStart + curSize;
    windows.push({ start: curStart, end: nextStart - 1 });
  }
  windows.push({ start: endStart, end: warmup - 1 });
  return windows;
}
