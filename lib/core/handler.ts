/**
 * Handlers as model transforms.
 *
 * A handler wraps a model into a new model whose generator intercepts the messages of the
 * inner one. On the way out (towards the interpreter) each hook returns a *new* message; on
 * the way back the optional `postprocess` may return a new site for the inner model. The
 * innermost handler sees a message first, so for handlers that set values (`condition`,
 * `substitute`) the outermost one wins, as in Pyro. A message marked `stop` (by `block`)
 * passes further handlers untouched.
 *
 * Each handler module exports a function usable data-first, `condition(model, data)`, and
 * data-last, `pipe(model, condition(data))`.
 *
 * An error raised by a hook, or further out at the interpreter, is thrown into the wrapped
 * model at the site's `yield*`, so the model's `finally` blocks run (see `delegate.ts`).
 *
 * @module
 */
import { mapMessages } from './delegate.js';
import type { DeterministicMessage, Message, Model, ParamMessage, PlateMessage, SampleMessage, Site } from './effect.js';

/**
 * The hooks of one handler run. Hooks may return a message of another type (`lift` turns a
 * param into a sample).
 *
 * @category handlers
 * @since 0.1.0
 */
export interface Hooks {
  readonly sample?: (message: SampleMessage) => Message;
  readonly param?: (message: ParamMessage) => Message;
  readonly plate?: (message: PlateMessage) => Message;
  readonly deterministic?: (message: DeterministicMessage) => Message;
  /** Runs on the resolved site on its way back to the model. */
  readonly postprocess?: (site: Site) => Site;
}

function process(hooks: Hooks, message: Message): Message {
  switch (message.type) {
    case 'sample':
      return hooks.sample === undefined ? message : hooks.sample(message);
    case 'param':
      return hooks.param === undefined ? message : hooks.param(message);
    case 'plate':
      return hooks.plate === undefined ? message : hooks.plate(message);
    case 'deterministic':
      return hooks.deterministic === undefined ? message : hooks.deterministic(message);
  }
}

/**
 * Wrap `model` with a handler. `makeHooks` is called once per run, so a handler may keep
 * per-run state (the `seed` handler's draw counter) without it escaping the run.
 *
 * @category handlers
 * @since 0.1.0
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function handle<M extends Model<any, any, any>>(model: M, makeHooks: () => Hooks): M {
  const handled = (...args: unknown[]): Generator<Message, unknown, unknown> => {
    const hooks = makeHooks();
    const post = hooks.postprocess;
    let stopped = false; // whether the message in flight was blocked (its site is not postprocessed)
    return mapMessages(
      (model as Model<unknown[], unknown>)(...args),
      (message: Message) => {
        stopped = message.stop;
        return stopped ? message : process(hooks, message);
      },
      post === undefined ? undefined : (site) => (stopped ? site : post(site as Site)),
    );
  };
  return handled as unknown as M;
}

/** Whether a call is data-first: its first argument is the model. */
export const isDataFirst = (args: readonly unknown[]): boolean => typeof args[0] === 'function';
