/**
 * Moved to `lib/ops/fused/elementwise.ts` (the one fused-op toolkit); re-exported here until the
 * families that import it from this path are migrated.
 *
 * @module
 */
export { type ElementFn, fusedElementwise } from '../ops/fused/elementwise.js';
