/**
 * The eleven configurations of shared/bench/SCALE.md with their protocol settings and Pyro
 * 1.8.6's figures on this machine kind (ms per step at one and two threads, loss_tail_mean).
 */
import type { PreparedData } from '../workload.js';
import { prepareLogreg } from './logreg.js';
import { prepareMvn } from './mvn.js';
import { prepareVae } from './vae.js';

/** One scale configuration. */
export interface ScaleConfig {
  readonly name: string;
  readonly workload: 'logreg' | 'mvn' | 'vae';
  readonly warmup: number;
  readonly steps: number;
  readonly repeats: number;
  readonly pyroMs1: number;
  readonly pyroMs2: number;
  readonly pyroLoss: number;
  readonly prepare: () => PreparedData;
}

const config = (
  name: string,
  workload: ScaleConfig['workload'],
  [warmup, steps, repeats]: readonly [number, number, number],
  [pyroMs1, pyroMs2, pyroLoss]: readonly [number, number, number],
  prepare: () => PreparedData,
): ScaleConfig => ({ name, workload, warmup, steps, repeats, pyroMs1, pyroMs2, pyroLoss, prepare });

export const SCALE_CONFIGS: readonly ScaleConfig[] = [
  config('logreg_n1e3', 'logreg', [100, 100, 5], [1.99, 1.67, 394.1], () => prepareLogreg(1e3)),
  config('logreg_n1e4', 'logreg', [100, 100, 5], [1.72, 1.83, 3785], () => prepareLogreg(1e4)),
  config('logreg_n1e5', 'logreg', [20, 20, 5], [4.97, 3.37, 41007], () => prepareLogreg(1e5)),
  config('logreg_n1e6', 'logreg', [5, 5, 3], [20.5, 15.5, 561819], () => prepareLogreg(1e6)),
  config('logreg_n1e6_sub1024', 'logreg', [100, 100, 5], [11.7, 13.9, 377686], () => prepareLogreg(1e6, 1024)),
  config('mvn_d10', 'mvn', [100, 100, 5], [1.43, 1.6, 14.4], () => prepareMvn(10)),
  config('mvn_d50', 'mvn', [100, 100, 5], [1.47, 1.64, 74.86], () => prepareMvn(50)),
  config('mvn_d200', 'mvn', [50, 50, 5], [2.26, 2.35, 396.2], () => prepareMvn(200)),
  config('mvn_d500', 'mvn', [30, 20, 5], [10.8, 5.83, 1288], () => prepareMvn(500)),
  config('vae_400', 'vae', [10, 10, 3], [10.3, 7.88, 48090], () => prepareVae(400, 20)),
  config('vae_100', 'vae', [20, 20, 3], [7.19, 4.25, 43454], () => prepareVae(100, 10)),
];

/** The scale configuration named `name`, or undefined. */
export const scaleConfigNamed = (name: string): ScaleConfig | undefined => SCALE_CONFIGS.find((c) => c.name === name);
