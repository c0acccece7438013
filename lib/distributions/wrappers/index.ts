/**
 * Loads the reshaping wrappers (`Independent`, the generic expanded distribution, `mask`) so
 * that `toEvent`, `expand` and `mask` work on every family. Each family imports this module.
 * The folder's other wrapper, `TransformedDistribution` (transformed.ts), is not loaded here:
 * families do not need it.
 *
 * @module
 */
import './independent.js';
import './expanded.js';
import './masked.js';
