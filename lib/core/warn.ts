/**
 * Warnings from inference: printed once per distinct message (as Python's `warnings` does by
 * default), through a sink tests can replace.
 *
 * @module
 */

type Sink = (message: string) => void;

let sink: Sink = (message) => console.warn(`Ignis warning: ${message}`);
const seen = new Set<string>();

/** Emit `message` unless it was emitted before. */
export function warnOnce(message: string): void {
  if (seen.has(message)) return;
  seen.add(message);
  sink(message);
}

/**
 * Replace where warnings go (e.g. collect them in a test) and forget which were shown;
 * returns the previous sink.
 *
 * @category inference
 * @since 0.1.0
 */
export function setWarningSink(next: Sink): Sink {
  const previous = sink;
  sink = next;
  seen.clear();
  return previous;
}
