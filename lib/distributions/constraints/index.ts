/**
 * Constraints: the {@link Constraint} interface and its helpers (constraint.ts), the basic
 * constraints (basic.ts), the structured ones (structured.ts) and the discrete vector supports
 * (discrete.ts), as flat exports. The `constraints` namespace object (namespace.ts) and
 * `bijectTo` (biject-to.ts) live beside them and are exported by the distributions module
 * itself.
 *
 * @module
 */
export { type Bound, type Constraint, checkEvents, makeConstraint, showBound } from './constraint.js';
export * from './basic.js';
export * from './structured.js';
export * from './discrete.js';
