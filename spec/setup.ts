// Every test worker starts on the cpu backend with tfjs's Node warning silenced, and runs the
// fast-check properties from a fixed seed so CI is deterministic. To explore other inputs, set
// FC_SEED (an integer, or "random" for a fresh seed per run).
import fc from 'fast-check';
import { useBackend } from '../lib/backend.js';

const seedSetting = process.env.FC_SEED;
if (seedSetting !== 'random') {
  fc.configureGlobal({ seed: seedSetting === undefined ? 20261121 : Number.parseInt(seedSetting, 10) });
}

await useBackend('cpu');
