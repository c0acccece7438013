/**
 * From one recorded run of the model to a graph the compiled potential evaluates: every tensor
 * is a value — a latent site, a constant (data, parameters, anything not computed from the
 * latents; its data captured once), or the output of a kernel computed from the latents. Only the
 * kernels on a path from a site to a density term are kept (the rest is dead code, e.g.
 * deterministic sites), each prepared as a JavaScript op; terms whose inputs are all constant are
 * summed once.
 *
 * @module
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { DensityKernel, WeightedKernel } from '../../../distributions/density/index.js';
import type { PreparedOp } from './op.js';
import { prepareOp } from './ops.js';
import type { Recording } from './record.js';

/** A live kernel call: its op and the value ids it reads and writes. */
export interface GraphNode {
  readonly kernel: string;
  readonly op: PreparedOp;
  readonly inputs: readonly number[];
  readonly output: number;
}

/**
 * A density term over value ids: its kernel's `evaluate` only (the graph must hold no tensor: it
 * leaves the tidy the recording ran in).
 */
export interface GraphTerm {
  readonly evaluate: DensityKernel['evaluate'];
  readonly weight: number;
  readonly inputs: readonly number[];
}

/**
 * The compiled graph: `sizes[v]` for every value; `constants[v]` the data of constant values;
 * value `v < numSites` is site `v`; `dependent[v]` whether `v` is computed from the sites.
 */
export interface Graph {
  readonly numSites: number;
  readonly sizes: readonly number[];
  readonly constants: readonly (Float64Array | undefined)[];
  readonly dependent: readonly boolean[];
  readonly nodes: readonly GraphNode[];
  readonly terms: readonly GraphTerm[];
  /** `Σ weight · term` over the terms with constant inputs. */
  readonly constantTotal: number;
}

/**
 * Build the graph of a recording whose latent sites had the values `sites` and whose result is
 * the model's density terms; a string says why it cannot be compiled.
 */
export function buildGraph(sites: readonly tf.Tensor[], recording: Recording<readonly WeightedKernel[]>): Graph | string {
  const sizes: number[] = [];
  const constants: (Float64Array | undefined)[] = [];
  const dependent: boolean[] = [];
  const producer: (number | undefined)[] = [];
  const ids = new Map<tf.Tensor, number>();
  const add = (size: number, data: Float64Array | undefined, dep: boolean, call: number | undefined): number => {
    sizes.push(size);
    constants.push(data);
    dependent.push(dep);
    producer.push(call);
    return sizes.length - 1;
  };
  sites.forEach((t) => ids.set(t, add(t.size, undefined, true, undefined)));
  const { calls } = recording;
  const callInputs = calls.map((call, c) => {
    const ins = call.inputs.map((t, j) => {
      const snapshot = call.snapshots[j];
      return snapshot === undefined ? ids.get(t)! : add(t.size, snapshot, false, undefined);
    });
    for (const out of call.outputs) ids.set(out, add(out.size, undefined, true, c)); // a new value even if a kernel hands back its input
    return ins;
  });
  const termInputs = recording.result.map((term) =>
    term.kernel.inputs.map((t) => (recording.dependent.has(t) ? ids.get(t)! : add(t.size, Float64Array.from(t.dataSync()), false, undefined))),
  );

  // liveness: from the terms back through the kernels
  const liveCalls = new Array<boolean>(calls.length).fill(false);
  const stack = termInputs.flat().filter((v) => dependent[v]);
  const seen = new Set(stack);
  while (stack.length > 0) {
    const c = producer[stack.pop()!];
    if (c === undefined || liveCalls[c]) continue;
    liveCalls[c] = true;
    for (const i of callInputs[c]!) {
      if (dependent[i] && !seen.has(i)) {
        seen.add(i);
        stack.push(i);
      }
    }
  }

  const nodes: GraphNode[] = [];
  for (let c = 0; c < calls.length; c++) {
    if (!liveCalls[c]) continue;
    const call = calls[c]!;
    if (call.outputs.length !== 1) return `kernel '${call.kernel}' has ${call.outputs.length} outputs`;
    if (call.outputs[0]!.dtype !== 'float32') return `kernel '${call.kernel}' computes a ${call.outputs[0]!.dtype} value from the latents`;
    const ins = callInputs[c]!;
    const op = prepareOp(call.kernel, {
      inputs: call.inputs.map((t) => t.shape),
      inputNames: call.inputNames,
      attrs: call.attrs,
      output: call.outputs[0]!.shape,
      constants: ins.map((i) => constants[i]),
    });
    if (op === undefined) return `kernel '${call.kernel}' (on a value computed from the latents) has no JavaScript version`;
    nodes.push({ kernel: call.kernel, op, inputs: ins, output: ids.get(call.outputs[0]!)! });
  }
  let constantTotal = 0;
  const terms: GraphTerm[] = [];
  recording.result.forEach((term, k) => {
    const ins = termInputs[k]!;
    if (ins.some((i) => dependent[i])) terms.push({ evaluate: term.kernel.evaluate, weight: term.weight, inputs: ins });
    else constantTotal += term.kernel.evaluate(ins.map((i) => constants[i]!), term.weight, undefined);
  });
  return { numSites: sites.length, sizes, constants, dependent, nodes, terms, constantTotal };
}
