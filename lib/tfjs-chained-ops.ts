/**
 * Installs tfjs's chained tensor methods (`x.reshape(…)`, `x.add(y)`, `x.sum()`, …).
 *
 * tfjs-core's typings declare these methods on every `Tensor`, but its Node bundle
 * (`dist/tf-core.node.js`, what `import '@tensorflow/tfjs-core'` loads) does not install
 * them — only the `@tensorflow/tfjs` union package does. Without this module, code that
 * type-checks fails at run time with "x.reshape is not a function". Each method calls the
 * op of the same name with `this` first, exactly as tfjs's own chained ops do; methods
 * already present are left alone.
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';
// The matching type declarations (tfjs ships them with its chained-op modules).
import type {} from '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js';

type Method = (this: tf.Tensor, ...args: unknown[]) => unknown;

/** Methods that are `op(this, ...args)` for the op of the same name. */
const SAME_NAME = [
  'abs', 'acos', 'acosh', 'add', 'all', 'any', 'argMax', 'argMin', 'asin', 'asinh', 'atan', 'atan2', 'atanh',
  'avgPool', 'batchToSpaceND', 'batchNorm', 'broadcastTo', 'cast', 'ceil', 'clipByValue', 'conv1d', 'conv2d',
  'conv2dTranspose', 'cos', 'cosh', 'cumprod', 'cumsum', 'depthToSpace', 'depthwiseConv2d', 'dilation2d', 'div',
  'divNoNan', 'dot', 'elu', 'equal', 'erf', 'euclideanNorm', 'exp', 'expandDims', 'expm1', 'floor', 'floorDiv',
  'gather', 'greater', 'greaterEqual', 'isFinite', 'isInf', 'isNaN', 'leakyRelu', 'less', 'lessEqual',
  'localResponseNormalization', 'log', 'log1p', 'logSigmoid', 'logSoftmax', 'logSumExp', 'logicalAnd', 'logicalNot',
  'logicalOr', 'logicalXor', 'matMul', 'max', 'maxPool', 'maximum', 'mean', 'min', 'minimum', 'mirrorPad', 'mod',
  'mul', 'neg', 'norm', 'notEqual', 'oneHot', 'onesLike', 'pad', 'pool', 'pow', 'prelu', 'prod', 'reciprocal',
  'relu', 'relu6', 'reshape', 'reverse', 'round', 'rsqrt', 'selu', 'separableConv2d', 'sigmoid', 'sign', 'sin',
  'sinh', 'slice', 'softmax', 'softplus', 'spaceToBatchND', 'split', 'sqrt', 'square', 'squaredDifference',
  'squeeze', 'step', 'stridedSlice', 'sub', 'sum', 'tan', 'tanh', 'tile', 'topk', 'transpose', 'unique',
  'unsortedSegmentSum', 'unstack', 'zerosLike',
] as const;

const NAMESPACED: Readonly<Record<string, object>> = {
  fft: tf.spectral,
  ifft: tf.spectral,
  rfft: tf.spectral,
  irfft: tf.spectral,
  resizeBilinear: tf.image,
  resizeNearestNeighbor: tf.image,
};

const reshapeTo = (shape: (t: tf.Tensor, args: readonly unknown[]) => number[]): Method =>
  function (this: tf.Tensor, ...args: unknown[]) {
    return tf.reshape(this, shape(this, args));
  };

const SPECIAL: Readonly<Record<string, Method>> = {
  as1D: reshapeTo((t) => [t.size]),
  as2D: reshapeTo((_, a) => a.slice(0, 2) as number[]),
  as3D: reshapeTo((_, a) => a.slice(0, 3) as number[]),
  as4D: reshapeTo((_, a) => a.slice(0, 4) as number[]),
  as5D: reshapeTo((_, a) => a.slice(0, 5) as number[]),
  asScalar: reshapeTo(() => []),
  flatten: reshapeTo((t) => [t.size]),
  reshapeAs: reshapeTo((_, a) => (a[0] as tf.Tensor).shape),
  asType(this: tf.Tensor, dtype: unknown) {
    return tf.cast(this, dtype as tf.DataType);
  },
  toBool(this: tf.Tensor) {
    return tf.cast(this, 'bool');
  },
  toFloat(this: tf.Tensor) {
    return tf.cast(this, 'float32');
  },
  toInt(this: tf.Tensor) {
    return tf.cast(this, 'int32');
  },
  concat(this: tf.Tensor, x: unknown, axis: unknown) {
    const others = x instanceof tf.Tensor ? [x] : (x as tf.Tensor[]);
    return tf.concat([this, ...others], axis as number | undefined);
  },
  stack(this: tf.Tensor, x: unknown, axis: unknown) {
    const others = x instanceof tf.Tensor ? [x] : (x as tf.Tensor[]);
    return tf.stack([this, ...others], axis as number | undefined);
  },
  where(this: tf.Tensor, condition: unknown, x: unknown) {
    return tf.where(condition as tf.Tensor, this, x as tf.Tensor);
  },
};

function delegate(owner: object, name: string): Method | undefined {
  const op = (owner as Record<string, unknown>)[name];
  if (typeof op !== 'function') return undefined;
  return function (this: tf.Tensor, ...args: unknown[]) {
    return (op as (...a: unknown[]) => unknown)(this, ...args);
  };
}

/**
 * Install the chained methods missing from `tf.Tensor.prototype`; returns how many were
 * installed (0 when they already exist, e.g. with the `@tensorflow/tfjs` union package).
 *
 * @category backend
 * @since 0.1.0
 */
export function installChainedOps(): number {
  const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
  const methods: [string, Method | undefined][] = [
    ...SAME_NAME.map((name): [string, Method | undefined] => [name, delegate(tf, name)]),
    ...Object.entries(NAMESPACED).map(([name, owner]): [string, Method | undefined] => [name, delegate(owner, name)]),
    ...Object.entries(SPECIAL),
  ];
  let installed = 0;
  for (const [name, method] of methods) {
    if (method === undefined || typeof proto[name] === 'function') continue;
    const checked = function (this: tf.Tensor, ...args: unknown[]) {
      if (this.isDisposed) throw new Error(`Tensor is disposed (called .${name}() on it).`);
      return method.apply(this, args);
    };
    Object.defineProperty(proto, name, { value: checked, writable: true, configurable: true });
    installed++;
  }
  return installed;
}

installChainedOps();
