/**
 * The MCMC.md workloads as runnable setups: the model, its arguments (float32 tensors), the data
 * checksums, the NUTS settings, and Pyro's measured figures to compare with.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { AnyModel } from '../../../lib/index.js';
import { float32Sum } from '../data.js';
import { PUMPS_T, PUMPS_X, SCHOOLS_SIGMA, SCHOOLS_Y, corrGauss, eightSchools, equicorrelatedScaleTril, funnelCentered, funnelNoncentered, logistic, logisticData, pumps } from './models.js';

/** Pyro 1.8.6's figures for a workload (MCMC.md). */
export interface PyroFigures {
  /** 4 × (500 + 1000): min ESS per second of sampling (per CPU-second where the run was loaded). */
  readonly essPerSecond4: number;
  /** 4 × (500 + 1000): min ESS per 1000 gradient evaluations. */
  readonly essPer1000Grads4: number;
  readonly essMin4: number;
  /** 1 × (1000 + 2000), idle: min ESS per second of sampling, ms per gradient in NUTS. */
  readonly essPerSecond1: number;
  readonly msPerGrad1: number;
}

/** A prepared workload. */
export interface McmcSetup {
  /** The model, exported under {@link McmcWorkload.exportName} from models.ts (for worker threads). */
  readonly model: AnyModel;
  readonly args: readonly unknown[];
  readonly checksums: Readonly<Record<string, number>>;
  readonly dispose: () => void;
}

/** One NUTS workload. */
export interface McmcWorkload {
  readonly name: string;
  /** The model's export in models.ts. */
  readonly exportName: string;
  /** NUTS with a dense mass matrix (Pyro's `full_mass=True`). */
  readonly fullMass: boolean;
  readonly pyro: PyroFigures | undefined;
  readonly prepare: () => McmcSetup;
}

const noData = (model: AnyModel): McmcSetup => ({ model, args: [], checksums: {}, dispose: () => undefined });

const corr = (d: number): McmcSetup => {
  const l = equicorrelatedScaleTril(d);
  return { model: corrGauss, args: [l], checksums: {}, dispose: () => l.dispose() };
};

const pyro = (essPerSecond4: number, essPer1000Grads4: number, essMin4: number, essPerSecond1: number, msPerGrad1: number): PyroFigures => ({
  essPerSecond4,
  essPer1000Grads4,
  essMin4,
  essPerSecond1,
  msPerGrad1,
});

export const MCMC_WORKLOADS: readonly McmcWorkload[] = [
  {
    name: 'eight_schools_noncentered',
    exportName: 'eightSchools',
    fullMass: false,
    pyro: pyro(47.3, 69.8, 2668, 70.9, 1.4),
    prepare: () => {
      const y = tf.tensor1d(SCHOOLS_Y);
      const sigma = tf.tensor1d(SCHOOLS_SIGMA);
      return { model: eightSchools, args: [y, sigma], checksums: { sum_y: float32Sum(SCHOOLS_Y), sum_sigma: float32Sum(SCHOOLS_SIGMA) }, dispose: () => tf.dispose([y, sigma]) };
    },
  },
  {
    name: 'logistic_regression',
    exportName: 'logistic',
    fullMass: false,
    pyro: pyro(64.0, 79.8, 2293, 77.8, 1.18),
    prepare: () => {
      const d = logisticData();
      const x = tf.tensor2d(Float32Array.from(d.x), [1000, 10]);
      const y = tf.tensor1d(Float32Array.from(d.y));
      return {
        model: logistic,
        args: [x, y],
        checksums: { sum_X: float32Sum(d.x), sum_w_true: float32Sum(d.wTrue), sum_y: float32Sum(d.y) },
        dispose: () => tf.dispose([x, y]),
      };
    },
  },
  { name: 'corr_gauss_2d', exportName: 'corrGauss', fullMass: false, pyro: pyro(11.8, 9.8, 567, 13.7, 0.64), prepare: () => corr(2) },
  { name: 'corr_gauss_50d', exportName: 'corrGauss', fullMass: false, pyro: pyro(0.1, 0.1, 3, 0.8, 0.44), prepare: () => corr(50) },
  { name: 'funnel_noncentered', exportName: 'funnelNoncentered', fullMass: false, pyro: pyro(338, 272, 7046, 361, 0.49), prepare: () => noData(funnelNoncentered) },
  { name: 'funnel_centered', exportName: 'funnelCentered', fullMass: false, pyro: pyro(1.2, 1.2, 113, 1.0, 0.88), prepare: () => noData(funnelCentered) },
  {
    name: 'hier_poisson_pumps',
    exportName: 'pumps',
    fullMass: false,
    pyro: pyro(39.8, 63.5, 2327, 56.3, 1.03),
    prepare: () => {
      const t = tf.tensor1d(PUMPS_T);
      const x = tf.tensor1d(PUMPS_X);
      return { model: pumps, args: [t, x], checksums: { sum_t: float32Sum(PUMPS_T), sum_x: float32Sum(PUMPS_X) }, dispose: () => tf.dispose([t, x]) };
    },
  },
  // the dense-mass runs of MCMC.md's third table (Pyro: min ESS/s 339 and 208, idle)
  { name: 'corr_gauss_2d_dense', exportName: 'corrGauss', fullMass: true, pyro: undefined, prepare: () => corr(2) },
  { name: 'corr_gauss_50d_dense', exportName: 'corrGauss', fullMass: true, pyro: undefined, prepare: () => corr(50) },
];

/** Pyro's dense-mass min ESS per second (MCMC.md, 4 × (500 + 1000), idle). */
export const PYRO_DENSE_ESS_PER_SECOND: Readonly<Record<string, number>> = { corr_gauss_2d_dense: 339, corr_gauss_50d_dense: 208 };

export const mcmcWorkloadNamed = (name: string): McmcWorkload | undefined => MCMC_WORKLOADS.find((w) => w.name === name);
