import type * as tf from '@tensorflow/tfjs-core';
import { describe, expectTypeOf, it } from 'vitest';
import type { Module } from '../../lib/core/primitives.js';
import { Exp, Softplus, Tanh } from '../../lib/nn/activations.js';
import { bindModule } from '../../lib/nn/bind-module.js';
import { Dense } from '../../lib/nn/dense.js';
import { Net } from '../../lib/nn/net.js';
import { Parallel } from '../../lib/nn/parallel.js';
import { Serial } from '../../lib/nn/serial.js';

describe('types/nn', () => {
  it('types Parallel heads as a tuple or a record of their outputs', () => {
    expectTypeOf(Parallel(Dense(2, 1), Dense(2, 3))).toEqualTypeOf<Module<(x: tf.Tensor) => readonly [tf.Tensor, tf.Tensor]>>();
    expectTypeOf(Parallel({ loc: Dense(2, 1), scale: Serial(Dense(2, 1), Exp) })).toEqualTypeOf<
      Module<(x: tf.Tensor) => { readonly loc: tf.Tensor; readonly scale: tf.Tensor }>
    >();
  });

  it('types a Serial by what its last layer computes', () => {
    expectTypeOf(Serial(Dense(2, 4), Tanh, Dense(4, 1))).toEqualTypeOf<Module<(x: tf.Tensor) => tf.Tensor>>();
    const encoder = Serial(Dense(4, 8), Softplus, Parallel({ loc: Dense(8, 2), scale: Dense(8, 2) }));
    expectTypeOf(encoder).toEqualTypeOf<Module<(x: tf.Tensor) => { readonly loc: tf.Tensor; readonly scale: tf.Tensor }>>();
    // @ts-expect-error only the last layer may compute something other than a tensor
    Serial(Parallel(Dense(2, 2), Dense(2, 2)), Dense(2, 1));
  });

  it('hands Net forward its bound children and types the network by what forward returns', () => {
    const net = Net({ fc1: Dense(2, 3), heads: Parallel(Dense(3, 1), Dense(3, 1)), scale: () => null as unknown as tf.Tensor }, ({ fc1, heads, scale }) => {
      expectTypeOf(fc1).toEqualTypeOf<(x: tf.Tensor) => tf.Tensor>();
      expectTypeOf(heads).toEqualTypeOf<(x: tf.Tensor) => readonly [tf.Tensor, tf.Tensor]>();
      expectTypeOf(scale).toEqualTypeOf<tf.Tensor>();
      return (x: tf.Tensor) => heads(fc1(x))[0];
    });
    expectTypeOf(net).toEqualTypeOf<Module<(x: tf.Tensor) => tf.Tensor>>();
    expectTypeOf(bindModule('encoder', net, {})).toEqualTypeOf<(x: tf.Tensor) => tf.Tensor>();
  });
});
