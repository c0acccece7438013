/**
 * Small functional networks whose weights become parameters through `module(name, net)`:
 * `Dense`, activations, `Serial`, initializers, and `fromLayersModel` for tfjs-layers models.
 *
 * @module
 */
export { Elu, Identity, Relu, Sigmoid, Softplus, Tanh } from './activations.js';
export { Dense, type DenseOptions } from './dense.js';
export { glorotUniform, heUniform, lecunUniform, torchUniform, zerosInit, type Initializer } from './init.js';
export type { Layer } from './layer.js';
export { type LayersModelLike, fromLayersModel } from './layers-model.js';
export { Serial } from './serial.js';
