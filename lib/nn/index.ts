/**
 * Small functional networks whose weights become parameters through `module(name, net)`:
 * `Dense`, activations, the combinators `Serial`, `Parallel` and `Net` (named sub-modules,
 * weights named by path as torch's), initializers, `bindModule` (a trained network outside the
 * model), and `fromLayersModel` for tfjs-layers models.
 *
 * @module
 */
export { Elu, Exp, Identity, Relu, Sigmoid, Softplus, Tanh } from './activations.js';
export { AutoRegressiveNN, type AutoRegressiveNNOptions, type AutoRegressiveNet, type MaskedLayer, madeMasks } from './auto-regressive-nn.js';
export { bindModule } from './bind-module.js';
export { Dense, type DenseOptions } from './dense.js';
export { glorotUniform, heUniform, lecunUniform, torchUniform, zerosInit, type Initializer } from './init.js';
export type { Layer } from './layer.js';
export { type LayersModelLike, fromLayersModel } from './layers-model.js';
export { Net, type BoundChildren, type NetChild } from './net.js';
export { Parallel } from './parallel.js';
export { Serial } from './serial.js';
