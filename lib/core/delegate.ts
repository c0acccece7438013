/**
 * Driving an inner generator by hand the way `yield*` would.
 *
 * Plates and handlers run a body (or a wrapped model) and change each message on its way out,
 * so they cannot simply `yield*` it. {@link mapMessages} keeps what `yield*` guarantees: an
 * error thrown at a yield (an Ignis error raised at a site, or by a hook) is thrown *into* the
 * inner generator at that point, so the model's `try`/`finally` blocks run and it may even
 * catch it (Python's semantics: Pyro raises inside the model's frame); and closing the outer
 * generator (`return()`) closes the inner one.
 *
 * @module
 */

/**
 * Run `inner`, passing each yielded value through `out` and sending back what `back` makes of
 * the reply; returns `inner`'s result. An error thrown by `out`, `back` or the consumer is
 * thrown into `inner` at the yield it belongs to.
 */
export function* mapMessages<Y, Z, R>(
  inner: Generator<Y, R, unknown>,
  out: (message: Y) => Z,
  back?: (reply: unknown) => unknown,
): Generator<Z, R, unknown> {
  let step = inner.next();
  try {
    while (!step.done) {
      let reply: unknown;
      try {
        reply = yield out(step.value);
        if (back !== undefined) reply = back(reply);
      } catch (e) {
        step = inner.throw(e);
        continue;
      }
      step = inner.next(reply);
    }
    return step.value;
  } finally {
    // Closed from outside (the consumer called return()): close the inner generator too.
    if (!step.done) inner.return(undefined as R);
  }
}
