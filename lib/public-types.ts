/**
 * The types that public signatures mention, exported so that users can name them (and so
 * that the API reference documents them): effect messages and effects, the dim-name type
 * machinery of the shape-safe types, and the constraint and parameter types of the families.
 *
 * @module
 */
export type { DeterministicMessage, ParamMessage, PlateMessage } from './core/effect.js';
export type { DeterministicEffect, IsObserved, ParamEffect, PlateBody, SampleEffect, SampleObs } from './core/primitives.js';
export type { AlignedDims, BroadcastDims, ConcatDims, ExpandDims, Frames, ObservedValue, ParamBatch, ParamDims, PlateTag, ToEventCount, ToEventDims, UnnamedDims } from './core/dims.js';
export type { ConditionData, GuideProblem, InPlate, PlacedBatch, RequiredLatentNames, SiteAt, SubstituteData } from './core/site-types.js';
export type { Bound } from './distributions/constraints/constraint.js';
export type { GreaterThan, GreaterThanEq, IndependentConstraint, IntegerInterval, Interval, LessThan } from './distributions/constraints/basic.js';
export type { ProbsOrLogitsParam } from './distributions/families/discrete/probs-logits.js';
export type { Capacitance } from './distributions/families/multivariate/low-rank-multivariate-normal.js';
export type { MvnGiven } from './distributions/families/multivariate/multivariate-normal.js';
