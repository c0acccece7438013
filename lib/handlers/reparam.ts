/**
 * `reparam`: rewrite chosen sample sites by reparameterizers (Pyro's `poutine.reparam`).
 *
 * `config` maps site names to a {@link Reparam} (`LocScaleReparam`, `TransformReparam`), or is a
 * function of the site's message returning one (or `undefined` to leave the site alone). For a
 * chosen site the reparameterizer's new sites (`${name}_decentered`, `${name}_base`, a param
 * `${name}_centered`) are yielded outwards in its place, then the site itself, recorded as an
 * observed `Delta(x).mask(false)` (log-density 0) whose value the model receives.
 *
 * Composition: the new sites inherit what handlers *inside* `reparam` put on the site (plates,
 * `scale`, `mask`, a `condition`ed value, a `seed` key), and pass through the handlers
 * *outside* it like any site (so `condition(reparam(m, …), { theta_decentered })` observes the
 * new site, as in Pyro). Sites hidden by a `block` inside are left alone. An autoguide built
 * from the reparameterized model guides the new latent sites and not the rewritten ones.
 *
 * An error raised at a site (by a reparameterizer or further out) is thrown into the model at
 * that site's `yield*`, as through every handler.
 *
 * @module
 */
import type { Dims, Frames } from '../core/dims.js';
import type { AnyModel, Message, Model, ModelEffects, SampleMessage } from '../core/effect.js';
import { isDataFirst } from '../core/handler.js';
import type { Conditioned } from '../core/site-types.js';
import type { Reparam } from '../infer/reparam/reparam.js';

/** A reparameterizer per site name, or a function of the site choosing one. */
export type ReparamConfig = Readonly<Record<string, Reparam>> | ((message: SampleMessage) => Reparam | undefined);

/**
 * Options of {@link reparam}.
 *
 * @category handlers
 * @since 0.3.0
 */
export interface ReparamOptions<C extends ReparamConfig = ReparamConfig> {
  readonly config: C;
}

/** The new latent sites a record config adds: `${name}${suffix}`, with the site's dims when the reparam keeps them. */
type Added<Y, C> =
  Y extends SampleMessage<infer N, infer B, infer E, infer O, infer P>
    ? N extends keyof C
      ? C[N] extends Reparam<infer S, infer Keep>
        ? SampleMessage<`${N}${S}`, Keep extends true ? B : Dims, Keep extends true ? E : Dims, O, P>
        : never
      : never
    : never;

/** `M` yielding the messages `Extra` too. */
type WithSites<M, Extra> = M extends (...args: infer A) => Generator<infer Y, infer R, infer Next> ? (...args: A) => Generator<Y | Extra, R, Next> : M;

/**
 * The model type after `reparam`: with a record config, the rewritten sites are observed (no
 * guide samples them) and each new latent site is added (`theta_decentered` with `theta`'s dims;
 * `x_base` with wide dims); with a function config, every site may be observed and names widen.
 *
 * @category types
 * @since 0.3.0
 */
export type Reparameterized<M, C> = C extends (...args: never[]) => unknown
  ? WithSites<Conditioned<M, string>, SampleMessage<string, Dims, Dims, boolean, Frames>>
  : WithSites<Conditioned<M, keyof C & string>, Added<ModelEffects<M>, C>>;

const reparamModel = (model: AnyModel, config: ReparamConfig): AnyModel => {
  const choose = typeof config === 'function' ? config : (m: SampleMessage): Reparam | undefined => (Object.hasOwn(config, m.name) ? config[m.name] : undefined);
  return function* (...args: unknown[]): Generator<Message, unknown, unknown> {
    const inner = (model as Model<unknown[], unknown>)(...args);
    let step = inner.next();
    try {
      while (!step.done) {
        const message = step.value;
        const chosen = message.type === 'sample' && !message.stop ? choose(message) : undefined;
        let reply: unknown;
        try {
          reply = yield chosen === undefined ? message : yield* chosen.apply(message as SampleMessage);
        } catch (e) {
          step = inner.throw(e); // as `yield*` would: the model's finally blocks run (core/delegate.ts)
          continue;
        }
        step = inner.next(reply);
      }
      return step.value;
    } finally {
      if (!step.done) inner.return(undefined); // closed early or failed: close the model too
    }
  };
};

/**
 * Reparameterize sites: `reparam(model, { config: { theta: LocScaleReparam({ centered: 0 }) } })`
 * or `pipe(model, reparam({ config }))`.
 *
 * @example
 * ```ts
 * const nonCentered = reparam(eightSchools, { config: { theta: LocScaleReparam({ centered: 0 }) } });
 * const guide = AutoNormal(nonCentered); // guides mu, tau, theta_decentered
 * ```
 * @category handlers
 * @since 0.3.0
 */
export function reparam<C extends ReparamConfig>(options: ReparamOptions<C>): <M extends AnyModel>(model: M) => Reparameterized<M, C>;
export function reparam<M extends AnyModel, C extends ReparamConfig>(model: M, options: ReparamOptions<C>): Reparameterized<M, C>;
export function reparam(...args: readonly unknown[]): unknown {
  return isDataFirst(args)
    ? reparamModel(args[0] as AnyModel, (args[1] as ReparamOptions).config)
    : (model: AnyModel) => reparamModel(model, (args[0] as ReparamOptions).config);
}
