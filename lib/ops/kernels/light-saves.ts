/**
 * Lighter saved tensors for first-order gradients.
 *
 * tfjs keeps every tensor a gradient needs (`inputsToSave` / `outputsToSave`) by *cloning* it:
 * an `Identity` kernel plus a tape node, so that a higher-order gradient can link the copy back
 * to the original. In a first-order gradient (an SVI step) that link is never followed, and the
 * clone costs a kernel dispatch (~2–4 µs) for each of the dozens of saved tensors of a step.
 * With this installed, while only a first-order gradient is being recorded (gradient depth 1)
 * a saved tensor is a new reference to the same data (what `Identity` does on cpu and wasm,
 * without the dispatch and the tape node); under nested gradients tfjs's clone runs as before.
 *
 * It replaces one method of the tfjs engine instance (tfjs-core 4.x; pinned by
 * `spec/ops/kernels/light-saves.spec.ts`).
 *
 * @module
 */
import * as tf from '@tensorflow/tfjs-core';

interface DataBackend {
  incRef(dataId: unknown): void;
}

interface EngineWithSaves {
  readonly state: { readonly gradientDepth: number; readonly tensorInfo: { get(dataId: unknown): { readonly backend: DataBackend } | undefined } };
  saveTensorsForBackwardMode(tensors: tf.Tensor[]): tf.Tensor[];
  makeTensorFromTensorInfo(info: { dataId: unknown; shape: number[]; dtype: tf.DataType }, backend?: DataBackend): tf.Tensor;
  keep<T extends tf.Tensor>(t: T): T;
}

const MARK = Symbol('ignis.lightSaves');

/**
 * Install the light saves on the tfjs engine (idempotent); returns whether it did.
 * @internal
 */
export function installLightSaves(): boolean {
  const engine = tf.engine() as unknown as EngineWithSaves & { [MARK]?: true };
  if (engine[MARK] === true) return false;
  const original = engine.saveTensorsForBackwardMode.bind(engine);
  engine.saveTensorsForBackwardMode = (tensors: tf.Tensor[]): tf.Tensor[] => {
    if (engine.state.gradientDepth > 1) return original(tensors);
    return tensors.map((t) => {
      const backend = engine.state.tensorInfo.get(t.dataId)?.backend;
      if (backend === undefined) return original([t])[0]!;
      const copy = engine.makeTensorFromTensorInfo({ dataId: t.dataId, shape: t.shape, dtype: t.dtype }, backend);
      backend.incRef(t.dataId);
      return engine.keep(copy);
    });
  };
  Object.defineProperty(engine, MARK, { value: true });
  return true;
}
