/**
 * `lift`: turn parameters into random variables (Pyro's `poutine.lift`). Each param site
 * covered by the prior becomes a latent sample site with that prior (broadcast to the
 * param's initial shape), so a model with learnable params can be given a Bayesian
 * treatment without rewriting it.
 *
 * @module
 */
import type { AnyModel, ParamMessage, SampleMessage } from '../core/effect.js';
import { handle, isDataFirst } from '../core/handler.js';
import type { Distribution } from '../distributions/distribution.js';

/** A prior for every param, or priors by param name. */
export type LiftPrior = Distribution | Readonly<Record<string, Distribution>>;

const isDistribution = (x: unknown): x is Distribution => typeof (x as Partial<Distribution>).logProb === 'function';

function priorFor(prior: LiftPrior, message: ParamMessage): Distribution | undefined {
  const fn = isDistribution(prior) ? prior : prior[message.name];
  if (fn === undefined || typeof message.init === 'function') return fn;
  const shape: readonly number[] = (message.init).shape;
  const batch = shape.slice(0, shape.length - fn.eventShape.length);
  return batch.length > fn.batchShape.length ? fn.expand(batch) : fn;
}

const liftModel = <M extends AnyModel>(model: M, prior: LiftPrior): M =>
  handle(model, () => ({
    param: (message) => {
      const fn = priorFor(prior, message);
      if (fn === undefined) return message;
      const sample: SampleMessage = {
        type: 'sample',
        name: message.name,
        fn,
        value: message.value,
        isObserved: false,
        scale: 1,
        mask: true,
        infer: {},
        plates: message.plates,
        ...(message.sequential === undefined ? {} : { sequential: message.sequential }),
        ...(message.blockedPlates === undefined ? {} : { blockedPlates: message.blockedPlates }),
        stop: false,
        key: message.key,
      };
      return sample;
    },
  }));

/**
 * Lift params to random variables: `lift(model, { w: Normal(0, 1) })` or
 * `pipe(model, lift(Normal(0, 1)))`.
 *
 * @category handlers
 * @since 0.1.0
 */
export function lift(prior: LiftPrior): <M extends AnyModel>(model: M) => M;
export function lift<M extends AnyModel>(model: M, prior: LiftPrior): M;
export function lift(...args: readonly unknown[]): unknown {
  return isDataFirst(args) ? liftModel(args[0] as AnyModel, args[1] as LiftPrior) : (model: AnyModel) => liftModel(model, args[0] as LiftPrior);
}
