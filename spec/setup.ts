// Every test worker starts on the cpu backend with tfjs's Node warning silenced.
import { useBackend } from '../lib/backend.js';

await useBackend('cpu');
