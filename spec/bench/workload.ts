/**
 * What a benchmark workload is (shared/bench/WORKLOADS.md): its data with checksums, its SVI
 * setup (model, guide, optimizer, ELBO) over them, its posterior summary, and Pyro's reference
 * time per step.
 */
import type { ParamValues, SVIRunner } from '../../lib/index.js';

/** An SVI setup over prepared data. */
export interface WorkloadSetup {
  /** SVI over the model and guide, with the workload's optimizer and ELBO. */
  readonly svi: SVIRunner<readonly unknown[]>;
  /** The model's (and guide's) arguments. */
  readonly args: readonly unknown[];
  /** The arguments of step `i` (counted from the first warm-up step) when they change per step (mini-batches). */
  readonly argsAt?: (step: number) => readonly unknown[];
  /** The posterior summary from the constrained parameters at the end. */
  readonly posterior: (params: ParamValues) => Readonly<Record<string, number>>;
}

/** A workload's data, as tensors, with their checksums. */
export interface PreparedData {
  /** Float64 sums of the float32 data (WORKLOADS.md's checksums, and a few more). */
  readonly checksums: Readonly<Record<string, number>>;
  /** Build the guide and SVI (after the data: `tensors_after` counts what this holds). */
  readonly setup: () => WorkloadSetup;
  /** Release the data tensors. */
  readonly dispose: () => void;
}

/** One of the five workloads. */
export interface Workload {
  readonly name: string;
  /** Pyro 1.8.6's ms per step (median of 3, validation on; WORKLOADS.md). */
  readonly pyroMs: number;
  /** Pyro's ms per step with validation off. */
  readonly pyroMsNoValidation: number;
  readonly prepare: () => PreparedData;
}
