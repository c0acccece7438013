/**
 * Types for the generated bundle of tfjs-core's gradient configs (see
 * `spec/ops/tools/build-tfjs-gradients.ts`).
 */
import type { GradConfig } from '@tensorflow/tfjs-core';

/** Every gradient config that `@tensorflow/tfjs-core/dist/register_all_gradients.js` registers. */
export declare const gradConfigs: readonly GradConfig[];
