/**
 * Pyro's `tests/infer/test_valid_models.py` helpers: `assertOk` takes one SVI step with
 * `Adam({ lr: 1e-6 })` and `TraceELBO()` (Pyro's `assert_ok`), checks the loss is finite and
 * that no tensor leaked; a model/guide pair restated from Pyro runs through it as written.
 */
import * as tf from '@tensorflow/tfjs-core';
import { expect } from 'vitest';
import type { AnyModel } from '../../lib/core/effect.js';
import { prngKey } from '../../lib/core/key.js';
import { TraceELBO } from '../../lib/infer/elbo/index.js';
import { Adam } from '../../lib/infer/optim/index.js';
import { SVI } from '../../lib/infer/svi.js';

/** One SVI step (Pyro's `assert_ok`): returns the loss, which must be finite; leaks nothing. */
export function assertOk(model: AnyModel, guide: AnyModel, args: readonly unknown[] = [], loss = TraceELBO()): number {
  const before = tf.memory().numTensors;
  const svi = SVI(model, guide as never, Adam({ lr: 1e-6 }), loss);
  let value = Number.NaN;
  tf.tidy(() => {
    const state = svi.init(prngKey(0), ...args);
    const [next, l] = svi.update(state, ...args);
    value = l;
    for (const t of Object.values(next.params)) t.dispose();
    for (const slots of Object.values(next.optState)) for (const t of Object.values(slots)) t.dispose();
  });
  expect(Number.isFinite(value)).toBe(true);
  expect(tf.memory().numTensors).toBe(before);
  return value;
}
