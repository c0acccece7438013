/**
 * Loads the reshaping wrappers (`Independent`, the generic expanded distribution, `mask`) so
 * that `toEvent`, `expand` and `mask` work on every family. Each family imports this module.
 *
 * @module
 */
import './independent.js';
import './expanded.js';
import './masked.js';
