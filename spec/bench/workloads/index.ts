/** The five benchmark workloads, by name, in WORKLOADS.md's order. */
import type { Workload } from '../workload.js';
import { amortizedMvn } from './amortized-mvn.js';
import { hierSubsample } from './hier-subsample.js';
import { linregMeanfield, linregMvn } from './linreg.js';
import { seedMvn } from './seed-mvn.js';

export const WORKLOADS: readonly Workload[] = [seedMvn, linregMvn, linregMeanfield, amortizedMvn, hierSubsample];

/** The workload named `name`, or undefined. */
export const workloadNamed = (name: string): Workload | undefined => WORKLOADS.find((w) => w.name === name);
