/**
 * The `NonFiniteLoss` error: when a step's loss is NaN or infinite, find which sites'
 * log-densities (and which parameters) are not finite, so the message points at the cause.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../core/effect.js';
import { type IgnisError, ignisError } from '../core/errors.js';
import type { Key } from '../core/key.js';
import { sampleSites, siteLogProb } from '../core/trace.js';
import { tracePair } from './elbo/elbo.js';
import { constrain } from './params.js';
import type { SVIState } from './svi-state.js';
import { stateHint } from './svi-errors.js';

/** What went into the failed step. */
export interface NonFiniteInput {
  readonly model: AnyModel;
  readonly guide: AnyModel;
  readonly state: SVIState;
  readonly key: Key;
  readonly args: readonly unknown[];
  readonly step: number;
  readonly value: number;
}

const finite = (t: tf.Tensor): boolean => tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1);

/** Build the error naming the step, the non-finite sites and parameters. */
export function diagnoseNonFinite(input: NonFiniteInput): IgnisError {
  const findings = tf.tidy(() => {
    const out: string[] = [];
    const constrained = constrain(input.state.params, input.state.specs);
    for (const [name, value] of Object.entries(constrained)) if (!finite(value)) out.push(`param '${name}'`);
    try {
      const pair = tracePair(input.model, input.guide, constrained, input.key, input.args);
      for (const [role, trace] of [['model', pair.model], ['guide', pair.guide]] as const) {
        for (const site of sampleSites(trace)) {
          if (!finite(site.value)) out.push(`'${site.name}' (${role}: value)`);
          else if (!finite(siteLogProb(site))) out.push(`'${site.name}' (${role}: log-density)`);
        }
      }
    } catch (e) {
      out.push(`(re-running the step failed: ${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
    }
    return out;
  });
  return ignisError('NonFiniteLoss', {
    fn: 'SVI.update',
    what: `non-finite loss at step ${input.step}`,
    detail: `loss ${input.value}; not finite: ${findings.length === 0 ? 'no single site (an overflow in the sum)' : findings.join(', ')}`,
    hint: `${stateHint('SVI.update')} Check the initial values and constraints of what is named.`,
  });
}
