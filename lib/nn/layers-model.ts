/**
 * `fromLayersModel`: use a `@tensorflow/tfjs-layers` model as a {@link Layer}, so its
 * trainable weights become parameters (`module(name, fromLayersModel(model))`) and receive
 * gradients from SVI.
 *
 * Weights are named `<layer index>.<weight>` after the model's `layers` (e.g. `0.kernel`,
 * `0.bias`, `1.kernel`); a layer whose weights share a short name (a nested model) uses
 * `<layer index>.<weight index>`. Their initial values are copies of the model's current
 * values.
 *
 * How the forward pass sees the parameters: for the duration of one `apply`, each trainable
 * `LayerVariable` reads the parameter tensor instead of its own variable; its own variable is
 * put back afterwards (also when `apply` throws), so the model is never changed — training
 * updates the parameters, not the model. Non-trainable weights (e.g. batch-norm statistics)
 * stay the model's own, and the model runs with `training: false`.
 *
 * Gotcha: this relies on tfjs-layers 4.22's `LayerVariable.read()` returning its `val` field
 * (a protected field); the interop test pins that behaviour.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
import { invalidArgument } from '../core/errors.js';
import { type Layer, weightOf } from './layer.js';

/** The slice of tfjs-layers' `LayerVariable` the interop reads and (temporarily) redirects. */
interface RedirectableVariable {
  readonly id: number;
  readonly name: string;
  readonly shape: readonly (number | null)[];
  read(): tf.Tensor;
  val: tf.Tensor;
}

/**
 * The part of a `@tensorflow/tfjs-layers` `LayersModel` that {@link fromLayersModel} uses,
 * typed structurally so that Ignis's declarations do not require tfjs-layers (an optional peer
 * dependency) to be installed. Any `tf.LayersModel` (`tf.sequential`, `tf.model`) is one.
 *
 * @category nn
 * @since 0.1.0
 */
export interface LayersModelLike {
  /** The model's layers, in order; each must be built. */
  readonly layers: readonly { readonly built: boolean; readonly trainableWeights: readonly unknown[] }[];
  /** The forward pass (tfjs-layers' `LayersModel.apply`). */
  apply(inputs: tf.Tensor, kwargs?: { training?: boolean }): unknown;
}

/** Each trainable weight once, with its parameter name. */
function namedWeights(model: LayersModelLike): readonly (readonly [string, RedirectableVariable])[] {
  const seen = new Set<number>();
  return model.layers.flatMap((layer, i) => {
    const weights = (layer.trainableWeights as unknown as RedirectableVariable[]).filter((w) => !seen.has(w.id) && seen.add(w.id));
    const short = weights.map((w) => w.name.slice(w.name.lastIndexOf('/') + 1));
    const distinct = new Set(short).size === short.length;
    return weights.map((w, j) => [`${i}.${distinct ? short[j]! : j}`, w] as const);
  });
}

/**
 * A {@link Layer} computing `model.apply(x)` with the model's trainable weights as parameters.
 *
 * @example
 * ```ts
 * import * as tfl from '@tensorflow/tfjs-layers';
 * const net = tfl.sequential({ layers: [tfl.layers.dense({ units: 16, inputShape: [4], activation: 'relu' }), tfl.layers.dense({ units: 2 })] });
 * function* guide(x: tf.Tensor) {
 *   const encode = yield* module('encoder', fromLayersModel(net)); // params 'encoder$$$0.kernel', …
 *   const out = encode(x);
 * }
 * ```
 * @category nn
 * @since 0.1.0
 */
export function fromLayersModel(model: LayersModelLike): Layer {
  if (model.layers.length === 0 || !model.layers.every((layer) => layer.built)) throw invalidArgument('fromLayersModel', 'model', 'must be built (give its first layer an inputShape)', 'an unbuilt model');
  const weights = namedWeights(model);
  return {
    params: Object.fromEntries(weights.map(([name, w]) => [name, () => tf.clone(w.read())])),
    bind: (given) => {
      const tensors = weights.map(([name, w]) => weightOf('fromLayersModel', given, name, w.shape.map((d) => d ?? -1)));
      return (x) => {
        const own = weights.map(([, w]) => w.val);
        weights.forEach(([, w], k) => {
          w.val = tensors[k]!;
        });
        try {
          const out = model.apply(x, { training: false });
          if (!(out instanceof tf.Tensor)) {
            throw invalidArgument('fromLayersModel', 'model', 'must map one tensor to one tensor', Array.isArray(out) ? `${out.length} outputs` : 'a symbolic output');
          }
          return out;
        } finally {
          weights.forEach(([, w], k) => {
            w.val = own[k]!;
          });
        }
      };
    },
  };
}
